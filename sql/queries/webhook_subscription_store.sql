-- Remembers subscription $1 (to URL $2, events $4) and its signing secret $3, for the receiver.
-- binds: $1 id, $2 url, $3 secret_key, $4 events
INSERT INTO dixa_webhook_subscriptions (id, url, secret_key, events)
VALUES ($1, $2, $3, $4)
ON CONFLICT (id) DO UPDATE SET url = EXCLUDED.url, secret_key = EXCLUDED.secret_key, events = EXCLUDED.events;
