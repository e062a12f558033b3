-- Follow-up meetings between the facilitator and a country's oversight
-- bodies (issue 7). The twin is ../postgres/0010_meetings.sql. Vouched for by
-- the log one meeting at a time (log::state kind `meeting`).

-- The minutes as imported (title, place, agenda, decisions) are kept as one
-- canonical JSON text: they are read whole and never queried inside. Who
-- took part and which recommendations the meeting advanced are rows, since
-- pages select on them.
CREATE TABLE meetings (
    id      INTEGER PRIMARY KEY,
    code    TEXT    NOT NULL UNIQUE,
    held_on TEXT    NOT NULL,
    country TEXT    NOT NULL REFERENCES countries (code),
    minutes TEXT    NOT NULL
);
CREATE INDEX meetings_country ON meetings (country, held_on);

CREATE TABLE meeting_participants (
    meeting_id     INTEGER NOT NULL REFERENCES meetings (id),
    institution_id INTEGER NOT NULL REFERENCES institutions (id),
    PRIMARY KEY (meeting_id, institution_id)
);

CREATE TABLE meeting_recommendations (
    meeting_id        INTEGER NOT NULL REFERENCES meetings (id),
    recommendation_id INTEGER NOT NULL REFERENCES recommendations (id),
    PRIMARY KEY (meeting_id, recommendation_id)
);
CREATE INDEX meeting_recommendations_recommendation ON meeting_recommendations (recommendation_id);
