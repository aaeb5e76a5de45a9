-- Every row with its outcome and partial-error count, newest last; what `demo` prints.
-- binds: $1 limit
SELECT o.tenant, o.source_key, o.state, o.attempts, o.conversation_id, o.last_error_code, o.last_error,
    (SELECT count(*) FROM dixa_partial_errors p WHERE p.outbox_id = o.id) AS partial_errors
FROM dixa_outbox o
ORDER BY o.id
LIMIT $1;
