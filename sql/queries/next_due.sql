-- Step 2 of a row's journey (docs/ARCHITECTURE.md): the polling safety net.
-- When the next row becomes due (NULL when nothing is pending or leased), so the worker sleeps exactly that long.
-- binds: none
SELECT least(
    (SELECT min(run_at) FROM dixa_outbox WHERE state = 'pending'),
    (SELECT min(lease_expires_at) FROM dixa_outbox WHERE state = 'running')
);
