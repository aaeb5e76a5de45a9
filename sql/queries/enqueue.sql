-- Step 1 of a row's journey (docs/ARCHITECTURE.md).
-- The chatbot's own INSERT, as `dixa-importer enqueue` runs it. Returns a row only when it was new.
-- binds: $1 source_key, $2 kind, $3 transcript
INSERT INTO dixa_outbox (source_key, kind, transcript)
VALUES ($1, $2, $3::jsonb)
ON CONFLICT (source_key) DO NOTHING
RETURNING id;
