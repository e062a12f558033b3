-- Sign-in attempts counted where every server sees them (issue 16, item 6:
-- several `vigie serve` behind one load balancer keep the limits that one
-- server keeps). One row per limited key — an account, a client address,
-- an account's one-time codes — named by its SHA-256 only, for the window
-- that began at `since_ms` (Unix milliseconds). Rows of ended windows are
-- purged as attempts come. The twin is ../sqlite/0018_sign_in_attempts.sql.
CREATE TABLE sign_in_attempts (
    key_hash BYTEA   PRIMARY KEY,
    since_ms BIGINT  NOT NULL,
    attempts INTEGER NOT NULL
);
CREATE INDEX sign_in_attempts_since ON sign_in_attempts (since_ms);
