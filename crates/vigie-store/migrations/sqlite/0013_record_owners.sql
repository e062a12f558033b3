-- The service that first stored a contracting process (issue 14): with its
-- country, fixed at the first write; empty when the operator loaded it (a
-- record of the country, no one service's). Writes are decided against it.
ALTER TABLE procurement_processes ADD COLUMN producer TEXT NOT NULL DEFAULT '';
