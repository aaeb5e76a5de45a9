-- Step 6 of a row's journey (docs/ARCHITECTURE.md).
-- Caches identities of tenant $1 ($2 kinds, $3 values, element by element) → Dixa end user $4.
-- A requester's identities are of distinct kinds, so no identity appears twice in one statement.
-- binds: $1 tenant, $2 kinds, $3 values, $4 requester_id
INSERT INTO dixa_end_users (tenant, identity_kind, identity_value, requester_id)
SELECT $1, identity_kind, identity_value, $4 FROM unnest($2::text[], $3::text[]) AS i (identity_kind, identity_value)
ON CONFLICT (tenant, identity_kind, identity_value)
DO UPDATE SET requester_id = excluded.requester_id, updated_at = now();
