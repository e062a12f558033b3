-- A country's budget summed per fiscal year, level and heading down to the
-- programme and the economic nature: a read model kept at write time by
-- triggers, in the writing transaction (issue 16, item 1; decision 0027).
-- Every indicator and total a budget page shows is a sum over these
-- columns (never over an action or a COFOG function), and what a reader
-- may see of a line is decided by its country, year and level alone, so a
-- page reads a few hundred groups where it read every line. The twin is
-- ../postgres/0020_budget_totals.sql.
--
-- STRICT, so that a sum leaving 64 bits (SQLite's arithmetic would turn it
-- into a float) fails the writing transaction instead of rounding.
CREATE TABLE budget_totals (
    country      TEXT    NOT NULL,
    fiscal_year  INTEGER NOT NULL,
    rank         INTEGER NOT NULL,
    scope        TEXT    NOT NULL,
    stage        TEXT    NOT NULL,
    section      TEXT    NOT NULL,
    program      TEXT    NOT NULL,
    nature       TEXT    NOT NULL,
    law          TEXT    NOT NULL,
    currency     TEXT    NOT NULL,
    lines        INTEGER NOT NULL,
    amount_minor INTEGER NOT NULL,
    PRIMARY KEY (country, fiscal_year, rank, scope, stage, section, program, nature, law, currency)
) STRICT;
INSERT INTO budget_totals
    SELECT country, fiscal_year, rank, scope, stage, section, program, nature, law, currency,
           COUNT(*), SUM(amount_minor)
    FROM budget_lines
    GROUP BY country, fiscal_year, rank, scope, stage, section, program, nature, law, currency;

CREATE TRIGGER budget_totals_insert AFTER INSERT ON budget_lines BEGIN
    INSERT INTO budget_totals VALUES (new.country, new.fiscal_year, new.rank, new.scope,
        new.stage, new.section, new.program, new.nature, new.law, new.currency, 1, new.amount_minor)
        ON CONFLICT (country, fiscal_year, rank, scope, stage, section, program, nature, law, currency)
        DO UPDATE SET lines = lines + 1, amount_minor = amount_minor + excluded.amount_minor;
END;
CREATE TRIGGER budget_totals_delete AFTER DELETE ON budget_lines BEGIN
    UPDATE budget_totals SET lines = lines - 1, amount_minor = amount_minor - old.amount_minor
        WHERE country = old.country AND fiscal_year = old.fiscal_year AND rank = old.rank
          AND scope = old.scope AND stage = old.stage AND section = old.section
          AND program = old.program AND nature = old.nature AND law = old.law
          AND currency = old.currency;
END;
CREATE TRIGGER budget_totals_update AFTER UPDATE ON budget_lines BEGIN
    UPDATE budget_totals SET lines = lines - 1, amount_minor = amount_minor - old.amount_minor
        WHERE country = old.country AND fiscal_year = old.fiscal_year AND rank = old.rank
          AND scope = old.scope AND stage = old.stage AND section = old.section
          AND program = old.program AND nature = old.nature AND law = old.law
          AND currency = old.currency;
    INSERT INTO budget_totals VALUES (new.country, new.fiscal_year, new.rank, new.scope,
        new.stage, new.section, new.program, new.nature, new.law, new.currency, 1, new.amount_minor)
        ON CONFLICT (country, fiscal_year, rank, scope, stage, section, program, nature, law, currency)
        DO UPDATE SET lines = lines + 1, amount_minor = amount_minor + excluded.amount_minor;
END;
