-- Console: the rows $1 (ids) that are dead, back to due with attempts reset and checkpoints kept: the rules of
-- requeue.sql, selected by id. Rows no longer dead are left alone and not counted. $2 true counts without changing
-- anything (the confirmation). Returns (selected, changed) and wakes running workers.
-- binds: $1 ids, $2 dry_run
WITH selected AS (
    SELECT id FROM dixa_outbox
    WHERE state = 'dead' AND id = ANY($1::bigint[])
    FOR UPDATE
), changed AS (
    UPDATE dixa_outbox o
    SET state = 'pending', attempts = 0, run_at = now(), last_error = NULL, last_error_code = NULL, updated_at = now()
    FROM selected s
    WHERE o.id = s.id AND NOT $2::boolean
    RETURNING o.id
)
SELECT (SELECT count(*) FROM selected), (SELECT count(*) FROM changed), pg_notify('dixa_outbox', '')::text;
