-- Console: the halts history, newest first (dixa_halts_halted_at), of tenant $1 or of every tenant (NULL).
-- binds: $1 tenant, $2 limit
SELECT tenant, worker, halted_at, resolved_at, cause, remedy
FROM dixa_halts
WHERE $1::text IS NULL OR tenant = $1::text
ORDER BY halted_at DESC
LIMIT $2;
