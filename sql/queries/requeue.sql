-- Sets dead rows back to due, attempts reset, checkpoints kept (nothing already done in Dixa is repeated).
-- Selects by $1 source_key, $2 last_error_code, $3 every dead row, or $6 ids (the console's ticked rows), of tenant
-- $5 (NULL: every tenant); $4 true counts without changing anything (`--dry-run`, the console's confirmation). Returns
-- (selected, changed) and wakes running workers.
-- binds: $1 source_key, $2 error_code, $3 all_dead, $4 dry_run, $5 tenant, $6 ids
WITH selected AS (
    SELECT id FROM dixa_outbox
    WHERE state = 'dead' AND ($3::boolean OR source_key = $1::text OR last_error_code = $2::text OR id = ANY($6::bigint[]))
        AND ($5::text IS NULL OR tenant = $5::text)
    FOR UPDATE
), changed AS (
    UPDATE dixa_outbox o
    SET state = 'pending', attempts = 0, run_at = now(), last_error = NULL, last_error_code = NULL, updated_at = now()
    FROM selected s
    WHERE o.id = s.id AND NOT $4::boolean
    RETURNING o.id
)
SELECT (SELECT count(*) FROM selected), (SELECT count(*) FROM changed), pg_notify('dixa_outbox', '')::text;
