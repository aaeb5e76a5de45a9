-- Report: attempt history of one row. What happened to this conversation, attempt by attempt?
-- Every attempt of the row with the given source_key: when, which worker, the outcome, the error, the Dixa
-- calls it cost; then the row's checkpoints in the last line. When tenants share the key, each tenant's row is
-- listed; one tenant's with -v tenant=NAME (--tenant NAME).
-- Run: psql "$DATABASE_URL" -v source_key='bot-session-8f3a' -f sql/reports/row_history.sql
--      dixa-importer report row_history --source-key bot-session-8f3a [--tenant NAME]
\if :{?source_key}
\else
\echo 'row_history needs a source_key: psql -v source_key=... -f sql/reports/row_history.sql'
\quit
\endif
\if :{?tenant}
\else
\set tenant ''
\endif
SELECT o.tenant,
    a.attempt::text AS attempt,
    to_char(a.started_at, 'YYYY-MM-DD HH24:MI:SS.MS TZ') AS started_at,
    round(extract(epoch FROM a.finished_at - a.started_at)::numeric, 3)::text AS seconds,
    a.worker,
    a.outcome,
    coalesce(a.error_code, '') AS error_code,
    coalesce(a.http_status::text, '') AS http_status,
    coalesce(a.message, '') AS message,
    a.dixa_calls::text AS dixa_calls
FROM dixa_outbox o
JOIN dixa_outbox_attempts a ON a.outbox_id = o.id
WHERE o.source_key = :'source_key' AND (:'tenant' = '' OR o.tenant = :'tenant')
UNION ALL
SELECT o.tenant, 'now', to_char(o.updated_at, 'YYYY-MM-DD HH24:MI:SS.MS TZ'), '', coalesce(o.lease_owner, ''), o.state,
    coalesce(o.last_error_code, ''), '',
    concat_ws(' ', 'requester ' || o.requester_id, 'conversation ' || o.conversation_id, 'attempts ' || o.attempts, 'of ' || o.max_attempts),
    ''
FROM dixa_outbox o
WHERE o.source_key = :'source_key' AND (:'tenant' = '' OR o.tenant = :'tenant')
ORDER BY 1, 3;
