-- Checkpoint: the Dixa end user ($3) this row's conversation belongs to. NULL forgets a stale one.
UPDATE dixa_outbox SET requester_id = $3, updated_at = now()
WHERE id = $1 AND lease_token = $2
RETURNING id;
