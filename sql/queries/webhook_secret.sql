-- The signing secret of subscription $1, as `webhooks install` stored it.
-- binds: $1 id
SELECT secret_key FROM dixa_webhook_subscriptions WHERE id = $1;
