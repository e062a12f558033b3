-- The tamper-evident log (RFC 9162 Merkle tree). Append-only: no code path
-- updates or deletes these rows. The SQLite twin is ../sqlite/0002_log.sql.

-- One row per entry. `leaf` is the exact canonical bytes that are hashed;
-- the other columns repeat some of its fields for filtering, and
-- `vigie log verify` checks that they agree with the leaf.
CREATE TABLE log_entries (
    idx         BIGINT  PRIMARY KEY,
    leaf        BYTEA   NOT NULL,
    leaf_hash   BYTEA   NOT NULL,
    actor       TEXT    NOT NULL,
    action      TEXT    NOT NULL,
    object_type TEXT    NOT NULL,
    object_id   TEXT    NOT NULL
);
CREATE INDEX log_entries_object ON log_entries (object_type, object_id);

-- Hashes of complete subtrees at the C2SP tile levels (heights 8, 16, …;
-- leaf hashes are in log_entries): they never change once complete, any
-- other subtree folds from at most 128 of them, and appends stay at about
-- one row per entry.
CREATE TABLE log_nodes (
    level INTEGER NOT NULL,
    idx   BIGINT  NOT NULL,
    hash  BYTEA   NOT NULL,
    PRIMARY KEY (level, idx)
);

-- Signed checkpoints as published (C2SP signed-note text).
CREATE TABLE log_checkpoints (
    size       BIGINT  PRIMARY KEY,
    note       TEXT    NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);

-- The right edge of the tree (one hash per complete subtree of the whole
-- tree, left to right): enough to append and to compute the root without
-- reading the tree. Derived state: `vigie log verify` recomputes it. Its one
-- row is also what appenders lock, so entries get consecutive indices.
CREATE TABLE log_head (
    id       INTEGER PRIMARY KEY CHECK (id = 1),
    size     BIGINT  NOT NULL,
    frontier BYTEA   NOT NULL
);
INSERT INTO log_head (id, size, frontier) VALUES (1, 0, '\x'::bytea);
