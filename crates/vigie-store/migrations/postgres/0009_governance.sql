-- Governance (issue 7, items 1 and 2): institution profiles with their legal
-- bases and reporting lines, assessment frameworks, assessments and their
-- scores. The twin is ../sqlite/0009_governance.sql. Vouched for by the log
-- (log::state kinds institution_profile, assessment_framework, assessment).

-- One profile per institution: what it does, its mandate, its power of
-- access to classified information (none, on_request, by_mandate, full,
-- unknown: vigie_domain::governance::AccessPower).
CREATE TABLE governance_profiles (
    institution    TEXT    PRIMARY KEY REFERENCES institutions (code),
    functions_fr   TEXT    NOT NULL,
    functions_en   TEXT    NOT NULL,
    mandate_fr     TEXT    NOT NULL,
    mandate_en     TEXT    NOT NULL,
    access         TEXT    NOT NULL,
    access_note_fr TEXT    NOT NULL,
    access_note_en TEXT    NOT NULL,
    source         TEXT    NOT NULL,
    illustrative   BOOLEAN NOT NULL
);

-- The texts a profile rests on, in the profile's order. `date` is NULL
-- when the source does not give it: never guessed.
CREATE TABLE governance_legal_texts (
    institution TEXT    NOT NULL REFERENCES governance_profiles (institution),
    position    INTEGER NOT NULL,
    kind        TEXT    NOT NULL,
    number      TEXT    NOT NULL,
    date        TEXT,
    title_fr    TEXT    NOT NULL,
    title_en    TEXT    NOT NULL,
    source      TEXT    NOT NULL,
    PRIMARY KEY (institution, position)
);

CREATE TABLE governance_reporting_lines (
    institution TEXT NOT NULL REFERENCES governance_profiles (institution),
    reports_to  TEXT NOT NULL REFERENCES institutions (code),
    nature_fr   TEXT NOT NULL,
    nature_en   TEXT NOT NULL,
    PRIMARY KEY (institution, reports_to)
);

-- A framework version as its canonical JSON (the definition is read and
-- shown whole, never queried by part), with the columns lists select on.
CREATE TABLE assessment_frameworks (
    code         TEXT    NOT NULL,
    version      INTEGER NOT NULL CHECK (version > 0),
    title_fr     TEXT    NOT NULL,
    title_en     TEXT    NOT NULL,
    illustrative BOOLEAN NOT NULL,
    definition   TEXT    NOT NULL,
    PRIMARY KEY (code, version)
);

CREATE TABLE assessments (
    framework    TEXT    NOT NULL,
    version      INTEGER NOT NULL,
    country      TEXT    NOT NULL REFERENCES countries (code),
    year         INTEGER NOT NULL,
    assessor     TEXT    NOT NULL REFERENCES institutions (code),
    illustrative BOOLEAN NOT NULL,
    PRIMARY KEY (framework, version, country, year),
    FOREIGN KEY (framework, version) REFERENCES assessment_frameworks (code, version)
);
CREATE INDEX assessments_country ON assessments (country, year);

-- One row per question scored; `evidence` is the question's links as a
-- JSON array ([{"title", "url"?, "document"?}]), shown whole.
CREATE TABLE assessment_scores (
    framework TEXT    NOT NULL,
    version   INTEGER NOT NULL,
    country   TEXT    NOT NULL,
    year      INTEGER NOT NULL,
    question  TEXT    NOT NULL,
    score     INTEGER NOT NULL,
    note      TEXT    NOT NULL,
    evidence  TEXT    NOT NULL,
    PRIMARY KEY (framework, version, country, year, question),
    FOREIGN KEY (framework, version, country, year) REFERENCES assessments (framework, version, country, year)
);
