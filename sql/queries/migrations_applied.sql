-- binds: none
SELECT version FROM dixa_schema_migrations ORDER BY version;
