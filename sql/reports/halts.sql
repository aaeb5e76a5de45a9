-- Report: halts. When did a worker stop on a configuration problem, and why?
-- Every configuration halt (bad token, unknown bot agent, unsupported channel, unknown queue), newest first,
-- with the tenant it stopped, what Dixa said and what to fix. A halt burns no attempts; the worker resumes once the
-- problem is fixed. A tenant of its own with -v tenant=NAME (--tenant NAME).
-- Run: psql "$DATABASE_URL" -f sql/reports/halts.sql   or   dixa-importer report halts [--tenant NAME]
\if :{?tenant}
\else
\set tenant ''
\endif
SELECT to_char(halted_at, 'YYYY-MM-DD HH24:MI:SS TZ') AS halted_at,
    tenant,
    worker,
    cause,
    remedy
FROM dixa_halts
WHERE :'tenant' = '' OR tenant = :'tenant'
ORDER BY halted_at DESC
LIMIT 100;
