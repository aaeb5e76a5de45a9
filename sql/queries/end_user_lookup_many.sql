-- Steps 4 and 6 of a row's journey (docs/ARCHITECTURE.md).
-- Tenant $1's cached Dixa end users for many normalised identities at once: $2 kinds, $3 values, element by element.
-- binds: $1 tenant, $2 kinds, $3 values
SELECT c.identity_kind, c.identity_value, c.requester_id
FROM dixa_end_users AS c
JOIN unnest($2::text[], $3::text[]) AS i (identity_kind, identity_value)
    ON c.identity_kind = i.identity_kind AND c.identity_value = i.identity_value
WHERE c.tenant = $1;
