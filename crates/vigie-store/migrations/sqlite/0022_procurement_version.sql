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

-- Processes are listed most recent first — by the day a list shows, the
-- tender's start, else the release's date, as the public sees them — then
-- by ocid: the overview streams the register in that order and the API's
-- pages seek a key in it, neither sorting the register (with its compiled
-- releases) to do so. `listed` is written by every import; a process
-- stored before this migration gets it when the store opens (it is read
-- from the compiled release, which SQL cannot unpack). The country's index
-- replaces the one on (country, date).
ALTER TABLE procurement_processes ADD COLUMN listed TEXT;
CREATE INDEX procurement_processes_recent ON procurement_processes (listed DESC, ocid);
DROP INDEX procurement_processes_country;
CREATE INDEX procurement_processes_country ON procurement_processes (country, listed DESC, ocid);
