-- Console: the webhook events of tenant $1's conversation $2, oldest first (dixa_webhook_events_tenant_conversation),
-- with the author and text the view extracts; never the payload.
-- binds: $1 tenant, $2 conversation_id, $3 limit
SELECT event_id, event_fqn, author_name, author_type, text, event_timestamp, received_at, outbox_id
FROM dixa_conversation_events
WHERE tenant = $1 AND conversation_id = $2
ORDER BY event_timestamp, received_at
LIMIT $3;
