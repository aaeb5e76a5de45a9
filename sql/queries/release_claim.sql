-- Step 3 of a row's journey (docs/ARCHITECTURE.md).
-- Hands back every row of a claim whose answer never reached the worker (the connection dropped mid-claim): the
-- rows claimed with lease token $1 by worker $2 are pending again, due now, with the claim's attempt undone. Rows
-- that were never claimed, or that another worker holds since, do not match. Reads the partial index of running rows.
-- binds: $1 lease_token, $2 worker
UPDATE dixa_outbox
SET state = 'pending', attempts = greatest(attempts - 1, 0), run_at = now(), updated_at = now(),
    lease_token = NULL, lease_owner = NULL, lease_expires_at = NULL
WHERE state = 'running' AND lease_token = $1 AND lease_owner = $2
RETURNING id;
