-- How many documents the register holds per country, producing service,
-- level and category: a read model kept at write time by triggers, in the
-- writing transaction (issue 16, item 1). A reader's count is the sum of
-- the few rows their list filter admits (the filter's clauses name exactly
-- these columns), where counting the documents themselves costs what the
-- register holds. The twin is ../sqlite/0019_documents_counts.sql.
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

-- Statement triggers with transition tables: one write per group a
-- statement changes, however many rows it writes (a row trigger would
-- update the same few rows once per document, and a bulk insert in one
-- transaction would wade through all their versions). The schema is fixed
-- when the functions are made, whoever's search path runs them.
CREATE FUNCTION documents_counts_add() RETURNS trigger
    LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    INSERT INTO documents_counts (country, producing_service, rank, category, n)
        SELECT country, producing_service, rank, category, COUNT(*) FROM new_rows
        GROUP BY country, producing_service, rank, category
        ON CONFLICT (country, producing_service, rank, category)
        DO UPDATE SET n = documents_counts.n + EXCLUDED.n;
    RETURN NULL;
END
$$;

CREATE FUNCTION documents_counts_remove() RETURNS trigger
    LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    UPDATE documents_counts c SET n = c.n - o.n
        FROM (SELECT country, producing_service, rank, category, COUNT(*) AS n FROM old_rows
              GROUP BY country, producing_service, rank, category) o
        WHERE c.country = o.country AND c.producing_service = o.producing_service
          AND c.rank = o.rank AND c.category = o.category;
    RETURN NULL;
END
$$;

CREATE FUNCTION documents_counts_move() RETURNS trigger
    LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    INSERT INTO documents_counts (country, producing_service, rank, category, n)
        SELECT country, producing_service, rank, category, SUM(delta) FROM (
            SELECT country, producing_service, rank, category, -1 AS delta FROM old_rows
            UNION ALL
            SELECT country, producing_service, rank, category, 1 AS delta FROM new_rows
        ) moved
        GROUP BY country, producing_service, rank, category
        HAVING SUM(delta) <> 0
        ON CONFLICT (country, producing_service, rank, category)
        DO UPDATE SET n = documents_counts.n + EXCLUDED.n;
    RETURN NULL;
END
$$;

CREATE TRIGGER documents_counts_insert AFTER INSERT ON documents
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION documents_counts_add();
CREATE TRIGGER documents_counts_delete AFTER DELETE ON documents
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION documents_counts_remove();
CREATE TRIGGER documents_counts_update AFTER UPDATE ON documents
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION documents_counts_move();
