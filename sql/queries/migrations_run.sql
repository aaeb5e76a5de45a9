-- binds: $1 script
SELECT dixa_run_migration($1);
