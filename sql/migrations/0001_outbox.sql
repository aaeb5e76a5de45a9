-- dixa-importer schema, version 1: the outbox, its attempt log, partial errors and the end-user cache.
-- Applied by `dixa-importer migrate` inside one transaction under an advisory lock.

-- Validates one ISO-8601 timestamp with an explicit offset. A bare cast would also accept 'now',
-- 'epoch' or local times without a zone, which would import at a time the chatbot never meant.
CREATE OR REPLACE FUNCTION dixa_is_timestamp(value jsonb) RETURNS boolean
LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    IF jsonb_typeof(value) IS DISTINCT FROM 'string' THEN
        RETURN false;
    END IF;
    IF (value #>> '{}') !~ '^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:?\d{2})$' THEN
        RETURN false;
    END IF;
    PERFORM (value #>> '{}')::timestamptz;
    RETURN true;
EXCEPTION WHEN others THEN
    RETURN false;
END;
$$;

-- "Empty" means nothing but ASCII whitespace (space, tab, newline, carriage return, form feed, vertical tab).
-- Raises check_violation with a message that names the offending path, so the chatbot's INSERT
-- fails with e.g. `transcript.messages[2].from must be "user" or "bot"`. Indexes are 0-based.
-- The same rules live in Importer/Transcript/Transcript+Parse.swift; the test corpus checks they agree.
CREATE OR REPLACE FUNCTION dixa_transcript_check(t jsonb) RETURNS boolean
LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
    key text;
    requester jsonb;
    message jsonb;
    attachment jsonb;
    attribute jsonb;
    i int;
    j int;
    path text;
    has_identity boolean := false;
BEGIN
    IF jsonb_typeof(t) IS DISTINCT FROM 'object' THEN
        RAISE EXCEPTION USING ERRCODE = 'check_violation', MESSAGE = 'transcript must be a JSON object';
    END IF;
    FOR key IN SELECT jsonb_object_keys(t) LOOP
        IF key NOT IN ('requester', 'startedAt', 'endedAt', 'messages', 'attributes') THEN
            RAISE EXCEPTION USING ERRCODE = 'check_violation',
                MESSAGE = format('transcript.%s is not a known field (expected requester, startedAt, endedAt, messages, attributes)', key);
        END IF;
    END LOOP;

    requester := t -> 'requester';
    IF jsonb_typeof(requester) IS DISTINCT FROM 'object' THEN
        RAISE EXCEPTION USING ERRCODE = 'check_violation', MESSAGE = 'transcript.requester is required and must be an object';
    END IF;
    FOR key IN SELECT jsonb_object_keys(requester) LOOP
        IF key NOT IN ('email', 'phone', 'externalId', 'displayName', 'firstName', 'lastName') THEN
            RAISE EXCEPTION USING ERRCODE = 'check_violation',
                MESSAGE = format('transcript.requester.%s is not a known field (expected email, phone, externalId, displayName, firstName, lastName)', key);
        END IF;
        IF jsonb_typeof(requester -> key) IS DISTINCT FROM 'string' THEN
            RAISE EXCEPTION USING ERRCODE = 'check_violation', MESSAGE = format('transcript.requester.%s must be a string', key);
        END IF;
        IF key IN ('email', 'phone', 'externalId') AND btrim(requester ->> key, E' \t\n\r\f\013') <> '' THEN
            has_identity := true;
        END IF;
    END LOOP;
    IF NOT has_identity THEN
        RAISE EXCEPTION USING ERRCODE = 'check_violation',
            MESSAGE = 'transcript.requester needs at least one non-empty email, phone or externalId';
    END IF;

    IF t ? 'startedAt' AND NOT dixa_is_timestamp(t -> 'startedAt') THEN
        RAISE EXCEPTION USING ERRCODE = 'check_violation',
            MESSAGE = 'transcript.startedAt must be an ISO-8601 timestamp with a zone, e.g. 2026-11-24T10:15:00Z';
    END IF;
    IF t ? 'endedAt' AND NOT dixa_is_timestamp(t -> 'endedAt') THEN
        RAISE EXCEPTION USING ERRCODE = 'check_violation',
            MESSAGE = 'transcript.endedAt must be an ISO-8601 timestamp with a zone, e.g. 2026-11-24T10:15:00Z';
    END IF;
    IF t ? 'startedAt' AND t ? 'endedAt' AND (t ->> 'endedAt')::timestamptz < (t ->> 'startedAt')::timestamptz THEN
        RAISE EXCEPTION USING ERRCODE = 'check_violation', MESSAGE = 'transcript.endedAt must not be before transcript.startedAt';
    END IF;

    IF jsonb_typeof(t -> 'messages') IS DISTINCT FROM 'array' OR jsonb_array_length(t -> 'messages') = 0 THEN
        RAISE EXCEPTION USING ERRCODE = 'check_violation', MESSAGE = 'transcript.messages must be a non-empty array';
    END IF;
    FOR i IN 0 .. jsonb_array_length(t -> 'messages') - 1 LOOP
        message := t -> 'messages' -> i;
        path := format('transcript.messages[%s]', i);
        IF jsonb_typeof(message) IS DISTINCT FROM 'object' THEN
            RAISE EXCEPTION USING ERRCODE = 'check_violation', MESSAGE = path || ' must be an object';
        END IF;
        FOR key IN SELECT jsonb_object_keys(message) LOOP
            IF key NOT IN ('from', 'text', 'at', 'format', 'id', 'attachments') THEN
                RAISE EXCEPTION USING ERRCODE = 'check_violation',
                    MESSAGE = format('%s.%s is not a known field (expected from, text, at, format, id, attachments)', path, key);
            END IF;
        END LOOP;
        IF (message -> 'from') IS NULL OR (message -> 'from') NOT IN ('"user"'::jsonb, '"bot"'::jsonb) THEN
            RAISE EXCEPTION USING ERRCODE = 'check_violation', MESSAGE = path || '.from must be "user" or "bot"';
        END IF;
        IF jsonb_typeof(message -> 'text') IS DISTINCT FROM 'string' OR btrim(message ->> 'text', E' \t\n\r\f\013') = '' THEN
            RAISE EXCEPTION USING ERRCODE = 'check_violation', MESSAGE = path || '.text must be a non-empty string';
        END IF;
        IF NOT dixa_is_timestamp(message -> 'at') THEN
            RAISE EXCEPTION USING ERRCODE = 'check_violation',
                MESSAGE = path || '.at must be an ISO-8601 timestamp with a zone, e.g. 2026-11-24T10:15:00Z';
        END IF;
        IF message ? 'format' AND (message -> 'format') NOT IN ('"text"'::jsonb, '"markdown"'::jsonb, '"html"'::jsonb) THEN
            RAISE EXCEPTION USING ERRCODE = 'check_violation', MESSAGE = path || '.format must be "text", "markdown" or "html"';
        END IF;
        IF message ? 'id' AND (jsonb_typeof(message -> 'id') IS DISTINCT FROM 'string' OR message ->> 'id' = '') THEN
            RAISE EXCEPTION USING ERRCODE = 'check_violation', MESSAGE = path || '.id must be a non-empty string';
        END IF;
        IF message ? 'attachments' THEN
            IF jsonb_typeof(message -> 'attachments') IS DISTINCT FROM 'array' THEN
                RAISE EXCEPTION USING ERRCODE = 'check_violation', MESSAGE = path || '.attachments must be an array';
            END IF;
            FOR j IN 0 .. jsonb_array_length(message -> 'attachments') - 1 LOOP
                attachment := message -> 'attachments' -> j;
                IF jsonb_typeof(attachment) IS DISTINCT FROM 'object' THEN
                    RAISE EXCEPTION USING ERRCODE = 'check_violation', MESSAGE = format('%s.attachments[%s] must be an object', path, j);
                END IF;
                FOR key IN SELECT jsonb_object_keys(attachment) LOOP
                    IF key NOT IN ('url', 'name') THEN
                        RAISE EXCEPTION USING ERRCODE = 'check_violation',
                            MESSAGE = format('%s.attachments[%s].%s is not a known field (expected url, name)', path, j, key);
                    END IF;
                END LOOP;
                IF jsonb_typeof(attachment -> 'url') IS DISTINCT FROM 'string' OR btrim(attachment ->> 'url', E' \t\n\r\f\013') = '' THEN
                    RAISE EXCEPTION USING ERRCODE = 'check_violation', MESSAGE = format('%s.attachments[%s].url must be a non-empty string', path, j);
                END IF;
                IF attachment ? 'name' AND jsonb_typeof(attachment -> 'name') IS DISTINCT FROM 'string' THEN
                    RAISE EXCEPTION USING ERRCODE = 'check_violation', MESSAGE = format('%s.attachments[%s].name must be a string', path, j);
                END IF;
            END LOOP;
        END IF;
    END LOOP;

    IF t ? 'attributes' THEN
        IF jsonb_typeof(t -> 'attributes') IS DISTINCT FROM 'object' THEN
            RAISE EXCEPTION USING ERRCODE = 'check_violation', MESSAGE = 'transcript.attributes must be an object';
        END IF;
        FOR key, attribute IN SELECT * FROM jsonb_each(t -> 'attributes') LOOP
            IF btrim(key, E' \t\n\r\f\013') = '' THEN
                RAISE EXCEPTION USING ERRCODE = 'check_violation', MESSAGE = 'transcript.attributes has an empty key';
            END IF;
            -- Two spellings of one key (NFC and NFD) would collapse into one in most JSON libraries, losing a value.
            IF current_setting('server_encoding') = 'UTF8' AND NOT (key IS NFC NORMALIZED) THEN
                RAISE EXCEPTION USING ERRCODE = 'check_violation',
                    MESSAGE = format('transcript.attributes key "%s" must be in Unicode NFC form', key);
            END IF;
            IF jsonb_typeof(attribute) = 'array' THEN
                IF EXISTS (SELECT 1 FROM jsonb_array_elements(attribute) v WHERE jsonb_typeof(v) IS DISTINCT FROM 'string') THEN
                    RAISE EXCEPTION USING ERRCODE = 'check_violation',
                        MESSAGE = format('transcript.attributes.%s must be a string or an array of strings', key);
                END IF;
            ELSIF jsonb_typeof(attribute) IS DISTINCT FROM 'string' THEN
                RAISE EXCEPTION USING ERRCODE = 'check_violation',
                    MESSAGE = format('transcript.attributes.%s must be a string or an array of strings', key);
            END IF;
        END LOOP;
    END IF;
    RETURN true;
END;
$$;

CREATE TABLE dixa_outbox (
    id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    source_key         text        NOT NULL,
    kind               text        NOT NULL DEFAULT 'closed',
    transcript         jsonb       NOT NULL,
    state              text        NOT NULL DEFAULT 'pending',
    attempts           integer     NOT NULL DEFAULT 0,
    max_attempts       integer     NOT NULL DEFAULT 8,
    run_at             timestamptz NOT NULL DEFAULT now(),
    -- The lease: whoever holds lease_token owns the row until lease_expires_at.
    lease_token        uuid,
    lease_owner        text,
    lease_expires_at   timestamptz,
    -- Checkpoints, each written before the next step starts.
    requester_id       uuid,
    import_created_at  timestamptz,
    import_sent_at     timestamptz,
    conversation_id    bigint,
    attributes_done_at timestamptz,
    last_error         text,
    last_error_code    text,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    imported_at        timestamptz,
    CONSTRAINT dixa_outbox_source_key_unique UNIQUE (source_key),
    CONSTRAINT dixa_outbox_source_key_valid CHECK (btrim(source_key, E' \t\n\r\f\013') <> '' AND length(source_key) <= 255),
    CONSTRAINT dixa_outbox_kind_valid CHECK (kind IN ('closed')),
    CONSTRAINT dixa_outbox_state_valid CHECK (state IN ('pending', 'running', 'imported', 'dead')),
    CONSTRAINT dixa_outbox_max_attempts_valid CHECK (max_attempts BETWEEN 1 AND 100),
    CONSTRAINT dixa_outbox_transcript_valid CHECK (dixa_transcript_check(transcript))
) WITH (fillfactor = 80);

-- The claim reads only these partial indexes, so it stays O(batch) however many rows are imported.
CREATE INDEX dixa_outbox_due ON dixa_outbox (run_at, id) WHERE state = 'pending';
CREATE INDEX dixa_outbox_leased ON dixa_outbox (lease_expires_at) WHERE state = 'running';
CREATE INDEX dixa_outbox_dead ON dixa_outbox (last_error_code) WHERE state = 'dead';

CREATE TABLE dixa_outbox_attempts (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    outbox_id    bigint      NOT NULL REFERENCES dixa_outbox (id) ON DELETE CASCADE,
    attempt      integer     NOT NULL,
    worker       text        NOT NULL,
    started_at   timestamptz NOT NULL,
    finished_at  timestamptz NOT NULL DEFAULT now(),
    outcome      text        NOT NULL,
    error_code   text,
    http_status  integer,
    message      text,
    dixa_calls   integer     NOT NULL DEFAULT 0,
    CONSTRAINT dixa_outbox_attempts_outcome_valid
        CHECK (outcome IN ('imported', 'retry', 'dead', 'released', 'lease_lost'))
);
CREATE INDEX dixa_outbox_attempts_outbox ON dixa_outbox_attempts (outbox_id, id);

CREATE TABLE dixa_partial_errors (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    outbox_id       bigint      NOT NULL REFERENCES dixa_outbox (id) ON DELETE CASCADE,
    conversation_id bigint,
    source          text        NOT NULL,
    message         text        NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT dixa_partial_errors_source_valid CHECK (source IN ('import', 'attributes'))
);
CREATE INDEX dixa_partial_errors_outbox ON dixa_partial_errors (outbox_id);
CREATE INDEX dixa_partial_errors_created ON dixa_partial_errors (created_at);

-- identity_kind is 'email' (trimmed, lowercased), 'phone' or 'externalId' (trimmed).
CREATE TABLE dixa_end_users (
    identity_kind  text        NOT NULL,
    identity_value text        NOT NULL,
    requester_id   uuid        NOT NULL,
    updated_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (identity_kind, identity_value),
    CONSTRAINT dixa_end_users_kind_valid CHECK (identity_kind IN ('email', 'phone', 'externalId'))
);
CREATE INDEX dixa_end_users_requester ON dixa_end_users (requester_id);

-- One NOTIFY per INSERT statement, not per row: a bulk backfill wakes the worker once.
CREATE OR REPLACE FUNCTION dixa_outbox_notify() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('dixa_outbox', '');
    RETURN NULL;
END;
$$;

CREATE TRIGGER dixa_outbox_notify
    AFTER INSERT ON dixa_outbox
    FOR EACH STATEMENT EXECUTE FUNCTION dixa_outbox_notify();
