-- Stores tenant $1 with its bot agent $2, escalation queue $3, Dixa base URL $4, rate $5, burst $6 and sealed
-- token $7. Returns no row when a tenant of that name exists.
-- binds: $1 name, $2 agent_id, $3 queue_id, $4 base_url, $5 rate_limit, $6 burst, $7 token_sealed
INSERT INTO dixa_tenants (name, agent_id, queue_id, base_url, rate_limit, burst, token_sealed)
VALUES ($1, $2, $3, $4, $5, $6, $7)
ON CONFLICT (name) DO NOTHING
RETURNING name;
