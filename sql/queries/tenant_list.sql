-- Every tenant, 'default' first: its settings, its sealed token (never shown; the caller opens it when it needs
-- it), and its rows waiting to be imported.
-- binds: none
SELECT t.name, t.enabled, t.agent_id, t.queue_id, t.base_url, t.rate_limit, t.burst, t.token_sealed, t.updated_at,
    (SELECT count(*) FROM dixa_outbox o WHERE o.tenant = t.name AND o.state IN ('pending', 'running')) AS waiting
FROM dixa_tenants AS t
ORDER BY t.name <> 'default', t.name;
