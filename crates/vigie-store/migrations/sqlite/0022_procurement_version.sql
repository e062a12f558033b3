-- The procurement register's version: one more at every import that
-- commits (issue 16, item 1; decision 0029). What the procurement pages
-- derive from the whole register (dashboard, flags) is computed once per
-- version and per reader's visibility, and kept in memory keyed by it:
-- the log's size is not that key, as a cleared reader's reading adds to
-- the log without changing the register.
CREATE TABLE procurement_version (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    version BIGINT  NOT NULL
);
INSERT INTO procurement_version (id, version) VALUES (1, 0);
