-- Step 3 of a row's journey (docs/ARCHITECTURE.md).
-- Claims up to $1 due rows for worker $2 with a lease of $3 milliseconds and the lease token $4, which the worker
-- chose: every row of one claim carries it, so a claim whose answer was lost can be handed back by that token
-- (release_claim.sql) instead of waiting for its lease to run out. A token is never used for two claims.
-- Due means pending with run_at reached, or running with an expired lease (its worker died).
-- Escalations come first: a person is waiting on each. Each CTE reads its own partial index.
-- SKIP LOCKED lets concurrent workers claim disjoint rows without waiting on each other.
-- Only rows of tenants in $5 are claimed: the worker leaves out tenants that are disabled, halted or not configured.
-- binds: $1 limit, $2 worker, $3 lease_ms, $4 lease_token, $5 tenants
WITH escalations AS (
    SELECT id FROM dixa_outbox
    WHERE state = 'pending' AND kind = 'escalate' AND run_at <= now() AND tenant = ANY($5::text[])
    ORDER BY run_at, id
    LIMIT $1
    FOR UPDATE SKIP LOCKED
), pending AS (
    SELECT id FROM dixa_outbox
    WHERE state = 'pending' AND run_at <= now() AND tenant = ANY($5::text[])
    ORDER BY run_at, id
    LIMIT $1
    FOR UPDATE SKIP LOCKED
), expired AS (
    SELECT id FROM dixa_outbox
    WHERE state = 'running' AND lease_expires_at < now() AND tenant = ANY($5::text[])
    ORDER BY lease_expires_at
    LIMIT $1
    FOR UPDATE SKIP LOCKED
), due AS (
    SELECT id FROM escalations
    UNION ALL
    SELECT id FROM expired
    UNION ALL
    SELECT id FROM pending WHERE id NOT IN (SELECT id FROM escalations)
    LIMIT $1
)
UPDATE dixa_outbox AS o
SET state = 'running',
    attempts = o.attempts + 1,
    lease_token = $4,
    lease_owner = $2,
    lease_expires_at = now() + $3 * interval '1 millisecond',
    updated_at = now()
FROM due
WHERE o.id = due.id
RETURNING o.id, o.tenant, o.source_key, o.kind, o.transcript::text, o.attempts, o.max_attempts, o.lease_token,
    o.requester_id, o.import_created_at, o.import_sent_at, o.conversation_id, o.attributes_done_at,
    o.transferred_at, o.id IN (SELECT id FROM expired) AS reclaimed;
