-- Defence and security budgets: one amount per heading, stage and fiscal
-- year (see vigie_domain::budget). The twin is ../postgres/0005_budget.sql.
-- Vouched for by the log one country-year at a time (log::state::budget_year).

-- Absent values are stored as '' rather than NULL so that the natural key
-- below is a plain UNIQUE constraint on both backends (NULLs never collide,
-- which would let a re-import duplicate a line instead of matching it).
CREATE TABLE budget_lines (
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
    amount_minor BIGINT  NOT NULL CHECK (amount_minor >= 0),
    currency     TEXT    NOT NULL,
    -- Rank in the country's classification scheme; 0 is public.
    rank         INTEGER NOT NULL CHECK (rank >= 0),
    UNIQUE (country, fiscal_year, scope, section, program, action, nature, cofog, stage, law)
);
