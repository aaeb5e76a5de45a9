-- With a second tenant, source_key is unique per tenant only (dixa_outbox_tenant_source_key, built just before): two
-- organisations may use the same key. Drops the constraint on source_key alone that kept `ON CONFLICT (source_key)`
-- working.
-- binds: none
ALTER TABLE dixa_outbox DROP CONSTRAINT IF EXISTS dixa_outbox_source_key_unique;
