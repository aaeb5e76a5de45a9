-- Step 10 of a row's journey (docs/ARCHITECTURE.md).
-- Checkpoint: custom attributes were patched (or there was nothing patchable).
-- binds: $1 id, $2 lease_token
UPDATE dixa_outbox SET attributes_done_at = now(), updated_at = now()
WHERE id = $1 AND lease_token = $2
RETURNING id;
