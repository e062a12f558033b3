//! The one import pipeline of the accountability records (institution
//! profiles, frameworks, assessments, conference editions, findings,
//! recommendations, meetings): a record kind says how to check one record
//! and how to write it; [`Store::import_records`] does the rest, once, for
//! every kind (decision 0020).
//!
//! The walk of one file: read it (`vigie_import::json::JsonFile`, every
//! value's line known) → read each record of its list into the kind's
//! input type, collecting every error → refuse a key given twice → let the
//! kind check the record against the store (it loaded what it needs before)
//! → if anything is wrong, nothing is written and every problem is
//! returned (`StoreError::Rejected`) → otherwise one transaction: a record
//! whose state equals the stored one is left alone, every other one is
//! written and gets one trail entry, appended last → commit, or roll back
//! for a dry run. The budget and OCDS importers stream files too large
//! to hold, but follow the same steps and report through the same
//! `ImportError` and `vigie_import::Observer`.

mod fields;
mod tx;

use std::collections::BTreeSet;

use serde::de::DeserializeOwned;
use vigie_import::json::JsonFile;
use vigie_import::{ImportError, Location};

pub(crate) use fields::{blank, code, date, parse_date};
pub(crate) use tx::{Tx, on_tx};

use crate::log::{Actor, Change};
use crate::{Result, Store, StoreError};

/// Whether to keep what an import wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportMode {
    /// Write and commit.
    Apply,
    /// Check everything and count what would change, then roll back.
    DryRun,
}

/// How to import a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImportOptions {
    /// Keep what was written, or roll it back.
    pub mode: ImportMode,
    /// Refuse every deviation, rather than read what has one sound
    /// reading and report it as a warning (decision 0019).
    pub strict: bool,
}

impl From<ImportMode> for ImportOptions {
    fn from(mode: ImportMode) -> Self {
        ImportOptions {
            mode,
            strict: false,
        }
    }
}

/// What an import of records did (or, dry, would do).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct RecordImport {
    /// Records read.
    pub read: u64,
    /// The keys of the records new or changed, each one trail entry, in
    /// the file's order.
    pub written: Vec<String>,
    /// Records already stored as they are in the file.
    pub unchanged: u64,
    /// What was read by interpretation (a number given as text, a code in
    /// another case…), each at its place: the first
    /// [`MAX_LISTED_WARNINGS`].
    #[serde(skip)]
    pub warnings: Vec<ImportError>,
    /// Every warning, listed or not.
    pub warnings_total: u64,
}

/// Warnings an import lists; the rest are counted.
pub const MAX_LISTED_WARNINGS: usize = 1000;

/// Counts `warnings` into `total` and lists them in `listed` while there
/// is room: what every import's answer does with its warnings.
pub(crate) fn list_warnings(
    listed: &mut Vec<ImportError>,
    total: &mut u64,
    warnings: Vec<ImportError>,
) {
    *total += warnings.len() as u64;
    let room = MAX_LISTED_WARNINGS.saturating_sub(listed.len());
    listed.extend(warnings.into_iter().take(room));
}

/// The largest file of records read: each is held whole with the line of
/// every value (hand-edited files are a few hundred kilobytes).
const MAX_RECORDS_FILE: u64 = 64_000_000;

/// Refuses a file of records of `size` bytes beyond [`MAX_RECORDS_FILE`],
/// before it is read (the command line asks with the file's size).
pub fn records_file_fits(file_name: &str, size: u64) -> Result<()> {
    if size <= MAX_RECORDS_FILE {
        return Ok(());
    }
    Err(StoreError::Rejected(vec![ImportError {
        file: file_name.to_owned(),
        reason: format!(
            "{} MB: a file of records is read whole, up to {} MB; split it",
            size / 1_000_000,
            MAX_RECORDS_FILE / 1_000_000
        ),
        ..Default::default()
    }]))
}

