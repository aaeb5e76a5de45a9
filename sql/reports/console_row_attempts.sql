-- Console: a row's attempts, oldest first (dixa_outbox_attempts_outbox (outbox_id, id)).
-- binds: $1 id, $2 limit
SELECT attempt, worker, started_at, finished_at, outcome, error_code, http_status, message, dixa_calls, rate_limited
FROM dixa_outbox_attempts
WHERE outbox_id = $1
ORDER BY id
LIMIT $2;
