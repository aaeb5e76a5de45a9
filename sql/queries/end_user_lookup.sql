-- The cached Dixa end user for one normalised identity ($1 kind, $2 value).
SELECT requester_id FROM dixa_end_users WHERE identity_kind = $1 AND identity_value = $2;
