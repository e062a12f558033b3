//! One row of a budget file to one [`BudgetLine`], whatever the file format:
//! every field parsed by the domain's own parsers, every problem collected.

use std::borrow::Cow;

use vigie_domain::budget::{BudgetLine, Cofog, EconomicNature, Scope, Stage};
use vigie_domain::{CountryCode, Currency, FiscalYear, Invalid};

use super::amount::{Amount, is_accounting_negative};
use super::columns::{Field, Header};

/// The cells of one row, as a file format gives them.
pub(crate) trait Cells {
    /// How many cells the row has (it may be shorter or longer than the header).
    fn len(&self) -> usize;
    /// The text of a cell, trimmed; empty past the end of the row. `field`
    /// lets a format repair what it is known to damage (a spreadsheet turns
    /// the COFOG code `02.1` into the number 2.1). The error is the reason.
    fn text(&self, index: usize, field: Option<Field>) -> Result<Cow<'_, str>, String>;
    /// The amount in a cell. The error is the reason.
    fn amount(&self, index: usize) -> Result<Amount, String>;

    /// Whether every cell is empty: such rows are skipped (spreadsheets
    /// export blank rows as a line of separators).
    fn is_blank(&self) -> bool {
        (0..self.len()).all(|i| self.text(i, None).is_ok_and(|t| t.is_empty()))
    }
}

/// One problem of a row: the column (its index in the file, when it has
/// one, and its name as written) and the reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RowError {
    pub(crate) index: Option<usize>,
    pub(crate) column: String,
    pub(crate) reason: String,
}

/// The line a row holds with what was interpreted to read it (warnings,
/// shaped like errors), or all its problems in column order: each field
/// that does not parse, then — only when all parsed — the first rule of
/// [`BudgetLine::check`] it breaks.
pub(crate) fn build(
    header: &Header,
    cells: &impl Cells,
) -> Result<(BudgetLine, Vec<RowError>), Vec<RowError>> {
    let mut row = Row {
        header,
        cells,
        errors: Vec::new(),
        warnings: Vec::new(),
    };
    row.stray_values();
    let country = row.parse(Field::Country, str::parse::<CountryCode>);
    let year = row.parse(Field::FiscalYear, str::parse::<FiscalYear>);
    let scope = row.parse(Field::Scope, |s| match s {
        "" => Ok(Scope::Sector),
        s => s.parse(),
    });
    let section = row.text(Field::Section);
    let program = row.text(Field::Program);
    let action = row.text(Field::Action);
    let nature = row.parse(Field::EconomicNature, optional::<EconomicNature>);
    let function = row.parse(Field::Function, optional::<Cofog>);
    let stage = row.parse(Field::Stage, str::parse::<Stage>);
    let amount = row.amount();
    let currency = row.parse(Field::Currency, str::parse::<Currency>);
    let amount = match (amount, currency) {
        (Some(amount), Some(currency)) => match amount.to_money(currency) {
            Ok(money) => Some(money),
            Err(reason) => {
                row.error(Field::Amount, reason);
                None
            }
        },
        _ => None,
    };
    let law = row.text(Field::Law).map(non_empty);
    let classification = row
        .text(Field::Classification)
        .map(|s| non_empty(s).map(|s| s.to_uppercase()));

    let (
        Some(country),
        Some(year),
        Some(scope),
        Some(section),
        Some(program),
        Some(action),
        Some(nature),
        Some(function),
        Some(stage),
        Some(amount),
        Some(law),
        Some(classification),
    ) = (
        country,
        year,
        scope,
        section,
        program,
        action,
        nature,
        function,
        stage,
        amount,
        law,
        classification,
    )
    else {
        return Err(row.finish());
    };
    let line = BudgetLine {
        country,
        year,
        scope,
        section,
        program,
        action,
        nature,
        function,
        stage,
        amount,
        law,
        classification,
    };
    if let Err(invalid) = line.check() {
        match Field::from_domain(invalid.field) {
            Some(field) => row.error(field, reason(&invalid)),
            None => row.errors.push(RowError {
                index: None,
                column: String::new(),
                reason: format!("{}: {}", invalid.field, reason(&invalid)),
            }),
        }
    }
    if row.errors.is_empty() {
        Ok((line, row.warnings))
    } else {
        Err(row.finish())
    }
}

struct Row<'a, C> {
    header: &'a Header,
    cells: &'a C,
    errors: Vec<RowError>,
    warnings: Vec<RowError>,
}

