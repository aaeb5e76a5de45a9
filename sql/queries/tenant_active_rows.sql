-- How much of tenant $1's work is unfinished: outbox rows pending or running, and reopen requests not yet done.
-- binds: $1 name
SELECT (SELECT count(*) FROM dixa_outbox WHERE tenant = $1 AND state IN ('pending', 'running')),
    (SELECT count(*) FROM dixa_reopen_requests WHERE tenant = $1 AND state IN ('pending', 'running'));
