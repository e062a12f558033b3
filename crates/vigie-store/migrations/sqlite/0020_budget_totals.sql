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
-- STRICT, so that a sum leaving 64 bits (SQLite's arithmetic would turn it
-- into a float) fails the writing transaction instead of rounding. The
-- twin is ../postgres/0020_budget_totals.sql.
CREATE TABLE budget_totals (
    country      TEXT    NOT NULL,
    fiscal_year  INTEGER NOT NULL,
    rank         INTEGER NOT NULL,
    scope        TEXT    NOT NULL,
    stage        TEXT    NOT NULL,
    nature       TEXT    NOT NULL,
    law          TEXT    NOT NULL,
    currency     TEXT    NOT NULL,
    lines        INTEGER NOT NULL,
    amount_minor INTEGER NOT NULL,
    PRIMARY KEY (country, fiscal_year, rank, scope, stage, nature, law, currency)
) STRICT, WITHOUT ROWID;
CREATE TABLE budget_program_totals (
    country      TEXT    NOT NULL,
    fiscal_year  INTEGER NOT NULL,
    scope        TEXT    NOT NULL,
    stage        TEXT    NOT NULL,
    section      TEXT    NOT NULL,
    program      TEXT    NOT NULL,
    currency     TEXT    NOT NULL,
    lines        INTEGER NOT NULL,
    amount_minor INTEGER NOT NULL,
    PRIMARY KEY (country, fiscal_year, scope, stage, section, program, currency)
) STRICT, WITHOUT ROWID;
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

CREATE TRIGGER budget_totals_insert AFTER INSERT ON budget_lines BEGIN
    INSERT INTO budget_totals VALUES (new.country, new.fiscal_year, new.rank, new.scope,
        new.stage, new.nature, new.law, new.currency, 1, new.amount_minor)
        ON CONFLICT (country, fiscal_year, rank, scope, stage, nature, law, currency)
        DO UPDATE SET lines = lines + 1, amount_minor = amount_minor + excluded.amount_minor;
    INSERT INTO budget_program_totals VALUES (new.country, new.fiscal_year, new.scope,
        new.stage, new.section, new.program, new.currency, 1, new.amount_minor)
        ON CONFLICT (country, fiscal_year, scope, stage, section, program, currency)
        DO UPDATE SET lines = lines + 1, amount_minor = amount_minor + excluded.amount_minor;
END;
CREATE TRIGGER budget_totals_delete AFTER DELETE ON budget_lines BEGIN
    UPDATE budget_totals SET lines = lines - 1, amount_minor = amount_minor - old.amount_minor
        WHERE country = old.country AND fiscal_year = old.fiscal_year AND rank = old.rank
          AND scope = old.scope AND stage = old.stage AND nature = old.nature
          AND law = old.law AND currency = old.currency;
    UPDATE budget_program_totals SET lines = lines - 1, amount_minor = amount_minor - old.amount_minor
        WHERE country = old.country AND fiscal_year = old.fiscal_year AND scope = old.scope
          AND stage = old.stage AND section = old.section AND program = old.program
          AND currency = old.currency;
END;
CREATE TRIGGER budget_totals_update AFTER UPDATE ON budget_lines BEGIN
    UPDATE budget_totals SET lines = lines - 1, amount_minor = amount_minor - old.amount_minor
        WHERE country = old.country AND fiscal_year = old.fiscal_year AND rank = old.rank
          AND scope = old.scope AND stage = old.stage AND nature = old.nature
          AND law = old.law AND currency = old.currency;
    UPDATE budget_program_totals SET lines = lines - 1, amount_minor = amount_minor - old.amount_minor
        WHERE country = old.country AND fiscal_year = old.fiscal_year AND scope = old.scope
          AND stage = old.stage AND section = old.section AND program = old.program
          AND currency = old.currency;
    INSERT INTO budget_totals VALUES (new.country, new.fiscal_year, new.rank, new.scope,
        new.stage, new.nature, new.law, new.currency, 1, new.amount_minor)
        ON CONFLICT (country, fiscal_year, rank, scope, stage, nature, law, currency)
        DO UPDATE SET lines = lines + 1, amount_minor = amount_minor + excluded.amount_minor;
    INSERT INTO budget_program_totals VALUES (new.country, new.fiscal_year, new.scope,
        new.stage, new.section, new.program, new.currency, 1, new.amount_minor)
        ON CONFLICT (country, fiscal_year, scope, stage, section, program, currency)
        DO UPDATE SET lines = lines + 1, amount_minor = amount_minor + excluded.amount_minor;
END;
