-- Report: halts. When did a worker stop on a configuration problem, and why?
-- Every configuration halt (bad token, unknown bot agent, unsupported channel, unknown queue), newest first,
-- with what Dixa said and what to fix. A halt burns no attempts; the worker resumes once the problem is fixed.
-- Run: psql "$DATABASE_URL" -f sql/reports/halts.sql   or   dixa-importer report halts
SELECT to_char(halted_at, 'YYYY-MM-DD HH24:MI:SS TZ') AS halted_at,
    worker,
    cause,
    remedy
FROM dixa_halts
ORDER BY halted_at DESC
LIMIT 100;
