-- dixa-importer schema, version 6: autovacuum sized for a queue, not for an archive.
--
-- Every row the worker imports leaves dead versions behind (claim, import intent, completion), and dead entries at the
-- low end of the partial index of due rows, which each claim walks over until VACUUM removes them. PostgreSQL's
-- default waits for dead versions worth 20 % of the table: 200,000 of them once 1,000,000 rows are kept. Here VACUUM
-- comes after a fixed number, however large the table of imported rows grows, and runs without pausing, so a claim
-- never walks far. ANALYZE comes after 1,000 changes plus 2 % of the table: early on a young table (whose claim plans
-- otherwise rest on no statistics at all), and not much later on a large one.
ALTER TABLE dixa_outbox SET (
    autovacuum_vacuum_scale_factor = 0,
    autovacuum_vacuum_threshold = 5000,
    autovacuum_vacuum_insert_scale_factor = 0,
    autovacuum_vacuum_insert_threshold = 20000,
    autovacuum_analyze_scale_factor = 0.02,
    autovacuum_analyze_threshold = 1000,
    autovacuum_vacuum_cost_delay = 0
);

-- The attempt log only grows; VACUUM after inserts keeps its visibility map current for index-only reads by reports.
ALTER TABLE dixa_outbox_attempts SET (
    autovacuum_vacuum_insert_scale_factor = 0,
    autovacuum_vacuum_insert_threshold = 50000
);
