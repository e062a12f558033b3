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
-- ../sqlite/0021_recommendation_counts.sql. Country pairs are inserted
-- and deleted, never updated.
--
-- YugabyteDB's form of ../postgres/0021_recommendation_counts.sql
-- (decision 0031): YSQL has no transition tables, so the countries are
-- followed by row triggers too. Same table, same counts.
CREATE TABLE recommendation_counts (
    countries TEXT    NOT NULL,
    theme     TEXT    NOT NULL,
    source    TEXT    NOT NULL,
    status    TEXT    NOT NULL,
    n         BIGINT  NOT NULL,
    PRIMARY KEY (countries, theme, source, status)
);

-- The set of a recommendation's countries, with some added (`plus`) and
-- some left out (`minus`): the set before a statement that changed them.
CREATE FUNCTION recommendation_countries_set(rid BIGINT, plus TEXT[], minus TEXT[]) RETURNS TEXT
    LANGUAGE sql STABLE SET search_path FROM CURRENT AS $$
    SELECT COALESCE(string_agg(country, ',' ORDER BY country), '') FROM (
        SELECT country FROM recommendation_countries
        WHERE recommendation_id = rid AND NOT (country = ANY (minus))
        UNION SELECT unnest(plus)) c
$$;

CREATE FUNCTION recommendation_counts_add(set_ TEXT, theme_ TEXT, source_ TEXT, status_ TEXT,
                                          delta BIGINT) RETURNS void
    LANGUAGE sql SET search_path FROM CURRENT AS $$
    INSERT INTO recommendation_counts VALUES (set_, theme_, source_, status_, delta)
        ON CONFLICT (countries, theme, source, status)
        DO UPDATE SET n = recommendation_counts.n + EXCLUDED.n
$$;

INSERT INTO recommendation_counts
    SELECT recommendation_countries_set(r.id, '{}', '{}'), r.theme, r.source, r.status, COUNT(*)
    FROM recommendations r
    GROUP BY 1, 2, 3, 4;

-- A recommendation's own row: row triggers (its countries are written by
-- other statements, before or after).
CREATE FUNCTION recommendation_counts_row() RETURNS trigger
    LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM recommendation_counts_add(recommendation_countries_set(OLD.id, '{}', '{}'),
                                          OLD.theme, OLD.source, OLD.status, -1);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        PERFORM recommendation_counts_add(recommendation_countries_set(NEW.id, '{}', '{}'),
                                          NEW.theme, NEW.source, NEW.status, 1);
    END IF;
    RETURN NULL;
END
$$;

-- Countries added or removed: BEFORE row triggers, which run as each row
-- is written and see the rows the statement wrote before it (an AFTER row
-- trigger runs once the whole statement is done, and could not tell the
-- set a recommendation had before this row). The recommendation moves from
-- the set without the country to the set with it, or back.
CREATE FUNCTION recommendation_counts_country() RETURNS trigger
    LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM recommendation_counts_add(recommendation_countries_set(r.id, '{}', '{}'),
                                          r.theme, r.source, r.status, -1),
                recommendation_counts_add(recommendation_countries_set(r.id, ARRAY[NEW.country], '{}'),
                                          r.theme, r.source, r.status, 1)
        FROM recommendations r WHERE r.id = NEW.recommendation_id;
        RETURN NEW;
    END IF;
    PERFORM recommendation_counts_add(recommendation_countries_set(r.id, '{}', '{}'),
                                      r.theme, r.source, r.status, -1),
            recommendation_counts_add(recommendation_countries_set(r.id, '{}', ARRAY[OLD.country]),
                                      r.theme, r.source, r.status, 1)
    FROM recommendations r WHERE r.id = OLD.recommendation_id;
    RETURN OLD;
END
$$;

CREATE TRIGGER recommendation_counts_insert AFTER INSERT ON recommendations
    FOR EACH ROW EXECUTE FUNCTION recommendation_counts_row();
CREATE TRIGGER recommendation_counts_delete AFTER DELETE ON recommendations
    FOR EACH ROW EXECUTE FUNCTION recommendation_counts_row();
CREATE TRIGGER recommendation_counts_update AFTER UPDATE OF theme, source, status ON recommendations
    FOR EACH ROW EXECUTE FUNCTION recommendation_counts_row();
CREATE TRIGGER recommendation_counts_country_insert BEFORE INSERT ON recommendation_countries
    FOR EACH ROW EXECUTE FUNCTION recommendation_counts_country();
CREATE TRIGGER recommendation_counts_country_delete BEFORE DELETE ON recommendation_countries
    FOR EACH ROW EXECUTE FUNCTION recommendation_counts_country();
