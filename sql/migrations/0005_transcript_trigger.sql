-- dixa-importer schema, version 5: transcripts are validated when they are written, not on every update.
-- PostgreSQL evaluates every CHECK constraint on every UPDATE, whichever columns change. The transcript
-- check is a PL/pgSQL walk over the whole transcript (about 24 µs for a two-message one), and each row is
-- updated three or more times on its way through the queue (claim, checkpoints, completion), none of which
-- touch the transcript. A trigger limited to INSERT and UPDATE OF transcript applies the same rules, with
-- the same errors (SQLSTATE check_violation and a message naming the path), only when a transcript is written.

-- The strongest lock first: taking a weaker one for the trigger and then this one for the DROP could deadlock with a
-- chatbot transaction that reads the table and then inserts into it.
LOCK TABLE dixa_outbox IN ACCESS EXCLUSIVE MODE;
CREATE OR REPLACE FUNCTION dixa_outbox_transcript_valid() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    -- A NULL transcript is left to the column's NOT NULL, which reports it as such.
    IF NEW.transcript IS NOT NULL AND NOT dixa_transcript_check_v4(NEW.transcript) THEN
        RAISE EXCEPTION USING ERRCODE = 'check_violation', MESSAGE = 'transcript is not valid',
            CONSTRAINT = 'dixa_outbox_transcript_valid';
    END IF;
    RETURN NEW;
END;
$$;

CREATE TRIGGER dixa_outbox_transcript_valid
    BEFORE INSERT OR UPDATE OF transcript ON dixa_outbox
    FOR EACH ROW EXECUTE FUNCTION dixa_outbox_transcript_valid();

-- Every existing row passed the constraint, so the trigger has nothing to recheck.
ALTER TABLE dixa_outbox DROP CONSTRAINT IF EXISTS dixa_outbox_transcript_valid;
