-- postgres-nio speaks only the extended protocol, one statement per query; a migration file holds
-- many. PL/pgSQL's EXECUTE runs a whole script, which is passed in as a bound parameter.
-- binds: none
CREATE OR REPLACE FUNCTION dixa_run_migration(script text) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE script;
END;
$$;
