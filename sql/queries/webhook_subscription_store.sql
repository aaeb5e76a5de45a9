-- Remembers tenant $2's subscription $1 (to URL $3, events $6) and its signing secret: as text $4 or sealed $5,
-- exactly one of them, for the receiver.
-- binds: $1 id, $2 tenant, $3 url, $4 secret_key, $5 secret_sealed, $6 events
INSERT INTO dixa_webhook_subscriptions (id, tenant, url, secret_key, secret_sealed, events)
VALUES ($1, $2, $3, $4, $5, $6)
ON CONFLICT (id) DO UPDATE
SET tenant = EXCLUDED.tenant, url = EXCLUDED.url, secret_key = EXCLUDED.secret_key, secret_sealed = EXCLUDED.secret_sealed,
    events = EXCLUDED.events;
