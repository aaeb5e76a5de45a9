-- Console: one row with its checkpoints, by id (the primary key).
-- binds: $1 id
SELECT id, tenant, source_key, kind, lane, state, attempts, max_attempts, run_at, created_at, updated_at, imported_at,
    requester_id, import_created_at, import_sent_at, conversation_id, attributes_done_at, transferred_at,
    transferred_queue_id, last_error_code, last_error, transcript::text
FROM dixa_outbox
WHERE id = $1;
