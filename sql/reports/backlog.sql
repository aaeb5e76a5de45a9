-- Report: backlog. What is waiting, and for how long?
-- Rows per state; for pending rows, how many are due now and how old the oldest due one is, how many wait for a
-- retry and when the next one falls due; for running rows, how many leases have expired (a worker died).
-- Run: psql "$DATABASE_URL" -f sql/reports/backlog.sql   or   dixa-importer report backlog
SELECT s.state,
    count(o.id)::text AS rows,
    count(o.id) FILTER (WHERE o.state = 'pending' AND o.run_at <= now())::text AS due_now,
    coalesce(date_trunc('second', now() - min(o.run_at) FILTER (WHERE o.state = 'pending' AND o.run_at <= now()))::text, '') AS oldest_due_age,
    count(o.id) FILTER (WHERE o.state = 'pending' AND o.run_at > now())::text AS waiting_on_retry,
    coalesce(to_char(min(o.run_at) FILTER (WHERE o.state = 'pending' AND o.run_at > now()), 'YYYY-MM-DD HH24:MI:SS TZ'), '') AS next_retry_at,
    count(o.id) FILTER (WHERE o.state = 'running' AND o.lease_expires_at < now())::text AS expired_leases
FROM unnest(ARRAY['pending', 'running', 'imported', 'dead']) WITH ORDINALITY AS s(state, position)
LEFT JOIN dixa_outbox o ON o.state = s.state
GROUP BY s.state, s.position
ORDER BY s.position;