/// Where the records of a file are.
pub(crate) enum Records {
    /// The array under this member of the root object
    /// (`{"meetings": [ … ]}`).
    List(&'static str),
    /// The whole file is one record (a conference edition).
    Root,
}

/// A kind of record the pipeline imports. The value is the kind with what
/// it needs from the store (institutions, stored states…), loaded before
/// the file is checked.
pub(crate) trait RecordKind: Sync {
    /// The record as the file gives it.
    type Input: DeserializeOwned;
    /// The record once checked, ready to write.
    type Checked: Send + Sync;
    /// Where the records are in the file.
    const RECORDS: Records;
    /// Its name in messages (`meeting`).
    const NOUN: &'static str;
    /// Its `object_type` in the trail (`meeting`).
    const TRAIL: &'static str;
    /// The trail's `action` of a write (`import`, or `create` for kinds
    /// that are only ever created).
    const ACTION: &'static str = "import";
    /// The JSON pointer, within a record, of the member its key comes from
    /// (`/code`): where a key given twice is reported.
    const KEY_AT: &'static str;

    /// The record's key: its `object_id` in the trail, unique in a file.
    fn key(&self, input: &Self::Input) -> String;

    /// Checks one record; every problem goes to `problems`. `None` when it
    /// cannot be written (a problem was reported).
    fn check(&self, problems: &mut Problems<'_>, input: Self::Input) -> Option<Self::Checked>;

    /// The state the trail vouches for, when it can be known before
    /// writing; a record whose state is the stored one is left alone.
    fn state(&self, _checked: &Self::Checked) -> Option<[u8; 32]> {
        None
    }

    /// The stored state of the record with this key, if any.
    fn stored(&self, _key: &str) -> Option<[u8; 32]> {
        None
    }

    /// Writes one record; returns the state its trail entry vouches for.
    fn write(
        &self,
        tx: &mut Tx,
        checked: &Self::Checked,
    ) -> impl Future<Output = Result<[u8; 32]>> + Send;
}

/// The problems of one record, reported at their line in the file (or,
/// for a record given alone, without one).
pub(crate) struct Problems<'f> {
    file: Source<'f>,
    /// The record's pointer in the file (`/meetings/3`).
    at: String,
    errors: Vec<ImportError>,
    warnings: Vec<ImportError>,
}

enum Source<'f> {
    File(&'f JsonFile<'f>),
    Alone(&'f str),
}

impl Problems<'_> {
    /// A problem at `pointer` within the record (`/country`): the record
    /// is not written, nor is the file.
    pub fn error(&mut self, pointer: &str, reason: impl Into<String>) {
        let error = self.at_pointer(pointer, reason.into());
        self.errors.push(error);
    }

    /// What was read by interpretation at `pointer` within the record: the
    /// record is written, and the reader told.
    pub fn warning(&mut self, pointer: &str, reason: impl Into<String>) {
        let warning = self.at_pointer(pointer, reason.into());
        self.warnings.push(warning);
    }

    fn at_pointer(&self, pointer: &str, reason: String) -> ImportError {
        let pointer = format!("{}{pointer}", self.at);
        match self.file {
            Source::File(file) => file.error(&pointer, reason),
            Source::Alone(name) => ImportError {
                file: name.to_owned(),
                location: Location::File,
                column: pointer,
                reason,
                ..Default::default()
            },
        }
    }

    /// How many problems were reported so far.
    pub fn count(&self) -> usize {
        self.errors.len()
    }

    /// Whether the record has a problem (its key given twice included):
    /// it will not be written.
    pub fn has_errors(&self) -> bool {
        !self.errors.is_empty()
    }

    /// The line where `pointer` (within the record) starts; 0 for a
    /// record given alone.
    pub fn line(&self, pointer: &str) -> u64 {
        match self.file {
            Source::File(file) => file.line(&format!("{}{pointer}", self.at)),
            Source::Alone(_) => 0,
        }
    }
}

