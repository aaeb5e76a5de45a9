-- Console: the overview's charts, one row per minute of the last $1 minutes that had finished attempts: rows
-- imported, Dixa requests sent and how many of them were answered 429. Reads the attempt log by finish time
-- (dixa_outbox_attempts_finished, 0009), so a day costs a day's attempts, not the whole log.
-- binds: $1 minutes
SELECT date_trunc('minute', finished_at),
    count(*) FILTER (WHERE outcome = 'imported'),
    coalesce(sum(dixa_calls), 0)::bigint,
    coalesce(sum(rate_limited), 0)::bigint
FROM dixa_outbox_attempts
WHERE finished_at >= now() - $1::bigint * interval '1 minute'
GROUP BY 1
ORDER BY 1
LIMIT $1;
