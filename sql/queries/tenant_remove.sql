-- Removes stored tenant $1, but only while it has no unfinished work (checked in the same statement, so a row
-- inserted meanwhile keeps it). Its imported and dead rows stay, for the reports. Returns no row when refused.
-- binds: $1 name
DELETE FROM dixa_tenants AS t
WHERE t.name = $1 AND t.name <> 'default'
    AND NOT EXISTS (SELECT 1 FROM dixa_outbox WHERE tenant = $1 AND state IN ('pending', 'running'))
    AND NOT EXISTS (SELECT 1 FROM dixa_reopen_requests WHERE tenant = $1 AND state IN ('pending', 'running'))
RETURNING t.name;
