-- Every webhook subscription's signing secret, sealed or (for 'default' without a key) as text, locked until the
-- transaction ends, for `tenants rotate-key`.
-- binds: none
SELECT id, tenant, secret_key, secret_sealed FROM dixa_webhook_subscriptions ORDER BY id FOR UPDATE;
