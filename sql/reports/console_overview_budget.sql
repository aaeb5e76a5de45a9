-- Console: the overview's budget in use: for each tenant, its stored rate (NULL for default, which the environment
-- sets) and the Dixa requests its attempts sent in the last minute. Reads a minute of the attempt log by finish time.
-- Never reads a token: only the tenant's name and numbers.
-- binds: $1 limit
WITH recent AS (
    SELECT o.tenant, sum(a.dixa_calls)::bigint AS calls, sum(a.rate_limited)::bigint AS limited
    FROM dixa_outbox_attempts a
    JOIN dixa_outbox o ON o.id = a.outbox_id
    WHERE a.finished_at >= now() - interval '1 minute'
    GROUP BY o.tenant
)
SELECT t.name, t.enabled, t.rate_limit, coalesce(r.calls, 0)::bigint, coalesce(r.limited, 0)::bigint
FROM dixa_tenants t
LEFT JOIN recent r ON r.tenant = t.name
ORDER BY t.name
LIMIT $1;
