-- Report: partial errors. What did Dixa accept only in part, over a chosen period?
-- Dixa's partialErrors[].message of 201 imports (source import) and custom attributes that could not be set
-- (source attributes), by tenant and message, with counts, first and last seen, and an example source_key. A tenant
-- of its own with -v tenant=NAME (--tenant NAME).
-- Run: psql "$DATABASE_URL" -v since='7 days' -f sql/reports/partial_errors.sql   (since defaults to 7 days)
--      dixa-importer report partial_errors --since '7 days' [--tenant NAME]
\if :{?since}
\else
\set since '7 days'
\endif
\if :{?tenant}
\else
\set tenant ''
\endif
SELECT o.tenant,
    p.source,
    p.message,
    count(*)::text AS occurrences,
    to_char(min(p.created_at), 'YYYY-MM-DD HH24:MI:SS TZ') AS first_seen,
    to_char(max(p.created_at), 'YYYY-MM-DD HH24:MI:SS TZ') AS last_seen,
    min(o.source_key) AS example
FROM dixa_partial_errors p
JOIN dixa_outbox o ON o.id = p.outbox_id
WHERE p.created_at >= now() - :'since'::interval AND (:'tenant' = '' OR o.tenant = :'tenant')
GROUP BY o.tenant, p.source, p.message
ORDER BY o.tenant <> 'default', o.tenant, count(*) DESC, p.message;
