-- A country's budget summed two ways, kept at write time by triggers in
-- the writing transaction (issue 16, item 1; decision 0027):
--
-- * `budget_totals`: per fiscal year, level, scope, stage, economic nature
--   and programming law. Every total, execution rate, growth, share, plan
--   gap, constant-dollar figure, PEFA PI-1 and PI-2.2 and the composition
--   chart is a sum over these columns, and what a reader may see of a line
--   is decided by its country, year and level alone: a page reads a few
--   thousand rows where it read every line.
-- * `budget_program_totals`: per fiscal year, scope, stage and programme
--   head (section and programme), for PEFA PI-2.1, a public aggregate read
--   for its three-year window only.
--
-- No figure reads an action or a COFOG function: they are in neither key.
-- A sum leaving 64 bits fails the writing transaction (bigint out of
-- range) instead of rounding. The twin is ../sqlite/0020_budget_totals.sql.
--
-- YugabyteDB's form of ../postgres/0020_budget_totals.sql (decision
-- 0031): YSQL has no transition tables, so row triggers, as on SQLite.
-- Same tables, same sums.
CREATE TABLE budget_totals (
    country      TEXT    NOT NULL,
    fiscal_year  INTEGER NOT NULL,
    rank         INTEGER NOT NULL,
    scope        TEXT    NOT NULL,
    stage        TEXT    NOT NULL,
    nature       TEXT    NOT NULL,
    law          TEXT    NOT NULL,
    currency     TEXT    NOT NULL,
    lines        BIGINT  NOT NULL,
    amount_minor BIGINT  NOT NULL,
    PRIMARY KEY (country, fiscal_year, rank, scope, stage, nature, law, currency)
);
CREATE TABLE budget_program_totals (
    country      TEXT    NOT NULL,
    fiscal_year  INTEGER NOT NULL,
    scope        TEXT    NOT NULL,
    stage        TEXT    NOT NULL,
    section      TEXT    NOT NULL,
    program      TEXT    NOT NULL,
    currency     TEXT    NOT NULL,
    lines        BIGINT  NOT NULL,
    amount_minor BIGINT  NOT NULL,
    PRIMARY KEY (country, fiscal_year, scope, stage, section, program, currency)
);

INSERT INTO budget_totals
    SELECT country, fiscal_year, rank, scope, stage, nature, law, currency,
           COUNT(*), SUM(amount_minor)
    FROM budget_lines
    GROUP BY country, fiscal_year, rank, scope, stage, nature, law, currency;
INSERT INTO budget_program_totals
    SELECT country, fiscal_year, scope, stage, section, program, currency,
           COUNT(*), SUM(amount_minor)
    FROM budget_lines
    GROUP BY country, fiscal_year, scope, stage, section, program, currency;

CREATE FUNCTION budget_totals_row() RETURNS trigger
    LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        UPDATE budget_totals SET lines = lines - 1, amount_minor = amount_minor - OLD.amount_minor
            WHERE country = OLD.country AND fiscal_year = OLD.fiscal_year AND rank = OLD.rank
              AND scope = OLD.scope AND stage = OLD.stage AND nature = OLD.nature
              AND law = OLD.law AND currency = OLD.currency;
        UPDATE budget_program_totals SET lines = lines - 1, amount_minor = amount_minor - OLD.amount_minor
            WHERE country = OLD.country AND fiscal_year = OLD.fiscal_year AND scope = OLD.scope
              AND stage = OLD.stage AND section = OLD.section AND program = OLD.program
              AND currency = OLD.currency;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO budget_totals VALUES (NEW.country, NEW.fiscal_year, NEW.rank, NEW.scope,
            NEW.stage, NEW.nature, NEW.law, NEW.currency, 1, NEW.amount_minor)
            ON CONFLICT (country, fiscal_year, rank, scope, stage, nature, law, currency)
            DO UPDATE SET lines = budget_totals.lines + 1,
                          amount_minor = budget_totals.amount_minor + EXCLUDED.amount_minor;
        INSERT INTO budget_program_totals VALUES (NEW.country, NEW.fiscal_year, NEW.scope,
            NEW.stage, NEW.section, NEW.program, NEW.currency, 1, NEW.amount_minor)
            ON CONFLICT (country, fiscal_year, scope, stage, section, program, currency)
            DO UPDATE SET lines = budget_program_totals.lines + 1,
                          amount_minor = budget_program_totals.amount_minor + EXCLUDED.amount_minor;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER budget_totals_insert AFTER INSERT ON budget_lines
    FOR EACH ROW EXECUTE FUNCTION budget_totals_row();
CREATE TRIGGER budget_totals_delete AFTER DELETE ON budget_lines
    FOR EACH ROW EXECUTE FUNCTION budget_totals_row();
CREATE TRIGGER budget_totals_update AFTER UPDATE ON budget_lines
    FOR EACH ROW EXECUTE FUNCTION budget_totals_row();
