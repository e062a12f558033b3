-- A country's budget summed per fiscal year, level and heading down to the
-- programme and the economic nature: a read model kept at write time by
-- triggers, in the writing transaction (issue 16, item 1; decision 0027).
-- Every indicator and total a budget page shows is a sum over these
-- columns (never over an action or a COFOG function), and what a reader
-- may see of a line is decided by its country, year and level alone, so a
-- page reads a few hundred groups where it read every line. The twin is
-- ../sqlite/0020_budget_totals.sql. A sum leaving 64 bits fails the
-- writing transaction (bigint out of range) instead of rounding.
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
    lines        BIGINT  NOT NULL,
    amount_minor BIGINT  NOT NULL,
    PRIMARY KEY (country, fiscal_year, rank, scope, stage, section, program, nature, law, currency)
);
INSERT INTO budget_totals
    SELECT country, fiscal_year, rank, scope, stage, section, program, nature, law, currency,
           COUNT(*), SUM(amount_minor)
    FROM budget_lines
    GROUP BY country, fiscal_year, rank, scope, stage, section, program, nature, law, currency;

-- Statement triggers with transition tables, as for the register's counts
-- (0019): one write per group a statement changes.
CREATE FUNCTION budget_totals_apply() RETURNS trigger
    LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO budget_totals
            SELECT country, fiscal_year, rank, scope, stage, section, program, nature, law,
                   currency, COUNT(*), SUM(amount_minor)
            FROM new_rows
            GROUP BY country, fiscal_year, rank, scope, stage, section, program, nature, law, currency
            ON CONFLICT (country, fiscal_year, rank, scope, stage, section, program, nature, law, currency)
            DO UPDATE SET lines = budget_totals.lines + EXCLUDED.lines,
                          amount_minor = budget_totals.amount_minor + EXCLUDED.amount_minor;
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO budget_totals
            SELECT country, fiscal_year, rank, scope, stage, section, program, nature, law,
                   currency, -COUNT(*), -SUM(amount_minor)
            FROM old_rows
            GROUP BY country, fiscal_year, rank, scope, stage, section, program, nature, law, currency
            ON CONFLICT (country, fiscal_year, rank, scope, stage, section, program, nature, law, currency)
            DO UPDATE SET lines = budget_totals.lines + EXCLUDED.lines,
                          amount_minor = budget_totals.amount_minor + EXCLUDED.amount_minor;
    ELSE
        INSERT INTO budget_totals
            SELECT country, fiscal_year, rank, scope, stage, section, program, nature, law,
                   currency, SUM(lines), SUM(amount_minor)
            FROM (
                SELECT country, fiscal_year, rank, scope, stage, section, program, nature, law,
                       currency, -1 AS lines, -amount_minor AS amount_minor FROM old_rows
                UNION ALL
                SELECT country, fiscal_year, rank, scope, stage, section, program, nature, law,
                       currency, 1, amount_minor FROM new_rows
            ) moved
            GROUP BY country, fiscal_year, rank, scope, stage, section, program, nature, law, currency
            ON CONFLICT (country, fiscal_year, rank, scope, stage, section, program, nature, law, currency)
            DO UPDATE SET lines = budget_totals.lines + EXCLUDED.lines,
                          amount_minor = budget_totals.amount_minor + EXCLUDED.amount_minor;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER budget_totals_insert AFTER INSERT ON budget_lines
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION budget_totals_apply();
CREATE TRIGGER budget_totals_delete AFTER DELETE ON budget_lines
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION budget_totals_apply();
CREATE TRIGGER budget_totals_update AFTER UPDATE ON budget_lines
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION budget_totals_apply();
