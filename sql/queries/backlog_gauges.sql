-- The backlog per tenant for the metrics gauges: rows due now, and the age in seconds of the oldest due one.
-- binds: none
SELECT tenant,
    count(*),
    coalesce(extract(epoch FROM now() - min(run_at)), 0)::float8
FROM dixa_outbox
WHERE state = 'pending' AND run_at <= now()
GROUP BY tenant;
