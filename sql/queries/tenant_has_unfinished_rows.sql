-- Whether tenant $1 has rows pending or running: for a default tenant no organisation is configured for.
-- binds: $1 name
SELECT EXISTS (SELECT 1 FROM dixa_outbox WHERE tenant = $1 AND state IN ('pending', 'running'));
