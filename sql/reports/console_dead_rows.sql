-- Console: dead rows, oldest death first, filtered by tenant $1, last_error_code $2 and dead for at least $3 minutes
-- (each NULL: no filter). The error message is cut to 500 characters; the row page shows it whole.
-- binds: $1 tenant, $2 error_code, $3 min_age_minutes, $4 limit
SELECT id, tenant, source_key, last_error_code, left(last_error, 500), attempts, updated_at
FROM dixa_outbox
WHERE state = 'dead'
    AND ($1::text IS NULL OR tenant = $1::text)
    AND ($2::text IS NULL OR last_error_code = $2::text)
    AND ($3::bigint IS NULL OR updated_at <= now() - $3::bigint * interval '1 minute')
ORDER BY updated_at, id
LIMIT $4;
