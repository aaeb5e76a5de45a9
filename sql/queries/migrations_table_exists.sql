-- Whether the migrations' tracking table exists yet: `pending` lists every migration when it does not.
-- binds: none
SELECT to_regclass('dixa_schema_migrations') IS NOT NULL;
