-- Step 6 of a row's journey (docs/ARCHITECTURE.md).
-- Serialises resolving identities ($2 = kind:value each) of tenant $1 across every worker process until the
-- transaction ends, so two rows of the same new requester create one Dixa end user, not two.
-- The locks are taken in sorted order, the same in every process, so two resolutions never deadlock.
-- binds: $1 tenant, $2 identities
SELECT pg_advisory_xact_lock(hashtext('dixa-importer:end-user:' || $1::text || ':' || k))
FROM (SELECT DISTINCT k FROM unnest($2::text[]) AS k ORDER BY k) AS sorted;
