-- Step 9 of a row's journey (docs/ARCHITECTURE.md).
-- Dixa said the end user $1 does not exist: drop every cached identity that points to it.
-- binds: $1 requester_id
DELETE FROM dixa_end_users WHERE requester_id = $1;
