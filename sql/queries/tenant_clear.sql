-- Sets stored tenant $1's optional settings named in $2 ('queue-id', 'dixa-base-url', 'rate-limit', 'burst') back to
-- none: no default queue, the deployment's base URL, Dixa's rate. Returns no row when there is no such stored tenant.
-- binds: $1 name, $2 settings
UPDATE dixa_tenants
SET queue_id = CASE WHEN 'queue-id' = ANY($2::text[]) THEN NULL ELSE queue_id END,
    base_url = CASE WHEN 'dixa-base-url' = ANY($2::text[]) THEN NULL ELSE base_url END,
    rate_limit = CASE WHEN 'rate-limit' = ANY($2::text[]) THEN NULL ELSE rate_limit END,
    burst = CASE WHEN 'burst' = ANY($2::text[]) THEN NULL ELSE burst END,
    updated_at = now()
WHERE name = $1 AND name <> 'default'
RETURNING name;
