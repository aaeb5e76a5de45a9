-- Step 13 of a row's journey (docs/ARCHITECTURE.md).
-- Schedules row $1 again after $8 milliseconds and logs the failed attempt.
-- $3 worker, $4 attempt start, $5 Dixa calls, $6 error code, $7 message, $9 HTTP status.
-- binds: $1 id, $2 lease_token, $3 worker, $4 started_at, $5 dixa_calls, $6 error_code, $7 message, $8 delay_ms, $9 http_status, $10 rate_limited
WITH failed AS (
    UPDATE dixa_outbox
    SET state = 'pending', run_at = now() + $8 * interval '1 millisecond', updated_at = now(),
        lease_token = NULL, lease_owner = NULL, lease_expires_at = NULL,
        last_error = $7, last_error_code = $6
    WHERE id = $1 AND lease_token = $2
    RETURNING id, attempts
)
INSERT INTO dixa_outbox_attempts (outbox_id, attempt, worker, started_at, outcome, error_code, http_status, message, dixa_calls, rate_limited)
SELECT id, attempts, $3, $4, 'retry', $6, $9, $7, $5, $10 FROM failed
RETURNING outbox_id;
