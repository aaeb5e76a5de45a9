-- dixa-importer schema, version 3: the Dixa request budget that processes sharing one API token pace themselves by.
-- One row per token, keyed by a hash of the token (never the token). It holds the token's "theoretical arrival
-- time" (GCRA): the moment the budget would be back to empty if no further request came. Each request moves it
-- forward by one request's share of a second, in one UPDATE; a 429 moves it past the pause.
CREATE TABLE dixa_rate_budget (
    budget_key  text        PRIMARY KEY,
    theoretical_arrival timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT clock_timestamp()
) WITH (fillfactor = 50);
-- The row is rewritten up to 10 times a second per token; room on its page keeps every update HOT, and
-- frequent autovacuum keeps the dead versions from piling up.
ALTER TABLE dixa_rate_budget SET (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 1000);
