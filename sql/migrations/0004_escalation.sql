-- dixa-importer schema, version 4: escalations to a human queue, Dixa's webhook events, reopen requests.
-- (Version 3 is the shared rate budget.)

-- Escalations: kind 'escalate' is imported open and then transferred to a queue; the transfer is its own
-- checkpoint, so a retry never imports twice.
ALTER TABLE dixa_outbox DROP CONSTRAINT dixa_outbox_kind_valid;
ALTER TABLE dixa_outbox ADD CONSTRAINT dixa_outbox_kind_valid CHECK (kind IN ('closed', 'escalate'));
ALTER TABLE dixa_outbox ADD COLUMN transferred_at timestamptz;
ALTER TABLE dixa_outbox ADD COLUMN transferred_queue_id uuid;

-- A transcript may name the queue an escalation goes to. The version-1 rules stay as they are for the rest.
CREATE OR REPLACE FUNCTION dixa_transcript_check_v4(t jsonb) RETURNS boolean
LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    IF jsonb_typeof(t) = 'object' AND t ? 'queueId' THEN
        IF jsonb_typeof(t -> 'queueId') IS DISTINCT FROM 'string'
            OR (t ->> 'queueId') !~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' THEN
            RAISE EXCEPTION USING ERRCODE = 'check_violation', MESSAGE = 'transcript.queueId must be a queue UUID string';
        END IF;
        RETURN dixa_transcript_check(t - 'queueId');
    END IF;
    RETURN dixa_transcript_check(t);
END;
$$;
ALTER TABLE dixa_outbox DROP CONSTRAINT dixa_outbox_transcript_valid;
ALTER TABLE dixa_outbox ADD CONSTRAINT dixa_outbox_transcript_valid CHECK (dixa_transcript_check_v4(transcript)) NOT VALID;
ALTER TABLE dixa_outbox VALIDATE CONSTRAINT dixa_outbox_transcript_valid;

-- Someone is waiting on an escalation: the claim takes due escalations first, from their own small index.
CREATE INDEX dixa_outbox_due_escalations ON dixa_outbox (run_at, id) WHERE state = 'pending' AND kind = 'escalate';

-- Webhook subscriptions made by `dixa-importer webhooks install`; the receiver verifies each delivery
-- with the secret of the subscription named in its X-DIXA-SUBSCRIPTION-ID header.
CREATE TABLE dixa_webhook_subscriptions (
    id         uuid        PRIMARY KEY,
    url        text        NOT NULL,
    secret_key text        NOT NULL,
    events     text[]      NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- Every event Dixa delivered, once: deliveries come twice and out of order, so event_id is the key.
CREATE TABLE dixa_webhook_events (
    event_id        uuid        PRIMARY KEY,
    event_fqn       text        NOT NULL,
    conversation_id bigint,
    subscription_id uuid,
    event_timestamp timestamptz,
    payload         jsonb       NOT NULL,
    received_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX dixa_webhook_events_conversation ON dixa_webhook_events (conversation_id, event_timestamp);
CREATE INDEX dixa_outbox_conversation ON dixa_outbox (conversation_id) WHERE conversation_id IS NOT NULL;

-- The chatbot LISTENs on dixa_conversation_events; the payload is the event id, to read from the view.
CREATE OR REPLACE FUNCTION dixa_webhook_events_notify() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('dixa_conversation_events', NEW.event_id::text);
    RETURN NULL;
END;
$$;
CREATE TRIGGER dixa_webhook_events_notify
    AFTER INSERT ON dixa_webhook_events
    FOR EACH ROW EXECUTE FUNCTION dixa_webhook_events_notify();

-- What the chatbot reads: each event with the outbox row (source_key) of its conversation.
CREATE VIEW dixa_conversation_events AS
SELECT e.event_id,
       e.event_fqn,
       e.conversation_id,
       o.source_key,
       o.id AS outbox_id,
       e.payload #>> '{data,author,name}' AS author_name,
       e.payload #>> '{data,author,user_type}' AS author_type,
       coalesce(e.payload #>> '{data,content,text}', e.payload #>> '{data,text}') AS text,
       e.event_timestamp,
       e.received_at,
       e.payload
FROM dixa_webhook_events AS e
LEFT JOIN dixa_outbox AS o ON o.conversation_id = e.conversation_id;

-- Reopen requests from the chatbot: the worker sends PUT /v1/conversations/{id}/reopen for each.
CREATE TABLE dixa_reopen_requests (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    conversation_id bigint      NOT NULL,
    state           text        NOT NULL DEFAULT 'pending',
    attempts        integer     NOT NULL DEFAULT 0,
    run_at          timestamptz NOT NULL DEFAULT now(),
    lease_expires_at timestamptz,
    last_error      text,
    requested_at    timestamptz NOT NULL DEFAULT now(),
    done_at         timestamptz,
    CONSTRAINT dixa_reopen_requests_state_valid CHECK (state IN ('pending', 'running', 'done', 'dead'))
);
CREATE INDEX dixa_reopen_requests_due ON dixa_reopen_requests (run_at, id) WHERE state IN ('pending', 'running');
CREATE TRIGGER dixa_reopen_requests_notify
    AFTER INSERT ON dixa_reopen_requests
    FOR EACH STATEMENT EXECUTE FUNCTION dixa_outbox_notify();
