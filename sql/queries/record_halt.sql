-- Step 13 of a row's journey (docs/ARCHITECTURE.md): the first row that meets a halt records it.
-- Records that worker $1 halted on a configuration problem of tenant $2 ($3 what Dixa said, $4 what to fix).
-- binds: $1 worker, $2 tenant, $3 cause, $4 remedy
INSERT INTO dixa_halts (worker, tenant, cause, remedy) VALUES ($1, $2, $3, $4);
