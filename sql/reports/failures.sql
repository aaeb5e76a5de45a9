-- Report: failures. Why did rows die?
-- Dead rows grouped by tenant, last_error_code and message: how many, the oldest and newest, and up to three example
-- source_keys to look at (then: dixa-importer report row_history --source-key KEY). A tenant of its own with
-- -v tenant=NAME (--tenant NAME).
-- Run: psql "$DATABASE_URL" -f sql/reports/failures.sql   or   dixa-importer report failures [--tenant NAME]
\if :{?tenant}
\else
\set tenant ''
\endif
SELECT tenant,
    coalesce(last_error_code, '') AS error_code,
    coalesce(last_error, '') AS message,
    count(*)::text AS rows,
    to_char(min(created_at), 'YYYY-MM-DD HH24:MI:SS TZ') AS oldest,
    to_char(max(updated_at), 'YYYY-MM-DD HH24:MI:SS TZ') AS newest,
    array_to_string((array_agg(source_key ORDER BY updated_at DESC))[1:3], ', ') AS examples
FROM dixa_outbox
WHERE state = 'dead' AND (:'tenant' = '' OR tenant = :'tenant')
GROUP BY tenant, last_error_code, last_error
ORDER BY tenant <> 'default', tenant, count(*) DESC, last_error_code;
