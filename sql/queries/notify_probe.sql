-- Sends a probe on the outbox channel, to check at start-up that notifications reach this worker.
SELECT pg_notify('dixa_outbox', $1);
