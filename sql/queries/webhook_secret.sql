-- Subscription $1 as `webhooks install` stored it: its tenant, that tenant's bot agent (NULL for 'default', whose
-- agent is configured), its signing secret, as text or sealed, and whether the tenant still exists.
-- binds: $1 id
SELECT s.tenant, t.agent_id, s.secret_key, s.secret_sealed, t.name IS NOT NULL
FROM dixa_webhook_subscriptions AS s
LEFT JOIN dixa_tenants AS t ON t.name = s.tenant
WHERE s.id = $1;
