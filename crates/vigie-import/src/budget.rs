//! Budget files: the template's table of budget lines, as CSV or as a
//! workbook, read into [`BudgetLine`]s with every problem named.
//!
//! [`read`] streams the rows for the store, which checks what only it knows
//! (classification levels, each country's currency) at the same
//! [`Location`]s; [`parse`] collects a whole file for tests and small
//! uploads.

mod amount;
mod columns;
mod csv;
mod duplicates;
mod format;
mod row;
mod template;
mod xlsx;

use std::fmt;
use std::io::{Cursor, Read, Seek, SeekFrom};

use vigie_domain::budget::BudgetLine;

use crate::error::{ImportError, Location};

pub use columns::{COLUMNS, Column};
pub use duplicates::Duplicates;
pub use template::template;

use format::Format;

/// A parsed line and where it came from, so that the store can report its
/// own checks (an unknown classification level, the wrong currency for the
/// country) at the same place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedLine {
    /// The line, checked by [`BudgetLine::check`].
    pub line: BudgetLine,
    /// Its line in a text file, or its row (`Budget!7:7`) in a workbook.
    pub location: Location,
    /// What was interpreted to read it (an accountant's negative, …):
    /// the line stands, and the report says how it was read.
    pub warnings: Vec<ImportError>,
}

/// How much of the start of a file is looked at to tell its format and its
/// CSV delimiter (the header line must fit in it to be measured whole).
const SNIFF: u64 = 64 * 1024;

/// Opens a budget file: tells XLSX, XLSB, XLS and ODS (by their first bytes,
/// then by the extension of `file_name`) from CSV, reads and checks the
/// header (all its problems at once), and returns the rows.
///
/// A CSV file is streamed from `reader`: memory stays bounded however long
/// the file. A workbook is loaded whole.
pub fn read<R: Read + Seek>(file_name: &str, mut reader: R) -> Result<Rows<R>, Vec<ImportError>> {
    let fail = |e: std::io::Error| {
        vec![ImportError::new(
            file_name,
            Location::File,
            "",
            format!("cannot read the file: {e}"),
        )]
    };
    let start = reader.stream_position().map_err(fail)?;
    let mut head = Vec::new();
    (&mut reader)
        .take(SNIFF)
        .read_to_end(&mut head)
        .map_err(fail)?;
    reader.seek(SeekFrom::Start(start)).map_err(fail)?;
    let inner = match format::detect(file_name, &head) {
        Format::Csv => Inner::Csv(csv::open(file_name, reader, &head, start)?),
        Format::Workbook(kind) => Inner::Sheet(xlsx::open(file_name, reader, kind)?),
        Format::Utf16 => {
            return Err(vec![ImportError::new(
                file_name,
                Location::File,
                "",
                "UTF-16 text is not supported: save the file as CSV UTF-8 (or as a workbook)",
            )]);
        }
    };
    Ok(Rows { inner })
}

/// Reads a whole budget file: every line, or every error (all of them, in
/// file order), including lines given twice (see [`Duplicates`]).
pub fn parse(file_name: &str, bytes: &[u8]) -> Result<Vec<ParsedLine>, Vec<ImportError>> {
    let rows = read(file_name, Cursor::new(bytes))?;
    let mut duplicates = Duplicates::new(file_name);
    let mut lines = Vec::new();
    let mut errors = Vec::new();
    for row in rows {
        match row {
            Ok(parsed) => match duplicates.check(&parsed) {
                Ok(()) if errors.is_empty() => lines.push(parsed),
                // Lines are of no use once the file is refused.
                Ok(()) => {}
                Err(error) => errors.push(error),
            },
            Err(row_errors) => errors.extend(row_errors),
        }
    }
    if errors.is_empty() {
        Ok(lines)
    } else {
        Err(errors)
    }
}

/// The rows of a budget file after its header, in file order, each a line
/// or all the problems of that row. Empty rows are skipped. Duplicates are
/// not checked here: see [`Duplicates`].
pub struct Rows<R> {
    inner: Inner<R>,
}

enum Inner<R> {
    Csv(csv::CsvRows<R>),
    Sheet(xlsx::SheetRows),
}

impl<R> Rows<R> {
    /// The warnings that belong to no line (a total row at the end of the
    /// table, skipped; text read as Windows-1252), taken: call it once the
    /// rows are read.
    pub fn take_notes(&mut self) -> Vec<ImportError> {
        match &mut self.inner {
            Inner::Csv(rows) => rows.take_notes(),
            Inner::Sheet(rows) => rows.take_notes(),
        }
    }

    /// A column's header as the file writes it (`devise`), or in the
    /// header's language when the file lacks that optional column: so that
    /// the store names the column of its own checks (a currency, a
    /// classification level) as the parser names its own.
    pub fn column_name(&self, column: &Column) -> &str {
        let header = match &self.inner {
            Inner::Csv(rows) => rows.header(),
            Inner::Sheet(rows) => rows.header(),
        };
        match columns::Field::ALL
            .into_iter()
            .find(|f| f.column() == column)
        {
            Some(field) => header.name(field),
            None => column.en,
        }
    }
}

impl<R: Read> Iterator for Rows<R> {
    type Item = Result<ParsedLine, Vec<ImportError>>;

    fn next(&mut self) -> Option<Self::Item> {
        match &mut self.inner {
            Inner::Csv(rows) => rows.next(),
            Inner::Sheet(rows) => rows.next(),
        }
    }
}

impl<R> fmt::Debug for Rows<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let format = match self.inner {
            Inner::Csv(_) => "csv",
            Inner::Sheet(_) => "workbook",
        };
        f.debug_struct("Rows")
            .field("format", &format)
            .finish_non_exhaustive()
    }
}
