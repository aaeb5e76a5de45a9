-- Enables ($2 true) or disables tenant $1. A disabled tenant's rows wait, unclaimed, until it is enabled again.
-- binds: $1 name, $2 enabled
UPDATE dixa_tenants SET enabled = $2, updated_at = now() WHERE name = $1 RETURNING name;
