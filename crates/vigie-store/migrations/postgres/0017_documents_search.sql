-- Searching the register's titles and references by an index (issue 16:
-- text search within 100 ms at a million documents). pg_trgm's GIN indexes
-- serve the `ILIKE '%…%'` the register already runs, unchanged, for any
-- text of three characters or more. pg_trgm ships with PostgreSQL and is a
-- trusted extension (PostgreSQL 13 and later): the database's owner may
-- install it. It goes in `public` unless it is installed already; the
-- operator class is named in whichever schema holds it, so that a role
-- whose search path does not include that schema still builds the index.
-- The twin is ../sqlite/0017_documents_search.sql (FTS5, trigram).
CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;

DO $$
DECLARE
    trgm TEXT;
BEGIN
    SELECT n.nspname INTO trgm
        FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
        WHERE e.extname = 'pg_trgm';
    EXECUTE format('CREATE INDEX documents_title_trgm ON documents USING gin (title %I.gin_trgm_ops)', trgm);
    EXECUTE format('CREATE INDEX documents_reference_trgm ON documents USING gin (reference %I.gin_trgm_ops)', trgm);
END
$$;