impl<C: Cells> Row<'_, C> {
    fn error(&mut self, field: Field, reason: String) {
        self.errors.push(RowError {
            index: self.header.position(field),
            column: self.header.name(field).to_owned(),
            reason,
        });
    }

    /// The trimmed text of a field; empty when the file has no such column;
    /// `None` (with the error recorded) when the cell cannot be read as text.
    fn text(&mut self, field: Field) -> Option<String> {
        let Some(index) = self.header.position(field) else {
            return Some(String::new());
        };
        match self.cells.text(index, Some(field)) {
            Ok(text) => Some(text.into_owned()),
            Err(reason) => {
                self.error(field, reason);
                None
            }
        }
    }

    fn parse<T>(
        &mut self,
        field: Field,
        parse: impl FnOnce(&str) -> Result<T, Invalid>,
    ) -> Option<T> {
        let text = self.text(field)?;
        match parse(&text) {
            Ok(value) => Some(value),
            Err(invalid) => {
                self.error(field, reason(&invalid));
                None
            }
        }
    }

    fn amount(&mut self) -> Option<Amount> {
        let index = self.header.position(Field::Amount)?;
        match self.cells.amount(index) {
            Ok(amount) => {
                // Only a negative amount can have been written in
                // parentheses: the cell's text is not read again otherwise.
                if amount.is_negative()
                    && let Ok(text) = self.cells.text(index, Some(Field::Amount))
                    && is_accounting_negative(&text)
                {
                    self.warnings.push(RowError {
                        index: Some(index),
                        column: self.header.name(Field::Amount).to_owned(),
                        reason: format!(
                            "`{text}` read as a negative amount (parentheses, as accountants write one)"
                        ),
                    });
                }
                Some(amount)
            }
            Err(reason) => {
                self.error(Field::Amount, reason);
                None
            }
        }
    }

    /// A value under a column without a name, or past the header's last
    /// column, would be silently dropped: refuse it instead.
    fn stray_values(&mut self) {
        for index in 0..self.cells.len() {
            if self.header.is_known(index) {
                continue;
            }
            let text = self.cells.text(index, None).unwrap_or(Cow::Borrowed("?"));
            if !text.is_empty() {
                self.errors.push(RowError {
                    index: Some(index),
                    column: self.header.written_at(index).to_owned(),
                    reason: format!(
                        "value `{text}` in column {}, which the header does not name",
                        index + 1
                    ),
                });
            }
        }
    }

    /// The errors in the order of the file's columns (row-level ones last).
    fn finish(mut self) -> Vec<RowError> {
        self.errors.sort_by_key(|e| e.index.unwrap_or(usize::MAX));
        self.errors
    }
}

/// The label of a total row (`Total`, `TOTAL GÉNÉRAL`, `Sous-total`), when
/// the row is one: one of its heading cells, or its first cell, starts
/// with it. Ministries end their tables with such a row; it is not a
/// budget line (Vigie computes the totals), so a row that does not read as
/// a line and carries that label is skipped with a warning. A line that
/// does read, such as a programme named `Total des équipements`, stays.
pub(crate) fn total_label(header: &Header, cells: &impl Cells) -> Option<String> {
    let is_total = |text: &str| {
        let lower = text.trim().to_lowercase();
        [
            "total",
            "sous-total",
            "sous total",
            "grand total",
            "subtotal",
            "sub-total",
        ]
        .iter()
        .any(|word| lower.starts_with(word))
    };
    let mut indexes: Vec<usize> = [Field::Section, Field::Program, Field::Action]
        .into_iter()
        .filter_map(|f| header.position(f))
        .collect();
    indexes.push(0);
    indexes
        .into_iter()
        .filter_map(|i| cells.text(i, None).ok())
        .find(|text| is_total(text))
        .map(|text| text.into_owned())
}

/// The warning for a skipped total row.
pub(crate) fn total_skipped(label: &str) -> String {
    format!("`{label}`: a total row, skipped (Vigie computes the totals from the lines)")
}

/// An empty value as `None`, for optional codes.
fn optional<T: std::str::FromStr<Err = Invalid>>(s: &str) -> Result<Option<T>, Invalid> {
    if s.is_empty() {
        Ok(None)
    } else {
        s.parse().map(Some)
    }
}

fn non_empty(s: String) -> Option<String> {
    if s.is_empty() { None } else { Some(s) }
}

/// A domain error as a reason for a column: the value, then what was expected.
fn reason(invalid: &Invalid) -> String {
    if invalid.value.is_empty() {
        invalid.reason.clone()
    } else {
        format!("`{}`: {}", invalid.value, invalid.reason)
    }
}
