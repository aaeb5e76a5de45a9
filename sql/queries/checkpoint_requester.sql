-- Step 9 of a row's journey (docs/ARCHITECTURE.md): forgets a requester Dixa no longer knows.
-- Checkpoint: the Dixa end user ($3) this row's conversation belongs to. NULL forgets a stale one.
-- binds: $1 id, $2 lease_token, $3 requester_id
UPDATE dixa_outbox SET requester_id = $3, updated_at = now()
WHERE id = $1 AND lease_token = $2
RETURNING id;
