//! The same budget line twice in one file is a mistake (two amounts for one
//! heading at one stage: which is right?), so it is refused with both places.

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::hash::{DefaultHasher, Hash, Hasher};

use crate::error::{ImportError, Location};

use super::ParsedLine;

/// Finds lines of one file with the same [`BudgetKey`]
/// (`vigie_domain::budget::BudgetLine::key`), while the rows stream by.
///
/// It keeps a 64-bit hash of each key, not the key, and where its line is
/// as one number (a text file's line, or a workbook's row, the sheet kept
/// once): 16 bytes a line, so that a national file of ten million lines
/// costs about 200 MB, not the 1.4 GB it took when each line kept its
/// [`Location`] (`bench/scale/budget.sh`). Two different keys
/// share a hash with probability about n²/2⁶⁵ — under 3 in 100 million for a
/// million lines — and the cost of that is a false "same line" error that
/// refuses the import, never a line silently lost.
///
/// [`BudgetKey`]: vigie_domain::budget::BudgetKey
#[derive(Debug, Clone)]
pub struct Duplicates {
    file: String,
    first: HashMap<u64, u64>,
    /// The worksheet of a workbook's rows; `None` for a text file.
    sheet: Option<String>,
}

impl Duplicates {
    /// A check for one file (its name goes into the errors).
    pub fn new(file_name: &str) -> Self {
        Duplicates {
            file: file_name.to_owned(),
            first: HashMap::new(),
            sheet: None,
        }
    }

    /// Records a line, or reports that an earlier line of the file has the
    /// same key: the error is at the second line and names the first.
    pub fn check(&mut self, parsed: &ParsedLine) -> Result<(), ImportError> {
        // `DefaultHasher::new()` has fixed keys: the same key always gives
        // the same hash within a run, which is all this needs.
        let mut hasher = DefaultHasher::new();
        parsed.line.key().hash(&mut hasher);
        let place = match &parsed.location {
            Location::Line(line) => *line,
            Location::Cell { sheet, cell } => {
                if self.sheet.is_none() {
                    self.sheet = Some(sheet.clone());
                }
                row_number(cell)
            }
            Location::File => 0,
        };
        let first = match self.first.entry(hasher.finish()) {
            Entry::Occupied(first) => *first.get(),
            Entry::Vacant(slot) => {
                slot.insert(place);
                return Ok(());
            }
        };
        Err(ImportError::new(
            &self.file,
            parsed.location.clone(),
            "",
            format!(
                "same line as {} (same country, year, scope, section, programme, action, \
                 economic nature, function, stage and law)",
                self.location(first)
            ),
        ))
    }

    /// A line's place back as a [`Location`]: a line, or a row (`7:7`).
    fn location(&self, place: u64) -> Location {
        match &self.sheet {
            Some(sheet) => Location::Cell {
                sheet: sheet.clone(),
                cell: format!("{place}:{place}"),
            },
            None => Location::Line(place),
        }
    }
}

/// The row of a workbook reference: `7:7` or `C7` → 7.
fn row_number(cell: &str) -> u64 {
    let row = cell.split(':').next().unwrap_or_default();
    row.trim_start_matches(|c: char| c.is_ascii_alphabetic())
        .parse()
        .unwrap_or(0)
}
