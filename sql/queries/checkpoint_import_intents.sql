-- Step 4 of a row's journey (docs/ARCHITECTURE.md): step 8 for a whole batch.
-- The import-intent checkpoint (see checkpoint_import_intent.sql) for a whole claimed batch in one statement:
-- $1 row ids, $2 lease tokens, $3 requesters, $4 createdAt values, element by element.
-- Returns the rows whose lease still held; the others belong to another worker now.
-- binds: $1 ids, $2 lease_tokens, $3 requester_ids, $4 import_created_ats
UPDATE dixa_outbox AS o
SET requester_id = i.requester_id, import_created_at = i.created_at, import_sent_at = now(), updated_at = now()
FROM unnest($1::bigint[], $2::uuid[], $3::uuid[], $4::timestamptz[]) AS i (id, lease_token, requester_id, created_at)
WHERE o.id = i.id AND o.lease_token = i.lease_token
RETURNING o.id;
