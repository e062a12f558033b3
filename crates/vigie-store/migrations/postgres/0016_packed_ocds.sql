-- OCDS JSON stored compressed (docs/decisions/0021): a release's body and a
-- process's compiled release become bytes. Rows already stored keep their
-- JSON text as UTF-8 bytes, which the store reads as it is; each is packed
-- when next written. The twin is ../sqlite/0016_packed_ocds.sql.
ALTER TABLE ocds_releases ALTER COLUMN body TYPE BYTEA USING convert_to(body, 'UTF8');
ALTER TABLE procurement_processes ALTER COLUMN compiled TYPE BYTEA USING convert_to(compiled, 'UTF8');
