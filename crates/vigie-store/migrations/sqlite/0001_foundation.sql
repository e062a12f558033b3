-- Foundation: reference data, accounts, sessions, the SIPRI series.
-- The PostgreSQL twin of this file is ../postgres/0001_foundation.sql; keep them in step.

CREATE TABLE instance_meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE countries (
    code     TEXT PRIMARY KEY CHECK (length(code) = 3),
    iso2     TEXT NOT NULL,
    name_fr  TEXT NOT NULL,
    name_en  TEXT NOT NULL,
    currency TEXT NOT NULL
);

CREATE TABLE classification_levels (
    country      TEXT    NOT NULL REFERENCES countries (code),
    rank         INTEGER NOT NULL CHECK (rank >= 0),
    code         TEXT    NOT NULL,
    name_fr      TEXT    NOT NULL,
    name_en      TEXT    NOT NULL,
    max_years    INTEGER CHECK (max_years > 0),
    illustrative BOOLEAN NOT NULL,
    source       TEXT    NOT NULL,
    PRIMARY KEY (country, rank),
    UNIQUE (country, code)
);

CREATE TABLE institutions (
    id           INTEGER PRIMARY KEY,
    code         TEXT    NOT NULL UNIQUE,
    kind         TEXT    NOT NULL,
    country      TEXT    REFERENCES countries (code),
    acronym      TEXT,
    name_fr      TEXT    NOT NULL,
    name_en      TEXT    NOT NULL,
    illustrative BOOLEAN NOT NULL DEFAULT FALSE,
    source       TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX institutions_country ON institutions (country);

CREATE TABLE users (
    id             INTEGER PRIMARY KEY,
    username       TEXT    NOT NULL UNIQUE,
    institution_id INTEGER NOT NULL REFERENCES institutions (id),
    password_hash  TEXT    NOT NULL,
    created_at     TEXT    NOT NULL,
    disabled       BOOLEAN NOT NULL DEFAULT FALSE
);

CREATE TABLE user_roles (
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role    TEXT    NOT NULL,
    PRIMARY KEY (user_id, role)
);

-- Sessions and API tokens keep only the SHA-256 of the secret: a copy of
-- the database does not let anyone sign in.
CREATE TABLE sessions (
    token_hash BLOB    PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    csrf_token TEXT    NOT NULL,
    created_at TEXT    NOT NULL,
    expires_at TEXT    NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY,
    token_hash   BLOB    NOT NULL UNIQUE,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    label        TEXT    NOT NULL,
    created_at   TEXT    NOT NULL,
    revoked_at   TEXT
);

-- Published statistics, kept exactly as published: the value is the decimal
-- text of the source, never a float.
CREATE TABLE sipri_observations (
    country     TEXT    NOT NULL REFERENCES countries (code),
    year        INTEGER NOT NULL,
    indicator   TEXT    NOT NULL,
    dataset     TEXT    NOT NULL,
    value       TEXT    NOT NULL,
    unit        TEXT    NOT NULL,
    flag        TEXT,
    note_symbol TEXT,
    source      TEXT    NOT NULL,
    PRIMARY KEY (country, indicator, dataset, year)
);
