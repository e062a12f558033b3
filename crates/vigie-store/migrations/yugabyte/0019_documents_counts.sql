-- How many documents the register holds per country, producing service,
-- level and category: a read model kept at write time by triggers, in the
-- writing transaction (issue 16, item 1). A reader's count is the sum of
-- the few rows their list filter admits (the filter's clauses name exactly
-- these columns), where counting the documents themselves costs what the
-- register holds. The twin is ../sqlite/0019_documents_counts.sql.
--
-- YugabyteDB's form of ../postgres/0019_documents_counts.sql (decision
-- 0031): YSQL has no transition tables, so row triggers, as on SQLite.
-- Same table, same counts.
CREATE TABLE documents_counts (
    country           TEXT    NOT NULL,
    producing_service TEXT    NOT NULL,
    rank              INTEGER NOT NULL,
    category          TEXT    NOT NULL,
    n                 INTEGER NOT NULL,
    PRIMARY KEY (country, producing_service, rank, category)
);
INSERT INTO documents_counts (country, producing_service, rank, category, n)
    SELECT country, producing_service, rank, category, COUNT(*) FROM documents
    GROUP BY country, producing_service, rank, category;

CREATE FUNCTION documents_counts_row() RETURNS trigger
    LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        UPDATE documents_counts SET n = n - 1
            WHERE country = OLD.country AND producing_service = OLD.producing_service
              AND rank = OLD.rank AND category = OLD.category;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO documents_counts (country, producing_service, rank, category, n)
            VALUES (NEW.country, NEW.producing_service, NEW.rank, NEW.category, 1)
            ON CONFLICT (country, producing_service, rank, category)
            DO UPDATE SET n = documents_counts.n + 1;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER documents_counts_insert AFTER INSERT ON documents
    FOR EACH ROW EXECUTE FUNCTION documents_counts_row();
CREATE TRIGGER documents_counts_delete AFTER DELETE ON documents
    FOR EACH ROW EXECUTE FUNCTION documents_counts_row();
CREATE TRIGGER documents_counts_update
    AFTER UPDATE OF country, producing_service, rank, category ON documents
    FOR EACH ROW EXECUTE FUNCTION documents_counts_row();
