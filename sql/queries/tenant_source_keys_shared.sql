-- Whether source keys are already unique per tenant only: the index on (tenant, source_key) exists and the constraint
-- on source_key alone is gone. `tenants add` builds the one and drops the other only when not, because both take a
-- lock on dixa_outbox that holds back every worker and INSERT, even when there is nothing left to do.
-- binds: none
SELECT to_regclass('dixa_outbox_tenant_source_key') IS NOT NULL
    AND NOT EXISTS (
        SELECT 1 FROM pg_constraint
        WHERE conname = 'dixa_outbox_source_key_unique' AND conrelid = 'dixa_outbox'::regclass
    );
