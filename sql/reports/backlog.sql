-- Report: backlog. What is waiting, and for how long?
-- Rows per tenant, lane (live, backfill) and state; for pending rows, how many are due now, how old the oldest due
-- one is, and how long the due ones take at the tenant's budget (a stored tenant's rate_limit, else -v rate_limit=R,
-- the default tenant's --rate-limit, 10 requests/s unless given; one request a row, the least a row costs); how many
-- wait for a retry and when the next one falls due; for running rows, how many leases have expired (a worker died).
-- A tenant of its own with -v tenant=NAME (--tenant NAME).
-- Run: psql "$DATABASE_URL" -f sql/reports/backlog.sql   or   dixa-importer report backlog [--tenant NAME]
\if :{?tenant}
\else
\set tenant ''
\endif
\if :{?rate_limit}
\else
\set rate_limit 10
\endif
SELECT t.name AS tenant,
    l.lane,
    s.state,
    count(o.id)::text AS rows,
    count(o.id) FILTER (WHERE o.state = 'pending' AND o.run_at <= now())::text AS due_now,
    coalesce(date_trunc('second', now() - min(o.run_at) FILTER (WHERE o.state = 'pending' AND o.run_at <= now()))::text, '') AS oldest_due_age,
    CASE WHEN s.state = 'pending' THEN date_trunc('second',
        count(o.id) FILTER (WHERE o.state = 'pending' AND o.run_at <= now()) / coalesce(t.rate_limit, (:'rate_limit')::double precision) * interval '1 second')::text
    ELSE '' END AS drain_at_budget,
    count(o.id) FILTER (WHERE o.state = 'pending' AND o.run_at > now())::text AS waiting_on_retry,
    coalesce(to_char(min(o.run_at) FILTER (WHERE o.state = 'pending' AND o.run_at > now()), 'YYYY-MM-DD HH24:MI:SS TZ'), '') AS next_retry_at,
    count(o.id) FILTER (WHERE o.state = 'running' AND o.lease_expires_at < now())::text AS expired_leases
FROM (
    SELECT name, rate_limit FROM dixa_tenants
    UNION
    SELECT DISTINCT tenant, NULL::double precision FROM dixa_outbox WHERE tenant NOT IN (SELECT name FROM dixa_tenants)
) AS t
CROSS JOIN unnest(ARRAY['live', 'backfill']) WITH ORDINALITY AS l(lane, lane_position)
CROSS JOIN unnest(ARRAY['pending', 'running', 'imported', 'dead']) WITH ORDINALITY AS s(state, position)
LEFT JOIN dixa_outbox o ON o.tenant = t.name AND o.lane = l.lane AND o.state = s.state
WHERE :'tenant' = '' OR t.name = :'tenant'
GROUP BY t.name, t.rate_limit, l.lane, l.lane_position, s.state, s.position
ORDER BY t.name <> 'default', t.name, l.lane_position, s.position;
