-- Recommendations follow-up and findings to courts (issue 7, decision 0012).
-- The twin is ../postgres/0008_recommendations.sql. Vouched for by the log:
-- a `finding` is its row and its referrals, a `recommendation` its row,
-- countries, addressees, milestones, evidence and status history.
-- Dates are ISO 8601 text (`2021-03-18`); amounts in minor units.

-- What an audit, inspection or parliamentary inquiry found.
CREATE TABLE findings (
    id                  INTEGER PRIMARY KEY,
    code                TEXT    NOT NULL UNIQUE,
    country             TEXT    NOT NULL REFERENCES countries (code),
    institution         TEXT    NOT NULL REFERENCES institutions (code),
    source              TEXT    NOT NULL,
    title_fr            TEXT    NOT NULL,
    title_en            TEXT    NOT NULL,
    audited_institution TEXT,
    amount_minor        BIGINT,
    currency            TEXT,
    period_from         TEXT    NOT NULL,
    period_to           TEXT    NOT NULL,
    reported_on         TEXT    NOT NULL,
    illustrative        BOOLEAN NOT NULL,
    source_note         TEXT    NOT NULL
);
CREATE INDEX findings_country ON findings (country, reported_on);

-- A finding sent to a court or prosecutor, and what became of it.
CREATE TABLE finding_referrals (
    id              INTEGER PRIMARY KEY,
    finding_id      INTEGER NOT NULL REFERENCES findings (id),
    court           TEXT    NOT NULL REFERENCES institutions (code),
    referred_on     TEXT    NOT NULL,
    case_ref        TEXT    NOT NULL,
    outcome         TEXT    NOT NULL,
    outcome_on      TEXT,
    recovered_minor BIGINT,
    recovered_currency TEXT
);
CREATE INDEX finding_referrals_finding ON finding_referrals (finding_id);

CREATE TABLE recommendations (
    id           INTEGER PRIMARY KEY,
    code         TEXT    NOT NULL UNIQUE,
    source       TEXT    NOT NULL,
    session_id   INTEGER REFERENCES conference_sessions (id),
    finding_id   INTEGER REFERENCES findings (id),
    theme        TEXT    NOT NULL,
    priority     TEXT    NOT NULL,
    made_on      TEXT    NOT NULL,
    title_fr     TEXT    NOT NULL,
    title_en     TEXT    NOT NULL,
    text_fr      TEXT    NOT NULL,
    text_en      TEXT    NOT NULL,
    status       TEXT    NOT NULL,
    illustrative BOOLEAN NOT NULL,
    source_note  TEXT    NOT NULL
);

CREATE TABLE recommendation_countries (
    recommendation_id INTEGER NOT NULL REFERENCES recommendations (id),
    country           TEXT    NOT NULL REFERENCES countries (code),
    PRIMARY KEY (recommendation_id, country)
);

CREATE TABLE recommendation_addressees (
    recommendation_id INTEGER NOT NULL REFERENCES recommendations (id),
    institution       TEXT    NOT NULL REFERENCES institutions (code),
    PRIMARY KEY (recommendation_id, institution)
);
CREATE INDEX recommendation_addressees_institution ON recommendation_addressees (institution);

CREATE TABLE recommendation_milestones (
    id                INTEGER PRIMARY KEY,
    recommendation_id INTEGER NOT NULL REFERENCES recommendations (id),
    position          INTEGER NOT NULL,
    title_fr          TEXT    NOT NULL,
    title_en          TEXT    NOT NULL,
    due               TEXT    NOT NULL,
    responsible       TEXT    NOT NULL REFERENCES institutions (code),
    done_on           TEXT,
    UNIQUE (recommendation_id, position)
);
CREATE INDEX recommendation_milestones_responsible ON recommendation_milestones (responsible);

-- A document or link showing what was done: a URL or a Vigie document.
CREATE TABLE recommendation_evidence (
    id                INTEGER PRIMARY KEY,
    recommendation_id INTEGER NOT NULL REFERENCES recommendations (id),
    title             TEXT    NOT NULL,
    url               TEXT,
    document_id       INTEGER REFERENCES documents (id),
    added_by          TEXT    NOT NULL,
    added_at          TEXT    NOT NULL
);

-- Every change of status, with who, for which institution, when and why.
-- `from_status` is NULL for the status a recommendation was created with.
CREATE TABLE recommendation_history (
    id                INTEGER PRIMARY KEY,
    recommendation_id INTEGER NOT NULL REFERENCES recommendations (id),
    from_status       TEXT,
    to_status         TEXT    NOT NULL,
    reason            TEXT    NOT NULL,
    username          TEXT    NOT NULL,
    institution       TEXT    NOT NULL,
    at                TEXT    NOT NULL
);
CREATE INDEX recommendation_history_recommendation ON recommendation_history (recommendation_id, id);
