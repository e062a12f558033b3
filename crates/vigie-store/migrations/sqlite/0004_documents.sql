-- Classified documents and the oversight access to them: clearances,
-- mandates, the encrypted document register, access requests with their
-- decisions and grants. The PostgreSQL twin is ../postgres/0004_documents.sql.
-- Every table here is vouched for by the log (see log::state).

-- The highest rank of their country's scheme a user is cleared for; no row
-- means 0 (public information only).
CREATE TABLE clearances (
    user_id BIGINT  PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    rank    INTEGER NOT NULL CHECK (rank >= 0)
);

-- An oversight mandate: an institution (a court of auditors, an
-- inspectorate) covers a service for a span of years, under a reference
-- (the programme decision, the commission's mandate).
CREATE TABLE mandates (
    id           INTEGER PRIMARY KEY,
    institution  TEXT    NOT NULL REFERENCES institutions (code),
    service      TEXT    NOT NULL REFERENCES institutions (code),
    year_from    INTEGER NOT NULL,
    year_to      INTEGER NOT NULL CHECK (year_to >= year_from),
    reference    TEXT    NOT NULL,
    illustrative BOOLEAN NOT NULL,
    UNIQUE (institution, service, year_from)
);

-- The legal delays of access requests, per country.
CREATE TABLE access_rules (
    country      TEXT    PRIMARY KEY REFERENCES countries (code),
    answer_days  INTEGER NOT NULL CHECK (answer_days > 0),
    appeal_days  INTEGER NOT NULL CHECK (appeal_days > 0),
    grant_days   INTEGER NOT NULL CHECK (grant_days > 0),
    illustrative BOOLEAN NOT NULL,
    source       TEXT    NOT NULL
);

-- The register. Content is never here: `object_key` names an age-encrypted
-- object in the document store, and the key that opens it is outside the
-- database. `rank` is the level within the country's scheme (0: public).
CREATE TABLE documents (
    id                INTEGER PRIMARY KEY,
    country           TEXT    NOT NULL REFERENCES countries (code),
    reference         TEXT    NOT NULL,
    title             TEXT    NOT NULL,
    dated             TEXT    NOT NULL,
    producing_service TEXT    NOT NULL REFERENCES institutions (code),
    rank              INTEGER NOT NULL,
    classified_by     TEXT    NOT NULL,
    legal_basis       TEXT    NOT NULL,
    category          TEXT    NOT NULL REFERENCES classification_categories (code),
    justification     TEXT    NOT NULL,
    review_on         TEXT,
    declassify_on     TEXT,
    derived_from      BIGINT  REFERENCES documents (id),
    object_key        TEXT    NOT NULL UNIQUE,
    media_type        TEXT    NOT NULL,
    file_name         TEXT    NOT NULL,
    size              BIGINT  NOT NULL,
    created_at        TEXT    NOT NULL,
    UNIQUE (country, reference),
    FOREIGN KEY (country, rank) REFERENCES classification_levels (country, rank)
);
-- The register's order with every column the access filter reads: a page
-- and its count are read from this index alone (see documents/list.rs).
CREATE INDEX documents_register ON documents (dated, id, country, producing_service, rank, category);
CREATE INDEX documents_service ON documents (producing_service, category, rank);
CREATE INDEX documents_due ON documents (declassify_on) WHERE rank > 0;

-- What happened to a document's classification, in order: the public sees
-- it with the document once declassified.
CREATE TABLE document_history (
    id          INTEGER PRIMARY KEY,
    document_id BIGINT  NOT NULL REFERENCES documents (id),
    at          TEXT    NOT NULL,
    action      TEXT    NOT NULL,
    actor       TEXT    NOT NULL,
    from_rank   INTEGER,
    to_rank     INTEGER,
    note        TEXT    NOT NULL
);
CREATE INDEX document_history_document ON document_history (document_id);

-- A request names a document, or a category of a service's documents.
CREATE TABLE access_requests (
    id                INTEGER PRIMARY KEY,
    country           TEXT    NOT NULL REFERENCES countries (code),
    producing_service TEXT    NOT NULL REFERENCES institutions (code),
    document_id       BIGINT  REFERENCES documents (id),
    category          TEXT    REFERENCES classification_categories (code),
    requester_id      BIGINT  NOT NULL REFERENCES users (id),
    legal_basis       TEXT    NOT NULL,
    purpose           TEXT    NOT NULL,
    created_at        TEXT    NOT NULL,
    due_on            TEXT    NOT NULL,
    status            TEXT    NOT NULL CHECK (status IN ('pending', 'granted', 'partial', 'refused', 'appealed')),
    appeal_reasons    TEXT,
    CHECK ((document_id IS NULL) <> (category IS NULL))
);
CREATE INDEX access_requests_service ON access_requests (producing_service, status);
CREATE INDEX access_requests_requester ON access_requests (requester_id);

CREATE TABLE access_decisions (
    id           INTEGER PRIMARY KEY,
    request_id   BIGINT  NOT NULL REFERENCES access_requests (id),
    decided_at   TEXT    NOT NULL,
    decided_by   TEXT    NOT NULL,
    decision     TEXT    NOT NULL CHECK (decision IN ('grant', 'partial', 'refuse')),
    reasons      TEXT    NOT NULL CHECK (length(trim(reasons)) > 0),
    on_appeal    BOOLEAN NOT NULL
);
CREATE INDEX access_decisions_request ON access_decisions (request_id);

-- A grant opens one document to one user until `ends_at`.
CREATE TABLE access_grants (
    id          INTEGER PRIMARY KEY,
    request_id  BIGINT  NOT NULL REFERENCES access_requests (id),
    user_id     BIGINT  NOT NULL REFERENCES users (id),
    document_id BIGINT  NOT NULL REFERENCES documents (id),
    ends_at     TEXT    NOT NULL
);
CREATE INDEX access_grants_user ON access_grants (user_id, ends_at);
