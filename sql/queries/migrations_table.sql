-- Tracks applied migrations; created before any migration runs.
-- binds: none
CREATE TABLE IF NOT EXISTS dixa_schema_migrations (
    version    text PRIMARY KEY,
    applied_at timestamptz NOT NULL DEFAULT now()
);
