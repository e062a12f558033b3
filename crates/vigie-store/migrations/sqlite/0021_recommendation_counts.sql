-- How many recommendations there are per set of countries addressed,
-- theme, source and status: a read model kept at write time by triggers,
-- in the writing transaction (issue 16, item 1; decisions 0026, 0028).
-- The public dashboard's figures, under any filter it offers (country,
-- status, theme, source), are sums over these few rows, where counting
-- the recommendations themselves reads them all. `countries` is the
-- sorted, comma-separated set of the countries a recommendation is
-- addressed to ('' for none): a recommendation addressed to two countries
-- counts in each, so the dashboard of one country must know the others.
-- Recommendations are public: no visibility class to key by. The twin is
-- ../postgres/0021_recommendation_counts.sql. Country pairs are inserted
-- and deleted, never updated.
CREATE TABLE recommendation_counts (
    countries TEXT    NOT NULL,
    theme     TEXT    NOT NULL,
    source    TEXT    NOT NULL,
    status    TEXT    NOT NULL,
    n         INTEGER NOT NULL,
    PRIMARY KEY (countries, theme, source, status)
);
INSERT INTO recommendation_counts
    SELECT countries, theme, source, status, COUNT(*) FROM (
        SELECT r.theme, r.source, r.status,
               COALESCE((SELECT group_concat(rc.country, ',' ORDER BY rc.country)
                         FROM recommendation_countries rc WHERE rc.recommendation_id = r.id), '')
                   AS countries
        FROM recommendations r)
    GROUP BY countries, theme, source, status;

CREATE TRIGGER recommendation_counts_insert AFTER INSERT ON recommendations BEGIN
    INSERT INTO recommendation_counts VALUES (
        COALESCE((SELECT group_concat(country, ',' ORDER BY country) FROM recommendation_countries
                  WHERE recommendation_id = new.id), ''),
        new.theme, new.source, new.status, 1)
        ON CONFLICT (countries, theme, source, status) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER recommendation_counts_delete AFTER DELETE ON recommendations BEGIN
    UPDATE recommendation_counts SET n = n - 1
        WHERE countries = COALESCE((SELECT group_concat(country, ',' ORDER BY country)
                                    FROM recommendation_countries
                                    WHERE recommendation_id = old.id), '')
          AND theme = old.theme AND source = old.source AND status = old.status;
END;
CREATE TRIGGER recommendation_counts_update
    AFTER UPDATE OF theme, source, status ON recommendations BEGIN
    UPDATE recommendation_counts SET n = n - 1
        WHERE countries = COALESCE((SELECT group_concat(country, ',' ORDER BY country)
                                    FROM recommendation_countries
                                    WHERE recommendation_id = old.id), '')
          AND theme = old.theme AND source = old.source AND status = old.status;
    INSERT INTO recommendation_counts VALUES (
        COALESCE((SELECT group_concat(country, ',' ORDER BY country) FROM recommendation_countries
                  WHERE recommendation_id = new.id), ''),
        new.theme, new.source, new.status, 1)
        ON CONFLICT (countries, theme, source, status) DO UPDATE SET n = n + 1;
END;

-- A country added: the recommendation moves from the set without it to
-- the set with it.
CREATE TRIGGER recommendation_counts_country_insert AFTER INSERT ON recommendation_countries BEGIN
    UPDATE recommendation_counts SET n = n - 1
        WHERE countries = COALESCE((SELECT group_concat(country, ',' ORDER BY country)
                                    FROM recommendation_countries
                                    WHERE recommendation_id = new.recommendation_id
                                      AND country <> new.country), '')
          AND (theme, source, status) =
              (SELECT theme, source, status FROM recommendations WHERE id = new.recommendation_id);
    INSERT INTO recommendation_counts
        SELECT COALESCE((SELECT group_concat(country, ',' ORDER BY country)
                         FROM recommendation_countries
                         WHERE recommendation_id = new.recommendation_id), ''),
               theme, source, status, 1
        FROM recommendations WHERE id = new.recommendation_id
        ON CONFLICT (countries, theme, source, status) DO UPDATE SET n = n + 1;
END;
-- A country removed: from the set with it to the set without it.
CREATE TRIGGER recommendation_counts_country_delete AFTER DELETE ON recommendation_countries BEGIN
    UPDATE recommendation_counts SET n = n - 1
        WHERE countries = (SELECT group_concat(country, ',' ORDER BY country) FROM (
                               SELECT country FROM recommendation_countries
                               WHERE recommendation_id = old.recommendation_id
                               UNION SELECT old.country))
          AND (theme, source, status) =
              (SELECT theme, source, status FROM recommendations WHERE id = old.recommendation_id);
    INSERT INTO recommendation_counts
        SELECT COALESCE((SELECT group_concat(country, ',' ORDER BY country)
                         FROM recommendation_countries
                         WHERE recommendation_id = old.recommendation_id), ''),
               theme, source, status, 1
        FROM recommendations WHERE id = old.recommendation_id
        ON CONFLICT (countries, theme, source, status) DO UPDATE SET n = n + 1;
END;
