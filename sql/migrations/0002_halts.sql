-- dixa-importer schema, version 2: a record of every configuration halt, for the `halts` report.
CREATE TABLE dixa_halts (
    id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    worker    text        NOT NULL,
    halted_at timestamptz NOT NULL DEFAULT now(),
    cause     text        NOT NULL,
    remedy    text        NOT NULL
);
CREATE INDEX dixa_halts_halted_at ON dixa_halts (halted_at);
