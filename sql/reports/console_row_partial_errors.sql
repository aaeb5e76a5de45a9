-- Console: a row's partial errors, oldest first (dixa_partial_errors_outbox).
-- binds: $1 id, $2 limit
SELECT source, message, conversation_id, created_at
FROM dixa_partial_errors
WHERE outbox_id = $1
ORDER BY created_at, id
LIMIT $2;
