-- Records the outcome of reopen request $1: state $2 ('done', 'pending' to retry after $4 ms, or 'dead'),
-- with error $3.
-- binds: $1 id, $2 state, $3 last_error, $4 delay_ms
UPDATE dixa_reopen_requests
SET state = $2,
    last_error = $3,
    run_at = now() + $4 * interval '1 millisecond',
    lease_expires_at = NULL,
    done_at = CASE WHEN $2 = 'done' THEN now() END
WHERE id = $1 AND state = 'running';
