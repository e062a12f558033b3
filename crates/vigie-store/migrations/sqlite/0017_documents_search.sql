-- Searching the register's titles and references by an index (issue 16:
-- text search within 100 ms at a million documents). An FTS5 table with the
-- trigram tokenizer indexes every three characters of both columns, so a
-- phrase query finds a substring, case-insensitively, as the `LIKE` it
-- replaces did, without reading every row. It holds no text of its own
-- (`content='documents'`): the triggers keep its index in step with the
-- register. The twin is ../postgres/0017_documents_search.sql (pg_trgm).
CREATE VIRTUAL TABLE documents_search USING fts5(
    title, reference, content = 'documents', content_rowid = 'id', tokenize = 'trigram'
);
INSERT INTO documents_search (documents_search) VALUES ('rebuild');

CREATE TRIGGER documents_search_insert AFTER INSERT ON documents BEGIN
    INSERT INTO documents_search (rowid, title, reference) VALUES (new.id, new.title, new.reference);
END;
CREATE TRIGGER documents_search_delete AFTER DELETE ON documents BEGIN
    INSERT INTO documents_search (documents_search, rowid, title, reference)
        VALUES ('delete', old.id, old.title, old.reference);
END;
CREATE TRIGGER documents_search_update AFTER UPDATE OF title, reference ON documents BEGIN
    INSERT INTO documents_search (documents_search, rowid, title, reference)
        VALUES ('delete', old.id, old.title, old.reference);
    INSERT INTO documents_search (rowid, title, reference) VALUES (new.id, new.title, new.reference);
END;
