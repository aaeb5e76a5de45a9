-- Step 1 of a row's journey (docs/ARCHITECTURE.md).
-- The chatbot's own INSERT, as `dixa-importer enqueue` runs it, for tenant $1. Returns a row only when it was new.
-- binds: $1 tenant, $2 source_key, $3 kind, $4 transcript
INSERT INTO dixa_outbox (tenant, source_key, kind, transcript)
VALUES ($1, $2, $3, $4::jsonb)
ON CONFLICT (tenant, source_key) DO NOTHING
RETURNING id;
