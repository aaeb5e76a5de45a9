-- Serialises resolving one identity ($1 = kind:value) across every worker process until the
-- transaction ends, so two rows of the same new requester create one Dixa end user, not two.
SELECT pg_advisory_xact_lock(hashtext('dixa-importer:end-user:' || $1));
