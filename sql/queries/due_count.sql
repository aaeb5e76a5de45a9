-- How many rows of the tenants in $1 are due now (pending and due, or leased with an expired lease): `drain`'s
-- progress total.
-- binds: $1 tenants
SELECT count(*) FROM dixa_outbox
WHERE ((state = 'pending' AND run_at <= now()) OR (state = 'running' AND lease_expires_at < now()))
    AND tenant = ANY($1::text[]);
