-- Step 3: claims up to $1 due rows for worker $2 with a lease of $3 milliseconds and the lease token $4, which the
-- worker chose: every row of one claim carries it, so a claim whose answer was lost can be handed back by that token
-- (release_claim.sql) instead of waiting for its lease to run out. A token is never used for two claims.
--
-- The worker offers tenants $5, in the order they take turns, each with at most $6 rows (its share of the batch, less
-- what it has in flight). A tenant whose budget is shared ($7, the budget key; NULL when paced in-process) gets no
-- more rows than its budget has slots for within $9 milliseconds (one slot every $8 ms), as dixa_rate_budget says
-- ('' for a key: paced in-process, no such limit):
-- a tenant whose budget is spent for the next seconds costs the others nothing. Within a tenant escalations come
-- first, then live rows, then backfill (dixa_outbox_priority); across tenants the rows are taken in turns: every
-- offered tenant's first row before any tenant's second. Each tenant is one probe of dixa_outbox_due_by_tenant, so the
-- claim costs what the batch costs, however many rows wait. Rows whose lease expired (their worker died) are taken
-- back first. SKIP LOCKED lets concurrent workers claim disjoint rows without waiting on each other.
-- binds: $1 limit, $2 worker, $3 lease_ms, $4 lease_token, $5 tenants, $6 quotas, $7 budget_keys, $8 intervals_ms, $9 windows_ms
WITH offered AS (
    SELECT t.tenant, t.position,
        CASE
            WHEN b.theoretical_arrival IS NULL THEN t.quota
            ELSE least(t.quota, greatest(0, floor(
                (t.window_ms - greatest(0, extract(epoch FROM b.theoretical_arrival - clock_timestamp()) * 1000)) / t.interval_ms
            )))::int
        END AS quota
    FROM unnest($5::text[], $6::int[], $7::text[], $8::float8[], $9::float8[])
        WITH ORDINALITY AS t (tenant, quota, budget_key, interval_ms, window_ms, position)
    LEFT JOIN dixa_rate_budget AS b ON b.budget_key = nullif(t.budget_key, '')
), candidates AS (
    SELECT c.id, c.priority, o.position,
        row_number() OVER (PARTITION BY o.tenant ORDER BY c.priority, c.run_at, c.id) AS turn
    FROM offered AS o
    CROSS JOIN LATERAL (
        SELECT d.id, d.run_at, dixa_outbox_priority(d.kind, d.lane) AS priority
        FROM dixa_outbox AS d
        WHERE d.tenant = o.tenant AND d.state = 'pending' AND d.run_at <= now()
        ORDER BY dixa_outbox_priority(d.kind, d.lane), d.run_at, d.id
        LIMIT o.quota
        FOR UPDATE SKIP LOCKED
    ) AS c
    WHERE o.quota > 0
), expired AS (
    SELECT id FROM dixa_outbox
    WHERE state = 'running' AND lease_expires_at < now() AND tenant = ANY($5::text[])
    ORDER BY lease_expires_at
    LIMIT $1
    FOR UPDATE SKIP LOCKED
), due AS (
    SELECT id FROM expired
    UNION ALL
    (SELECT id FROM candidates ORDER BY turn, priority, position LIMIT $1)
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
    o.transferred_at, o.id IN (SELECT id FROM expired) AS reclaimed, o.lane;
