-- Step 2 of a row's journey (docs/ARCHITECTURE.md): the polling safety net.
-- When the next row of the tenants in $1 becomes due (NULL when nothing is pending or leased), so the worker sleeps
-- exactly that long. Rows of tenants the worker leaves out (disabled, halted) must not wake it.
-- binds: $1 tenants
SELECT least(
    (SELECT min(run_at) FROM dixa_outbox WHERE state = 'pending' AND tenant = ANY($1::text[])),
    (SELECT min(lease_expires_at) FROM dixa_outbox WHERE state = 'running' AND tenant = ANY($1::text[]))
);
