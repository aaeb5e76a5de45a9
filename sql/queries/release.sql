-- Step 13 of a row's journey (docs/ARCHITECTURE.md).
-- Hands row $1 back without burning an attempt (configuration halt, rate limit, shutdown):
-- the claim's increment is undone and the row is due again after $8 milliseconds.
-- $3 worker, $4 attempt start, $5 Dixa calls, $6 reason code, $7 message.
-- binds: $1 id, $2 lease_token, $3 worker, $4 started_at, $5 dixa_calls, $6 error_code, $7 message, $8 delay_ms, $9 rate_limited
WITH released AS (
    UPDATE dixa_outbox
    SET state = 'pending', attempts = greatest(attempts - 1, 0),
        run_at = now() + $8 * interval '1 millisecond', updated_at = now(),
        lease_token = NULL, lease_owner = NULL, lease_expires_at = NULL,
        last_error = $7, last_error_code = $6
    WHERE id = $1 AND lease_token = $2
    RETURNING id, attempts
)
INSERT INTO dixa_outbox_attempts (outbox_id, attempt, worker, started_at, outcome, error_code, message, dixa_calls, rate_limited)
SELECT id, attempts + 1, $3, $4, 'released', $6, $7, $5, $9 FROM released
RETURNING outbox_id;
