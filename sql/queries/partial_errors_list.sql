-- Every partial error with its row's source_key, oldest first; what `demo` prints.
-- binds: $1 limit
SELECT o.tenant, o.source_key, p.source, p.message
FROM dixa_partial_errors p
JOIN dixa_outbox o ON o.id = p.outbox_id
ORDER BY p.id
LIMIT $1;
