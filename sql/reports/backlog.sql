-- Report: backlog. What is waiting, and for how long?
-- Rows per tenant and state; for pending rows, how many are due now and how old the oldest due one is, how many wait
-- for a retry and when the next one falls due; for running rows, how many leases have expired (a worker died). Every
-- tenant lists every state; a tenant of its own with -v tenant=NAME (--tenant NAME).
-- Run: psql "$DATABASE_URL" -f sql/reports/backlog.sql   or   dixa-importer report backlog [--tenant NAME]
\if :{?tenant}
\else
\set tenant ''
\endif
SELECT t.name AS tenant,
    s.state,
    count(o.id)::text AS rows,
    count(o.id) FILTER (WHERE o.state = 'pending' AND o.run_at <= now())::text AS due_now,
    coalesce(date_trunc('second', now() - min(o.run_at) FILTER (WHERE o.state = 'pending' AND o.run_at <= now()))::text, '') AS oldest_due_age,
    count(o.id) FILTER (WHERE o.state = 'pending' AND o.run_at > now())::text AS waiting_on_retry,
    coalesce(to_char(min(o.run_at) FILTER (WHERE o.state = 'pending' AND o.run_at > now()), 'YYYY-MM-DD HH24:MI:SS TZ'), '') AS next_retry_at,
    count(o.id) FILTER (WHERE o.state = 'running' AND o.lease_expires_at < now())::text AS expired_leases
FROM (SELECT name FROM dixa_tenants UNION SELECT DISTINCT tenant FROM dixa_outbox) AS t
CROSS JOIN unnest(ARRAY['pending', 'running', 'imported', 'dead']) WITH ORDINALITY AS s(state, position)
LEFT JOIN dixa_outbox o ON o.tenant = t.name AND o.state = s.state
WHERE :'tenant' = '' OR t.name = :'tenant'
GROUP BY t.name, s.state, s.position
ORDER BY t.name <> 'default', t.name, s.position;
