-- The chatbot's own INSERT, as `dixa-importer enqueue` runs it, for tenant $1 in lane $5 ('live' or 'backfill').
-- Returns a row only when it was new. ON CONFLICT names no columns: the unique key is source_key alone or
-- (tenant, source_key), by how many tenants exist.
-- binds: $1 tenant, $2 source_key, $3 kind, $4 transcript, $5 lane
INSERT INTO dixa_outbox (tenant, source_key, kind, transcript, lane)
VALUES ($1, $2, $3, $4::jsonb, $5)
ON CONFLICT DO NOTHING
RETURNING id;
