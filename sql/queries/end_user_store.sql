-- Caches identity ($1 kind, $2 value) → Dixa end user $3.
INSERT INTO dixa_end_users (identity_kind, identity_value, requester_id)
VALUES ($1, $2, $3)
ON CONFLICT (identity_kind, identity_value)
DO UPDATE SET requester_id = excluded.requester_id, updated_at = now();
