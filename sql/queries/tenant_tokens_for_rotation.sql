-- Every tenant's sealed token, locked until the transaction ends, for `tenants rotate-key`.
-- binds: none
SELECT name, token_sealed FROM dixa_tenants WHERE token_sealed IS NOT NULL ORDER BY name FOR UPDATE;
