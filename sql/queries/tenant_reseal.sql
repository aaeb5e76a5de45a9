-- Stores tenant $1's token sealed anew ($2).
-- binds: $1 name, $2 token_sealed
UPDATE dixa_tenants SET token_sealed = $2, updated_at = now() WHERE name = $1 RETURNING name;
