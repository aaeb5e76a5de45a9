-- Step 5 of a row's journey (docs/ARCHITECTURE.md).
-- Extends the lease of a row still being worked on by $3 milliseconds from now; no row back means lost.
-- binds: $1 id, $2 lease_token, $3 lease_ms
UPDATE dixa_outbox SET lease_expires_at = now() + $3 * interval '1 millisecond'
WHERE id = $1 AND lease_token = $2
RETURNING id;
