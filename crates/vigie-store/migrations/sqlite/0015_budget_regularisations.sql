-- Regularisation lines may be negative (a payment cancelled in an
-- execution report); a stage's total per country and year may not, which
-- the import checks once every line of the year is known. SQLite cannot
-- drop a CHECK constraint: the table is rebuilt, same columns, same rows,
-- same ids. The twin is ../postgres/0015_budget_regularisations.sql.
CREATE TABLE budget_lines_new (
    id           INTEGER PRIMARY KEY,
    country      TEXT    NOT NULL REFERENCES countries (code),
    fiscal_year  INTEGER NOT NULL,
    scope        TEXT    NOT NULL CHECK (scope IN ('sector', 'state_total')),
    section      TEXT    NOT NULL,
    program      TEXT    NOT NULL,
    action       TEXT    NOT NULL,
    nature       TEXT    NOT NULL,
    cofog        TEXT    NOT NULL,
    stage        TEXT    NOT NULL,
    law          TEXT    NOT NULL,
    -- Minor units of the country's currency (money is never a float).
    amount_minor BIGINT  NOT NULL,
    currency     TEXT    NOT NULL,
    -- Rank in the country's classification scheme; 0 is public.
    rank         INTEGER NOT NULL CHECK (rank >= 0),
    UNIQUE (country, fiscal_year, scope, section, program, action, nature, cofog, stage, law)
);
INSERT INTO budget_lines_new SELECT id, country, fiscal_year, scope, section, program, action,
    nature, cofog, stage, law, amount_minor, currency, rank FROM budget_lines;
DROP TABLE budget_lines;
ALTER TABLE budget_lines_new RENAME TO budget_lines;
