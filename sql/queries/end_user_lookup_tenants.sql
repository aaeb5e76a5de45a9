-- Step 4 of a row's journey (docs/ARCHITECTURE.md): the first look of step 6 for a whole claimed batch, whatever its
-- tenants. The cached Dixa end users of many (tenant, identity) pairs at once: $1 tenants, $2 kinds, $3 values,
-- element by element. A tenant's identity only ever matches that tenant's cache: end users are per organisation.
-- binds: $1 tenants, $2 kinds, $3 values
SELECT c.tenant, c.identity_kind, c.identity_value, c.requester_id
FROM dixa_end_users AS c
JOIN unnest($1::text[], $2::text[], $3::text[]) AS i (tenant, identity_kind, identity_value)
    ON c.tenant = i.tenant AND c.identity_kind = i.identity_kind AND c.identity_value = i.identity_value;
