-- Step 2 of a row's journey (docs/ARCHITECTURE.md): whether the wake-up on INSERT works at all.
-- Sends a probe on the outbox channel, to check at start-up that notifications reach this worker.
-- binds: $1 payload
SELECT pg_notify('dixa_outbox', $1);
