-- Console: the dead rows' error codes with how many rows each, most first, for the dead rows page's filter. Reads
-- dixa_outbox_dead (last_error_code) WHERE state = 'dead'.
-- binds: $1 limit
SELECT coalesce(last_error_code, ''), count(*)
FROM dixa_outbox
WHERE state = 'dead'
GROUP BY 1
ORDER BY 2 DESC, 1
LIMIT $1;
