-- Changes what is given of stored tenant $1 (NULL keeps a value): bot agent $2, escalation queue $3, base URL $4,
-- rate $5, burst $6, sealed token $7. Returns no row when there is no such stored tenant.
-- binds: $1 name, $2 agent_id, $3 queue_id, $4 base_url, $5 rate_limit, $6 burst, $7 token_sealed
UPDATE dixa_tenants
SET agent_id = coalesce($2, agent_id),
    queue_id = coalesce($3, queue_id),
    base_url = coalesce($4, base_url),
    rate_limit = coalesce($5, rate_limit),
    burst = coalesce($6, burst),
    token_sealed = coalesce($7, token_sealed),
    updated_at = now()
WHERE name = $1 AND name <> 'default'
RETURNING name;
