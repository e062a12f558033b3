-- How many documents the register holds per country, producing service,
-- level and category: a read model kept at write time by triggers, in the
-- writing transaction (issue 16, item 1). A reader's count is the sum of
-- the few rows their list filter admits (the filter's clauses name exactly
-- these columns), where counting the documents themselves costs what the
-- register holds. The twin is ../postgres/0019_documents_counts.sql.
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

CREATE TRIGGER documents_counts_insert AFTER INSERT ON documents BEGIN
    INSERT INTO documents_counts (country, producing_service, rank, category, n)
        VALUES (new.country, new.producing_service, new.rank, new.category, 1)
        ON CONFLICT (country, producing_service, rank, category) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER documents_counts_delete AFTER DELETE ON documents BEGIN
    UPDATE documents_counts SET n = n - 1
        WHERE country = old.country AND producing_service = old.producing_service
          AND rank = old.rank AND category = old.category;
END;
CREATE TRIGGER documents_counts_update
    AFTER UPDATE OF country, producing_service, rank, category ON documents BEGIN
    UPDATE documents_counts SET n = n - 1
        WHERE country = old.country AND producing_service = old.producing_service
          AND rank = old.rank AND category = old.category;
    INSERT INTO documents_counts (country, producing_service, rank, category, n)
        VALUES (new.country, new.producing_service, new.rank, new.category, 1)
        ON CONFLICT (country, producing_service, rank, category) DO UPDATE SET n = n + 1;
END;
