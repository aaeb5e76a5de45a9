-- Console: the halts not yet over (resolved_at NULL, dixa_halts_unresolved), newest first, for the banners.
-- binds: $1 limit
SELECT tenant, worker, halted_at, cause, remedy
FROM dixa_halts
WHERE resolved_at IS NULL
ORDER BY halted_at DESC
LIMIT $1;
