-- dixa-importer schema, version 7: many Dixa organisations (tenants) in one deployment.
--
-- Every row names the tenant it belongs to; 'default' is the organisation configured by the environment and flags
-- (DIXA_API_TOKEN, DIXA_AGENT_ID, …), so SQL that names no tenant keeps working. Other tenants are stored here by
-- `dixa-importer tenants add`, their token sealed with AES-GCM under the key in DIXA_SECRETS_KEY_FILE: a dump holds
-- only ciphertext. Whatever Dixa keeps per organisation is kept per tenant: end users, reopen requests, webhook
-- subscriptions and events, halts.

CREATE TABLE dixa_tenants (
    name         text        PRIMARY KEY,
    enabled      boolean     NOT NULL DEFAULT true,
    -- NULL for 'default', whose Dixa settings come from the environment.
    agent_id     uuid,
    queue_id     uuid,
    base_url     text,
    rate_limit   double precision,
    burst        integer,
    -- AES-GCM, combined nonce | ciphertext | tag, bound to the tenant's name (Sources/Secrets/SealedSecret.swift).
    token_sealed bytea,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT dixa_tenants_name_valid CHECK (name ~ '^[a-z0-9][a-z0-9_-]{0,62}$'),
    CONSTRAINT dixa_tenants_stored_complete CHECK (name = 'default' OR (token_sealed IS NOT NULL AND agent_id IS NOT NULL)),
    CONSTRAINT dixa_tenants_rate_valid CHECK (rate_limit IS NULL OR rate_limit > 0),
    CONSTRAINT dixa_tenants_burst_valid CHECK (burst IS NULL OR burst >= 1)
);
INSERT INTO dixa_tenants (name) VALUES ('default');

-- A row naming a tenant that does not exist is refused at INSERT, by name, rather than waiting for ever.
CREATE OR REPLACE FUNCTION dixa_tenant_exists() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM dixa_tenants WHERE name = NEW.tenant) THEN
        RAISE EXCEPTION USING
            ERRCODE = 'foreign_key_violation',
            MESSAGE = format('%s.tenant "%s" is not a tenant', TG_TABLE_NAME, NEW.tenant),
            HINT = format('Add it with `dixa-importer tenants add %s --token-file … --agent-id …`, or name an existing tenant.', NEW.tenant);
    END IF;
    RETURN NEW;
END;
$$;

-- The column default makes every existing row the default tenant's without rewriting the table.
ALTER TABLE dixa_outbox ADD COLUMN tenant text NOT NULL DEFAULT 'default';
CREATE TRIGGER dixa_outbox_tenant_exists
    BEFORE INSERT OR UPDATE OF tenant ON dixa_outbox
    FOR EACH ROW EXECUTE FUNCTION dixa_tenant_exists();
-- source_key is unique per tenant. While 'default' is the only tenant, the constraint on source_key alone says so, and
-- keeps the chatbot's `ON CONFLICT (source_key)` working; `tenants add` replaces it with a unique index on (tenant,
-- source_key) when the first other tenant comes (sql/queries/tenant_unique_per_tenant.sql), after which the chatbot
-- writes `ON CONFLICT (tenant, source_key)`. Not both at once: every update of a row (claim, checkpoint, completion)
-- adds an entry to each index on all rows, and a third such index cost a third more per row.

-- The end-user cache: an end user of one organisation is never another's, even with the same email.
ALTER TABLE dixa_end_users ADD COLUMN tenant text NOT NULL DEFAULT 'default';
ALTER TABLE dixa_end_users DROP CONSTRAINT dixa_end_users_pkey;
ALTER TABLE dixa_end_users ADD PRIMARY KEY (tenant, identity_kind, identity_value);
DROP INDEX dixa_end_users_requester;
CREATE INDEX dixa_end_users_requester ON dixa_end_users (tenant, requester_id);

-- Conversation ids are per organisation.
ALTER TABLE dixa_reopen_requests ADD COLUMN tenant text NOT NULL DEFAULT 'default';
CREATE TRIGGER dixa_reopen_requests_tenant_exists
    BEFORE INSERT OR UPDATE OF tenant ON dixa_reopen_requests
    FOR EACH ROW EXECUTE FUNCTION dixa_tenant_exists();

ALTER TABLE dixa_halts ADD COLUMN tenant text NOT NULL DEFAULT 'default';

-- A subscription belongs to one tenant, whose deliveries it verifies. Its secret is sealed like a token when a
-- secrets key is configured (always for tenants other than 'default'); 'default' without a key keeps it as text.
ALTER TABLE dixa_webhook_subscriptions ADD COLUMN tenant text NOT NULL DEFAULT 'default';
ALTER TABLE dixa_webhook_subscriptions ADD COLUMN secret_sealed bytea;
ALTER TABLE dixa_webhook_subscriptions ALTER COLUMN secret_key DROP NOT NULL;
ALTER TABLE dixa_webhook_subscriptions ADD CONSTRAINT dixa_webhook_subscriptions_one_secret
    CHECK ((secret_key IS NULL) <> (secret_sealed IS NULL));

ALTER TABLE dixa_webhook_events ADD COLUMN tenant text NOT NULL DEFAULT 'default';
CREATE INDEX dixa_webhook_events_tenant_conversation ON dixa_webhook_events (tenant, conversation_id, event_timestamp);
DROP INDEX dixa_outbox_conversation;
CREATE INDEX dixa_outbox_conversation ON dixa_outbox (tenant, conversation_id) WHERE conversation_id IS NOT NULL;

-- The chatbot's view: each event with the outbox row of its conversation in the same organisation.
CREATE OR REPLACE VIEW dixa_conversation_events AS
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
       e.payload,
       e.tenant
FROM dixa_webhook_events AS e
LEFT JOIN dixa_outbox AS o ON o.tenant = e.tenant AND o.conversation_id = e.conversation_id;
