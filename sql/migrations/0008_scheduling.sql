-- dixa-importer schema, version 8: lanes, and a claim that shares the budget fairly across tenants.
--
-- A row is `live` (the default: a conversation that just ended) or `backfill` (history, `enqueue --backfill`). Within a
-- tenant escalations go first, then live rows, then backfill, which only gets the budget live rows leave. Across
-- tenants the claim takes turns (sql/queries/claim.sql), each tenant's share bounded by what its budget can send soon.

ALTER TABLE dixa_outbox ADD COLUMN lane text NOT NULL DEFAULT 'live';
ALTER TABLE dixa_outbox ADD CONSTRAINT dixa_outbox_lane_valid CHECK (lane IN ('live', 'backfill'));

-- A row's place within its tenant: 0 escalation, 1 live, 2 backfill.
CREATE OR REPLACE FUNCTION dixa_outbox_priority(kind text, lane text) RETURNS smallint
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT (CASE WHEN kind = 'escalate' THEN 0 WHEN lane = 'live' THEN 1 ELSE 2 END)::smallint
$$;

-- The claim reads a tenant's due rows in that order from here, one probe per tenant it offers, whatever the backlog of
-- the others: it stays O(batch) however many tenants and rows there are.
CREATE INDEX dixa_outbox_due_by_tenant ON dixa_outbox (tenant, dixa_outbox_priority(kind, lane), run_at, id) WHERE state = 'pending';
-- Escalations come first per tenant now; their index of their own is no longer read.
DROP INDEX dixa_outbox_due_escalations;

-- The INSERT's NOTIFY names the tenants it added rows for ('tenants:a,b'), so a worker offers those tenants at once
-- instead of looking through every tenant for the new rows; a payload too long for NOTIFY says nothing ('': all).
CREATE OR REPLACE FUNCTION dixa_outbox_notify_tenants() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    names text;
BEGIN
    SELECT string_agg(DISTINCT tenant, ',') INTO names FROM inserted;
    PERFORM pg_notify('dixa_outbox', CASE WHEN length(names) <= 7000 THEN 'tenants:' || names ELSE '' END);
    RETURN NULL;
END;
$$;
DROP TRIGGER dixa_outbox_notify ON dixa_outbox;
CREATE TRIGGER dixa_outbox_notify
    AFTER INSERT ON dixa_outbox
    REFERENCING NEW TABLE AS inserted
    FOR EACH STATEMENT EXECUTE FUNCTION dixa_outbox_notify_tenants();
