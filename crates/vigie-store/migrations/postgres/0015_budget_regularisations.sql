-- Regularisation lines may be negative (a payment cancelled in an
-- execution report); a stage's total per country and year may not, which
-- the import checks once every line of the year is known. The twin is
-- ../sqlite/0015_budget_regularisations.sql.
ALTER TABLE budget_lines DROP CONSTRAINT budget_lines_amount_minor_check;
