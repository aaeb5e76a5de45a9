-- Step 13 of a row's journey (docs/ARCHITECTURE.md), for one row.
-- Marks row $1 imported and logs the attempt, in one statement so neither can happen alone.
-- $3 worker, $4 attempt start, $5 Dixa calls made in this attempt, $6 of them answered 429.
-- binds: $1 id, $2 lease_token, $3 worker, $4 started_at, $5 dixa_calls, $6 rate_limited
WITH done AS (
    UPDATE dixa_outbox
    SET state = 'imported', imported_at = now(), updated_at = now(),
        lease_token = NULL, lease_owner = NULL, lease_expires_at = NULL,
        last_error = NULL, last_error_code = NULL
    WHERE id = $1 AND lease_token = $2
    RETURNING id, attempts
)
INSERT INTO dixa_outbox_attempts (outbox_id, attempt, worker, started_at, outcome, dixa_calls, rate_limited)
SELECT id, attempts, $3, $4, 'imported', $5, $6 FROM done
RETURNING outbox_id;
