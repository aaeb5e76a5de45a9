-- How many rows are due now (pending and due, or leased with an expired lease): `drain`'s progress total.
-- binds: none
SELECT count(*) FROM dixa_outbox
WHERE (state = 'pending' AND run_at <= now()) OR (state = 'running' AND lease_expires_at < now());
