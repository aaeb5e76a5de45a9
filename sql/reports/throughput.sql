-- Report: throughput and latency. How fast do conversations get into Dixa, at what cost?
-- Per hour of import (over a chosen period): conversations imported; p50, p95 and p99 of INSERT → imported;
-- attempts per row; Dixa calls per conversation (every attempt of the row counted). One tenant's with
-- -v tenant=NAME (--tenant NAME).
-- Run: psql "$DATABASE_URL" -v since='24 hours' -f sql/reports/throughput.sql   (since defaults to 24 hours)
--      dixa-importer report throughput --since '24 hours' [--tenant NAME]
\if :{?since}
\else
\set since '24 hours'
\endif
\if :{?tenant}
\else
\set tenant ''
\endif
WITH imported AS (
    SELECT o.id, o.attempts, o.imported_at, extract(epoch FROM o.imported_at - o.created_at) AS seconds,
        (SELECT coalesce(sum(a.dixa_calls), 0) FROM dixa_outbox_attempts a WHERE a.outbox_id = o.id) AS calls
    FROM dixa_outbox o
    WHERE o.state = 'imported' AND o.imported_at >= now() - :'since'::interval
        AND (:'tenant' = '' OR o.tenant = :'tenant')
)
SELECT to_char(date_trunc('hour', imported_at), 'YYYY-MM-DD HH24:00 TZ') AS hour,
    count(*)::text AS imported,
    round(percentile_cont(0.50) WITHIN GROUP (ORDER BY seconds)::numeric, 3)::text AS p50_seconds,
    round(percentile_cont(0.95) WITHIN GROUP (ORDER BY seconds)::numeric, 3)::text AS p95_seconds,
    round(percentile_cont(0.99) WITHIN GROUP (ORDER BY seconds)::numeric, 3)::text AS p99_seconds,
    round(avg(attempts), 2)::text AS attempts_per_row,
    round(avg(calls), 2)::text AS dixa_calls_per_conversation
FROM imported
GROUP BY date_trunc('hour', imported_at)
ORDER BY date_trunc('hour', imported_at) DESC;
