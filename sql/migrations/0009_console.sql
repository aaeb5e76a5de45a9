-- dixa-importer schema, version 9: what the operator console shows.
--
-- Each attempt says how many of its Dixa requests were answered 429, so the console can draw requests and 429s per
-- minute from the attempt log alone; the log is read by finish time, so that reading the last day costs the last day.
ALTER TABLE dixa_outbox_attempts ADD COLUMN rate_limited integer NOT NULL DEFAULT 0;
CREATE INDEX dixa_outbox_attempts_finished ON dixa_outbox_attempts (finished_at);

-- A halt ends when its tenant imports again (or can be worked again): the console's banners show the halts not ended.
ALTER TABLE dixa_halts ADD COLUMN resolved_at timestamptz;
CREATE INDEX dixa_halts_unresolved ON dixa_halts (tenant) WHERE resolved_at IS NULL;
