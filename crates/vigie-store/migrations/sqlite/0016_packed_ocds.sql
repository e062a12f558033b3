-- OCDS JSON stored compressed (docs/decisions/0021): a release's body and a
-- process's compiled release become bytes. In SQLite a column's declared
-- type is only an affinity and a TEXT column keeps a blob as given, so
-- nothing changes here: rows already stored keep their JSON text, which the
-- store reads as it is, and each is packed when next written. The twin,
-- which does change the columns' type, is ../postgres/0016_packed_ocds.sql.
SELECT 1;
