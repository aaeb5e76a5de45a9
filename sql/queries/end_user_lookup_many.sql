-- Steps 4 and 6 of a row's journey (docs/ARCHITECTURE.md).
-- The cached Dixa end users for many normalised identities at once: $1 kinds, $2 values, element by element.
-- binds: $1 kinds, $2 values
SELECT c.identity_kind, c.identity_value, c.requester_id
FROM dixa_end_users AS c
JOIN unnest($1::text[], $2::text[]) AS i (identity_kind, identity_value)
    ON c.identity_kind = i.identity_kind AND c.identity_value = i.identity_value;
