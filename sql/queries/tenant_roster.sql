-- The enabled tenants as the worker needs them every few seconds: settings and sealed token, nothing counted (a count
-- of a tenant's rows would read its whole backlog each time).
-- binds: none
SELECT name, agent_id, queue_id, base_url, rate_limit, burst, token_sealed, updated_at
FROM dixa_tenants
WHERE enabled
ORDER BY name;
