-- Step 6 of a row's journey (docs/ARCHITECTURE.md).
-- Caches identities ($1 kinds, $2 values, element by element) → Dixa end user $3.
-- A requester's identities are of distinct kinds, so no identity appears twice in one statement.
-- binds: $1 kinds, $2 values, $3 requester_id
INSERT INTO dixa_end_users (identity_kind, identity_value, requester_id)
SELECT identity_kind, identity_value, $3 FROM unnest($1::text[], $2::text[]) AS i (identity_kind, identity_value)
ON CONFLICT (identity_kind, identity_value)
DO UPDATE SET requester_id = excluded.requester_id, updated_at = now();
