-- Step 13 of a row's journey (docs/ARCHITECTURE.md).
-- Marks rows imported and logs their attempts, in one statement for many rows (see complete.sql for one).
-- $1 row ids, $2 lease tokens, $3 the conversation each became (0: already checkpointed), $4 attempt starts,
-- $5 Dixa calls of each attempt and $7 how many of them Dixa answered 429, element by element; $6 the worker.
-- Writing the conversation id here rather than in a checkpoint of its own is safe: the import-intent checkpoint
-- is durable, so if this statement never lands, the next attempt reconciles and adopts the conversation.
-- binds: $1 ids, $2 lease_tokens, $3 conversation_ids, $4 started_ats, $5 dixa_calls, $6 worker, $7 rate_limited
WITH done AS (
    UPDATE dixa_outbox AS o
    SET state = 'imported', imported_at = now(), updated_at = now(),
        conversation_id = COALESCE(NULLIF(i.conversation_id, 0), o.conversation_id),
        lease_token = NULL, lease_owner = NULL, lease_expires_at = NULL,
        last_error = NULL, last_error_code = NULL
    FROM unnest($1::bigint[], $2::uuid[], $3::bigint[], $4::timestamptz[], $5::int[], $7::int[])
        AS i (id, lease_token, conversation_id, started_at, dixa_calls, rate_limited)
    WHERE o.id = i.id AND o.lease_token = i.lease_token
    RETURNING o.id, o.attempts, i.started_at, i.dixa_calls, i.rate_limited
)
INSERT INTO dixa_outbox_attempts (outbox_id, attempt, worker, started_at, outcome, dixa_calls, rate_limited)
SELECT id, attempts, $6, started_at, 'imported', dixa_calls, rate_limited FROM done
RETURNING outbox_id;
