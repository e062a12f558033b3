-- The regional conference: its editions and their programme (issue 7).
-- The twin is ../postgres/0007_conferences.sql.
--
-- An edition is written whole by `vigie import conference` and logged as
-- one object of kind `conference` (its number), whose state hash covers
-- every row below that belongs to it. Bilingual texts are two columns
-- (`_fr`, `_en`); lists of guiding questions are JSON arrays of
-- {"fr", "en"} objects, in order.

CREATE TABLE conferences (
    id         INTEGER PRIMARY KEY,
    number     INTEGER NOT NULL UNIQUE CHECK (number > 0),
    start_date TEXT    NOT NULL,
    end_date   TEXT    NOT NULL,
    city       TEXT    NOT NULL,
    country    TEXT    NOT NULL REFERENCES countries (code),
    venue_fr   TEXT,
    venue_en   TEXT,
    title_fr   TEXT    NOT NULL,
    title_en   TEXT    NOT NULL,
    source     TEXT    NOT NULL
);

-- Every item of an edition's programme: opening, plenary session, panel,
-- workshop, restitution. `code` is stable within an edition ("W2") so that
-- recommendations can name the workshop they come from.
CREATE TABLE conference_sessions (
    id            INTEGER PRIMARY KEY,
    conference_id INTEGER NOT NULL REFERENCES conferences (id),
    code          TEXT    NOT NULL,
    kind          TEXT    NOT NULL,
    day           TEXT    NOT NULL,
    position      INTEGER NOT NULL, -- its order in its day, from 1
    title_fr      TEXT    NOT NULL,
    title_en      TEXT    NOT NULL,
    theme_fr      TEXT,
    theme_en      TEXT,
    questions     TEXT    NOT NULL,
    UNIQUE (conference_id, code)
);

-- Who speaks, moderates, reports or brings expertise in an item, as
-- published: a name only where the source gives one.
CREATE TABLE conference_roles (
    id             INTEGER PRIMARY KEY,
    session_id     INTEGER NOT NULL REFERENCES conference_sessions (id),
    position       INTEGER NOT NULL,
    role           TEXT    NOT NULL,
    name           TEXT,
    affiliation_fr TEXT    NOT NULL,
    affiliation_en TEXT    NOT NULL,
    institution    TEXT    REFERENCES institutions (code)
);
CREATE INDEX conference_roles_session ON conference_roles (session_id);

-- Organiser, partners and funders of an edition.
CREATE TABLE conference_institutions (
    conference_id INTEGER NOT NULL REFERENCES conferences (id),
    position      INTEGER NOT NULL,
    institution   TEXT    NOT NULL REFERENCES institutions (code),
    role          TEXT    NOT NULL,
    note_fr       TEXT,
    note_en       TEXT,
    PRIMARY KEY (conference_id, institution, role)
);

-- Who was invited (and, where known, came): by country (none for regional
-- and international bodies) and institution category.
CREATE TABLE conference_participants (
    conference_id INTEGER NOT NULL REFERENCES conferences (id),
    position      INTEGER NOT NULL,
    country       TEXT    REFERENCES countries (code),
    category      TEXT    NOT NULL,
    institution   TEXT    REFERENCES institutions (code),
    label_fr      TEXT,
    label_en      TEXT,
    expected      INTEGER CHECK (expected >= 0),
    actual        INTEGER CHECK (actual >= 0),
    PRIMARY KEY (conference_id, position)
);

-- Concept note, programme, rapporteurs' reports, workshop restitutions:
-- a public URL, a document of Vigie's register, or only a title.
CREATE TABLE conference_documents (
    conference_id INTEGER NOT NULL REFERENCES conferences (id),
    position      INTEGER NOT NULL,
    kind          TEXT    NOT NULL,
    title_fr      TEXT    NOT NULL,
    title_en      TEXT    NOT NULL,
    language      TEXT    NOT NULL,
    url           TEXT,
    document_id   INTEGER REFERENCES documents (id),
    session_code  TEXT,
    PRIMARY KEY (conference_id, position)
);
