-- A second factor at sign-in: TOTP (RFC 6238) with recovery codes.
--
-- `totp_secret` is NULL until the user enrols. `totp_last_step` is the
-- last time step whose code was accepted: a code is accepted once
-- (RFC 6238, section 5.2), even by two requests racing.
ALTER TABLE users ADD COLUMN totp_secret BYTEA;
ALTER TABLE users ADD COLUMN totp_last_step BIGINT;

-- Single-use recovery codes, kept as SHA-256 hashes (each carries 80
-- random bits, so a fast hash is enough, as for tokens).
CREATE TABLE recovery_codes (
    user_id   BIGINT  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code_hash BYTEA    NOT NULL,
    PRIMARY KEY (user_id, code_hash)
);

-- Whether a session was opened with the second factor. Sessions opened
-- before this migration were not: the accounts that need one sign in again.
ALTER TABLE sessions ADD COLUMN second_factor BOOLEAN NOT NULL DEFAULT FALSE;

-- A sign-in half done: the password was right, the code is awaited.
-- `enrol_secret` is the secret offered to an account that has none yet.
CREATE TABLE sign_in_challenges (
    token_hash   BYTEA    PRIMARY KEY,
    user_id      BIGINT  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    enrol_secret BYTEA,
    failures     INTEGER NOT NULL DEFAULT 0,
    expires_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX sign_in_challenges_user ON sign_in_challenges (user_id);
