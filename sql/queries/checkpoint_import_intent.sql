-- Step 8 of a row's journey (docs/ARCHITECTURE.md).
-- Checkpoint written BEFORE the import request: if the answer is lost, the next attempt sees
-- import_sent_at and reconciles against Dixa instead of importing a second time.
-- $3 the requester the import names, $4 the createdAt it carries.
-- binds: $1 id, $2 lease_token, $3 requester_id, $4 import_created_at
UPDATE dixa_outbox SET requester_id = $3, import_created_at = $4, import_sent_at = now(), updated_at = now()
WHERE id = $1 AND lease_token = $2
RETURNING id;
