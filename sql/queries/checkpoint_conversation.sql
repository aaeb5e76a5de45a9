-- Steps 7 and 9 of a row's journey (docs/ARCHITECTURE.md).
-- Checkpoint: the conversation Dixa created (or that reconciliation adopted).
-- binds: $1 id, $2 lease_token, $3 conversation_id
UPDATE dixa_outbox SET conversation_id = $3, updated_at = now()
WHERE id = $1 AND lease_token = $2
RETURNING id;
