-- Step 13 of a row's journey (docs/ARCHITECTURE.md): the first row that meets a halt records it.
-- Records that worker $1 halted on a configuration problem ($2 what Dixa said, $3 what to fix).
-- binds: $1 worker, $2 cause, $3 remedy
INSERT INTO dixa_halts (worker, cause, remedy) VALUES ($1, $2, $3);
