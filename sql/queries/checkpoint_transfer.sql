-- Step 11 of a row's journey (docs/ARCHITECTURE.md).
-- Checkpoint: the escalated conversation $3 was transferred to queue $4 (Dixa answered 204).
-- binds: $1 id, $2 lease_token, $3 conversation_id, $4 queue_id
UPDATE dixa_outbox SET transferred_at = now(), transferred_queue_id = $4, updated_at = now()
WHERE id = $1 AND lease_token = $2 AND conversation_id = $3
RETURNING id;
