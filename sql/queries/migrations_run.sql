SELECT dixa_run_migration($1);
