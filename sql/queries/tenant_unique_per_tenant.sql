-- With a second tenant, source_key is unique per tenant: two organisations may use the same key. The unique index on
-- (tenant, source_key) takes over from the constraint on source_key alone (tenant_allow_shared_source_keys.sql).
-- Building it holds back INSERTs for as long as it takes: seconds for a million rows.
-- binds: none
CREATE UNIQUE INDEX IF NOT EXISTS dixa_outbox_tenant_source_key ON dixa_outbox (tenant, source_key);
