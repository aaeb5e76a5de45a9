-- Serialises concurrent `migrate` runs: the second waits, then finds nothing left to apply.
-- binds: none
SELECT pg_advisory_xact_lock(hashtext('dixa-importer:migrate'));
