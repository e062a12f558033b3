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
/// It keeps a 64-bit hash of each key, not the key, so that a file of a
/// million lines costs tens of megabytes, not hundreds. Two different keys
/// share a hash with probability about n²/2⁶⁵ — under 3 in 100 million for a
/// million lines — and the cost of that is a false "same line" error that
/// refuses the import, never a line silently lost.
///
/// [`BudgetKey`]: vigie_domain::budget::BudgetKey
#[derive(Debug, Clone)]
pub struct Duplicates {
    file: String,
    first: HashMap<u64, Location>,
}

impl Duplicates {
    /// A check for one file (its name goes into the errors).
    pub fn new(file_name: &str) -> Self {
        Duplicates {
            file: file_name.to_owned(),
            first: HashMap::new(),
        }
    }

    /// Records a line, or reports that an earlier line of the file has the
    /// same key: the error is at the second line and names the first.
    pub fn check(&mut self, parsed: &ParsedLine) -> Result<(), ImportError> {
        // `DefaultHasher::new()` has fixed keys: the same key always gives
        // the same hash within a run, which is all this needs.
        let mut hasher = DefaultHasher::new();
        parsed.line.key().hash(&mut hasher);
        match self.first.entry(hasher.finish()) {
            Entry::Occupied(first) => Err(ImportError::new(
                &self.file,
                parsed.location.clone(),
                "",
                format!(
                    "same line as {} (same country, year, scope, section, programme, action, \
                     economic nature, function, stage and law)",
                    first.get()
                ),
            )),
            Entry::Vacant(slot) => {
                slot.insert(parsed.location.clone());
                Ok(())
            }
        }
    }
}
