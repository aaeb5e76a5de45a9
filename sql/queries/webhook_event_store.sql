-- Stores a delivered event of tenant $7 once: a second delivery of event $1 changes nothing and returns no row.
-- $5 is Dixa's ISO 8601 text, cast here so that PostgreSQL parses it exactly.
-- The INSERT's trigger notifies dixa_conversation_events with the event id.
-- binds: $1 event_id, $2 event_fqn, $3 conversation_id, $4 subscription_id, $5 event_timestamp, $6 payload, $7 tenant
INSERT INTO dixa_webhook_events (event_id, event_fqn, conversation_id, subscription_id, event_timestamp, payload, tenant)
VALUES ($1, $2, $3, $4, $5::timestamptz, $6::jsonb, $7)
ON CONFLICT (event_id) DO NOTHING
RETURNING event_id;
