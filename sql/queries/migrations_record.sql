-- binds: $1 version
INSERT INTO dixa_schema_migrations (version) VALUES ($1);
