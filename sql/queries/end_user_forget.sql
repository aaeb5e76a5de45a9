-- Step 9 of a row's journey (docs/ARCHITECTURE.md).
-- Dixa said tenant $1's end user $2 does not exist: drop every cached identity that points to it.
-- binds: $1 tenant, $2 requester_id
DELETE FROM dixa_end_users WHERE tenant = $1 AND requester_id = $2;