impl Store {
    /// Imports a JSON file of records of one kind, all or nothing
    /// (`file_name` is only for the messages).
    pub(crate) async fn import_records<K: RecordKind>(
        &self,
        actor: &Actor,
        file_name: &str,
        text: &str,
        options: impl Into<ImportOptions>,
        kind: K,
    ) -> Result<RecordImport> {
        let options = options.into();
        records_file_fits(file_name, text.len() as u64)?;
        let file = JsonFile::parse(file_name, text).map_err(StoreError::Rejected)?;
        let items = match K::RECORDS {
            Records::List(member) => file
                .items(member)
                .map_err(|e| StoreError::Rejected(vec![e]))?,
            Records::Root => vec![(String::new(), &file.root)],
        };
        let mut errors = Vec::new();
        let mut warnings = Vec::new();
        let mut keys = BTreeSet::new();
        let mut checked = Vec::with_capacity(items.len());
        for (at, value) in items {
            let read = if options.strict {
                file.read(&at, value)
            } else {
                file.read_lenient(&at, value, &mut warnings)
            };
            let input: K::Input = match read {
                Ok(input) => input,
                Err(e) => {
                    errors.push(e);
                    continue;
                }
            };
            let mut problems = Problems {
                file: Source::File(&file),
                at,
                errors: Vec::new(),
                warnings: Vec::new(),
            };
            let key = kind.key(&input);
            if !keys.insert(key.clone()) {
                problems.error(
                    K::KEY_AT,
                    format!("{} `{key}` appears twice in the file", K::NOUN),
                );
            }
            let record = kind.check(&mut problems, input);
            errors.append(&mut problems.errors);
            if options.strict {
                errors.append(&mut problems.warnings);
            } else {
                warnings.append(&mut problems.warnings);
            }
            if let Some(record) = record {
                checked.push((key, record));
            }
        }
        if !errors.is_empty() {
            return Err(StoreError::Rejected(errors));
        }
        let read = checked.len() as u64;
        let mut report = self
            .write_records(actor, options.mode, &kind, checked, read)
            .await?;
        list_warnings(&mut report.warnings, &mut report.warnings_total, warnings);
        Ok(report)
    }

    /// Writes one record given alone (a form, an API call), with the checks
    /// of a file; problems name the field by JSON pointer. Returns its key.
    pub(crate) async fn import_record<K: RecordKind>(
        &self,
        actor: &Actor,
        kind: K,
        input: K::Input,
    ) -> Result<String> {
        let mut problems = Problems {
            file: Source::Alone("request"),
            at: String::new(),
            errors: Vec::new(),
            warnings: Vec::new(),
        };
        let key = kind.key(&input);
        let record = kind.check(&mut problems, input);
        let record = match record {
            Some(record) if problems.errors.is_empty() => record,
            _ => return Err(StoreError::Rejected(problems.errors)),
        };
        self.write_records(
            actor,
            ImportMode::Apply,
            &kind,
            vec![(key.clone(), record)],
            1,
        )
        .await?;
        Ok(key)
    }

    /// The write half: one transaction, unchanged records skipped, one
    /// trail entry per record written, appended last.
    async fn write_records<K: RecordKind>(
        &self,
        actor: &Actor,
        mode: ImportMode,
        kind: &K,
        checked: Vec<(String, K::Checked)>,
        read: u64,
    ) -> Result<RecordImport> {
        let mut report = RecordImport {
            read,
            ..RecordImport::default()
        };
        let mut changes = Vec::new();
        let mut tx = Tx::begin(&self.db).await?;
        for (key, record) in checked {
            if let Some(state) = kind.state(&record)
                && kind.stored(&key) == Some(state)
            {
                report.unchanged += 1;
                continue;
            }
            let state = kind.write(&mut tx, &record).await?;
            changes.push(Change::new(K::ACTION, K::TRAIL, key.clone(), Some(state)));
            report.written.push(key);
        }
        tx.append(actor, &changes).await?;
        tx.finish(mode).await?;
        self.db
            .analyze_after_import(mode, report.written.len() as u64)
            .await;
        Ok(report)
    }
}
