-- Stores a delivered event once: a second delivery of event $1 changes nothing and returns no row.
-- $5 is Dixa's ISO 8601 text, cast here so that PostgreSQL parses it exactly.
-- The INSERT's trigger notifies dixa_conversation_events with the event id.
-- binds: $1 event_id, $2 event_fqn, $3 conversation_id, $4 subscription_id, $5 event_timestamp, $6 payload
INSERT INTO dixa_webhook_events (event_id, event_fqn, conversation_id, subscription_id, event_timestamp, payload)
VALUES ($1, $2, $3, $4, $5::timestamptz, $6::jsonb)
ON CONFLICT (event_id) DO NOTHING
RETURNING event_id;
