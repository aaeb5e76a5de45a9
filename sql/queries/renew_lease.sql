-- Extends the lease of a row still being worked on by $3 milliseconds from now; no row back means lost.
UPDATE dixa_outbox SET lease_expires_at = now() + $3 * interval '1 millisecond'
WHERE id = $1 AND lease_token = $2
RETURNING id;
