-- The regional conference: its editions and their programme (issue 7).
-- The twin is ../postgres/0007_conferences.sql.

CREATE TABLE conferences (
    id         INTEGER PRIMARY KEY,
    number     INTEGER NOT NULL UNIQUE CHECK (number > 0),
    start_date TEXT    NOT NULL,
    end_date   TEXT    NOT NULL,
    city       TEXT    NOT NULL
);

-- Every item of an edition's programme: opening, plenary session, panel,
-- workshop, restitution. `code` is stable within an edition ("W2") so that
-- recommendations can name the workshop they come from.
CREATE TABLE conference_sessions (
    id            INTEGER PRIMARY KEY,
    conference_id INTEGER NOT NULL REFERENCES conferences (id),
    code          TEXT    NOT NULL,
    kind          TEXT    NOT NULL,
    UNIQUE (conference_id, code)
);
