//! The one error an import reports, written for the person who will fix the
//! file: which file, where in it, which column, and why.

use std::fmt;

/// Where in a file a problem is.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub enum Location {
    /// A 1-based physical line of a text file; the header is line 1. A record
    /// spanning several lines (a quoted line break) is at the line it starts on.
    Line(u64),
    /// A place in a workbook, as the spreadsheet names it: `cell` is a cell
    /// (`C7`), or a whole row (`7:7`, what Excel's name box accepts) when the
    /// problem belongs to the row rather than to one of its cells.
    Cell {
        /// The worksheet's name.
        sheet: String,
        /// The cell (`C7`) or row (`7:7`) reference.
        cell: String,
    },
    /// The file as a whole (unreadable, empty, missing header column).
    #[default]
    File,
}

impl fmt::Display for Location {
    /// As a reader says it: `line 12`, `Budget!C7`, `file`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::Line(line) => write!(f, "line {line}"),
            Location::Cell { sheet, cell } => write!(f, "{sheet}!{cell}"),
            Location::File => f.write_str("file"),
        }
    }
}

/// One problem: file, place, column, reason.
///
/// Displayed the way compilers report errors, so that editors and people
/// alike find the place: `budget.csv:12: amount: not a number `12,3,4``,
/// `budget.xlsx:Budget!C7: amount: …`, `budget.csv: header: …`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportError {
    /// The file's name, as given to the parser.
    pub file: String,
    /// Where in the file.
    pub location: Location,
    /// The column's header as written in the file (`montant`), or empty when
    /// the problem is not about one column.
    pub column: String,
    /// What is wrong, quoting the value.
    pub reason: String,
    /// The key of the record the problem is in, when the file names one
    /// (an OCDS process's ocid); empty otherwise.
    pub record: String,
    /// The value as given, when the problem is about one value; empty
    /// otherwise (the reason quotes it then).
    pub value: String,
}

impl ImportError {
    pub(crate) fn new(
        file: &str,
        location: Location,
        column: &str,
        reason: impl Into<String>,
    ) -> Self {
        ImportError {
            file: file.to_owned(),
            location,
            column: column.to_owned(),
            reason: reason.into(),
            ..Default::default()
        }
    }
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.file)?;
        match &self.location {
            Location::Line(line) => write!(f, ":{line}")?,
            Location::Cell { sheet, cell } => write!(f, ":{sheet}!{cell}")?,
            Location::File => {}
        }
        if !self.column.is_empty() {
            write!(f, ": {}", self.column)?;
        }
        write!(f, ": {}", self.reason)
    }
}

impl std::error::Error for ImportError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn displays_like_a_compiler() {
        let at = |location, column: &str| {
            ImportError::new("budget.csv", location, column, "why").to_string()
        };
        assert_eq!(
            at(Location::Line(12), "amount"),
            "budget.csv:12: amount: why"
        );
        let cell = Location::Cell {
            sheet: "Budget".into(),
            cell: "C7".into(),
        };
        assert_eq!(at(cell, "montant"), "budget.csv:Budget!C7: montant: why");
        assert_eq!(at(Location::File, ""), "budget.csv: why");
        assert_eq!(at(Location::Line(3), ""), "budget.csv:3: why");
    }
}
