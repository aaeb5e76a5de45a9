-- Claims up to $1 due reopen requests for $2 milliseconds: pending ones whose time has come, and running
-- ones whose worker died (their lease ran out), of the tenants in $3. Reopening twice is harmless, so there is no
-- lease token.
-- binds: $1 limit, $2 lease_ms, $3 tenants
WITH due AS (
    SELECT id FROM dixa_reopen_requests
    WHERE ((state = 'pending' AND run_at <= now()) OR (state = 'running' AND lease_expires_at < now()))
        AND tenant = ANY($3::text[])
    ORDER BY run_at, id
    LIMIT $1
    FOR UPDATE SKIP LOCKED
)
UPDATE dixa_reopen_requests AS r
SET state = 'running', attempts = r.attempts + 1, lease_expires_at = now() + $2 * interval '1 millisecond'
FROM due
WHERE r.id = due.id
RETURNING r.id, r.tenant, r.conversation_id, r.attempts;
