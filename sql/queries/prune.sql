-- Deletes up to $2 rows imported more than $1 milliseconds ago, with their attempts and partial errors
-- (ON DELETE CASCADE). Never touches pending, running or dead rows. Returns the ids deleted.
-- binds: $1 age_ms, $2 limit
WITH doomed AS (
    SELECT id FROM dixa_outbox
    WHERE state = 'imported' AND imported_at < now() - $1 * interval '1 millisecond'
    ORDER BY id
    LIMIT $2
    FOR UPDATE SKIP LOCKED
)
DELETE FROM dixa_outbox o USING doomed d WHERE o.id = d.id
RETURNING o.id;
