//! `vigie import ocds`: OCDS releases, packages or compiled releases into
//! the store, all or nothing.
//!
//! The file is read as a stream on a blocking thread (a multi-gigabyte
//! package in bounded memory) and each release is checked against the OCDS
//! schema and the store's reference data, then written raw inside one
//! transaction. After the last release, each process that changed is
//! compiled again from all its stored releases. Any error rolls the whole
//! import back, after every release was checked: the publisher gets every
//! error at once.

use std::collections::hash_map::Entry;
use std::collections::{BTreeSet, HashMap};
use std::io::BufRead;

use serde_json::Value;
use vigie_domain::{ClassificationLevel, ClassificationScheme, CountryCode};
use vigie_import::{ImportError, Level, Location, Observer};
use vigie_policy::{Action, Resource};

use super::compiled::{self, Classified, Columns, process_state};
use super::dashboard::process_year;
use crate::budget::{ImportMode, MAX_LISTED_WARNINGS};
use crate::db::{BeginWrite, on_pool};
use crate::demo::files::DemoCountry;
use crate::log::{Actor, Change, LogConn};
use crate::{Result, Store, StoreError, Writer};

/// How to import an OCDS file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OcdsOptions {
    /// Keep what was written, or roll it back.
    pub mode: ImportMode,
    /// Refuse every deviation from the schema, as before decision 0019,
    /// rather than correct what has one sound reading.
    pub strict: bool,
}

impl From<ImportMode> for OcdsOptions {
    fn from(mode: ImportMode) -> Self {
        OcdsOptions {
            mode,
            strict: false,
        }
    }
}

/// What an import did (or, dry, would do).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct ProcurementImport {
    /// Releases read.
    pub releases: u64,
    /// Releases new or changed.
    pub written: u64,
    /// Releases already stored as they are in the file.
    pub unchanged: u64,
    /// The processes compiled again (their ocids), each one log entry.
    pub processes: Vec<String>,
    /// What was corrected or kept as given, with where and why: the first
    /// [`MAX_LISTED_WARNINGS`].
    pub warnings: Vec<ImportError>,
    /// Every warning, listed or not.
    pub warnings_total: u64,
}

impl ProcurementImport {
    fn warn(&mut self, warnings: Vec<ImportError>) {
        self.warnings_total += warnings.len() as u64;
        let room = MAX_LISTED_WARNINGS.saturating_sub(self.warnings.len());
        self.warnings.extend(warnings.into_iter().take(room));
    }
}

/// One release of the file and where it is, for errors.
struct Item {
    location: Location,
    /// The JSON pointer of the release in the file (`/releases/17`), or ``
    /// for a line of its own.
    pointer: String,
    release: Value,
    /// What the OCDS schema says of it, checked on the reader's thread:
    /// (JSON path, reason).
    schema: Vec<(String, String)>,
    /// What was corrected in it or kept as given.
    warnings: Vec<ImportError>,
}

/// What the reader hands over.
enum Read {
    Release(Box<Item>),
    Error(ImportError),
    Warning(ImportError),
}

/// Releases read ahead of the database.
const CHANNEL: usize = 64;

/// Reads `reader` on a blocking thread and hands each release (or the
/// file's errors and notes), in file order, to the importer. Parsing stays
/// on the reading thread; the corrections and the schema check, the CPU
/// work of an import, run on one worker per core, off the runtime's
/// threads; a release without a `country` is given `default_country` first.
fn spawn_reader<R: BufRead + Send + 'static>(
    file_name: String,
    reader: R,
    default_country: Option<CountryCode>,
    strict: bool,
) -> tokio::sync::mpsc::Receiver<Read> {
    use std::sync::mpsc::sync_channel;
    use std::sync::{Arc, Mutex};

    let (tx, rx) = tokio::sync::mpsc::channel(CHANNEL);
    let (work, jobs) = sync_channel::<(u64, Found)>(CHANNEL);
    let jobs = Arc::new(Mutex::new(jobs));
    let (done, finished) = sync_channel::<(u64, Read)>(CHANNEL);
    let file_name = Arc::<str>::from(file_name);
    let threads = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
    for _ in 0..threads {
        let (jobs, done, file_name) = (Arc::clone(&jobs), done.clone(), Arc::clone(&file_name));
        std::thread::spawn(move || {
            loop {
                // The lock is held only to take the next job.
                let job = jobs.lock().map(|jobs| jobs.recv());
                let Ok(Ok((number, found))) = job else {
                    return;
                };
                let read = match found {
                    Found::Release(item) => checked_item(item, &file_name, default_country, strict),
                    Found::Error(e) => Read::Error(import_error(e)),
                    Found::Note(note) => Read::Warning(import_error(note)),
                };
                if done.send((number, read)).is_err() {
                    return;
                }
            }
        });
    }
    drop(done);
    // Back in file order. Whoever stops listening stops the others: the
    // importer drops `rx`, this thread drops `finished`, the workers drop
    // `jobs`, and the reader's next send fails.
    std::thread::spawn(move || {
        let mut next = 0;
        let mut waiting = std::collections::BTreeMap::new();
        for (number, read) in finished {
            waiting.insert(number, read);
            while let Some(read) = waiting.remove(&next) {
                if tx.blocking_send(read).is_err() {
                    return;
                }
                next += 1;
            }
        }
    });
    tokio::task::spawn_blocking(move || {
        let mut number = 0;
        let mut hand = |found: Found| {
            let sent = work.send((number, found)).map_err(|_| ());
            number += 1;
            sent
        };
        let each = |found: std::result::Result<vigie_ocds::Item, vigie_ocds::OcdsError>| {
            hand(match found {
                Ok(item) => Found::Release(item),
                Err(e) => Found::Error(e),
            })
        };
        let notes = if strict {
            vigie_ocds::read_each(&file_name, reader, each).map(|()| Vec::new())
        } else {
            vigie_ocds::read_each_lenient(&file_name, reader, each)
        };
        for note in notes.unwrap_or_default() {
            if hand(Found::Note(note)).is_err() {
                break;
            }
        }
    });
    rx
}

/// What the reading thread found.
enum Found {
    Release(vigie_ocds::Item),
    Error(vigie_ocds::OcdsError),
    Note(vigie_ocds::OcdsError),
}

/// One release, corrected (unless `strict`) and checked against the schema.
fn checked_item(
    mut item: vigie_ocds::Item,
    file_name: &str,
    default_country: Option<CountryCode>,
    strict: bool,
) -> Read {
    if let (Some(country), Some(release)) = (default_country, item.value.as_object_mut()) {
        release
            .entry("country")
            .or_insert_with(|| Value::String(country.to_string()));
    }
    let (location, pointer) = place(item.location);
    let (schema, warnings) = if strict {
        (vigie_ocds::validate_release(&item.value), Vec::new())
    } else {
        lenient(&mut item.value)
    };
    let ocid = item
        .value
        .get("ocid")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let warnings = warnings
        .into_iter()
        .map(|(path, value, reason)| ImportError {
            file: file_name.to_owned(),
            location: location.clone(),
            column: format!("{pointer}{path}"),
            reason,
            record: ocid.to_owned(),
            value,
        })
        .collect();
    Read::Release(Box::new(Item {
        location,
        pointer,
        release: item.value,
        schema,
        warnings,
    }))
}

/// A release read as its publisher meant it (decision 0019): the schema's
/// corrections, then Cardinal's always-on ones (ids as text, an
/// organization where a list belongs wrapped), so that `vigie prepare` then
/// a strict import stores what a lenient import stores; then the schema,
/// whose readable deviations are warnings. Returns the errors as
/// `(path, reason)` and the warnings as `(path, value, reason)`.
#[expect(
    clippy::type_complexity,
    reason = "two lists of tuples, named in the doc"
)]
fn lenient(release: &mut Value) -> (Vec<(String, String)>, Vec<(String, String, String)>) {
    let mut warnings: Vec<(String, String, String)> = vigie_ocds::correct(release)
        .into_iter()
        .map(|c| (c.path, c.value, c.reason))
        .collect();
    if let Some(fields) = release.as_object_mut() {
        vigie_redflags::prepare_release(fields, &vigie_redflags::PrepareSettings::default());
    }
    let findings = vigie_ocds::validate_release_lenient(release);
    warnings.extend(
        findings
            .warnings
            .into_iter()
            .map(|(path, reason)| (path, String::new(), reason)),
    );
    (findings.errors, warnings)
}

/// Where something is in the file, as the import errors say it: a line,
/// and the JSON pointer of the release inside a package.
fn place(location: vigie_ocds::Location) -> (Location, String) {
    match location {
        vigie_ocds::Location::Line(line) | vigie_ocds::Location::LineColumn(line, _) => {
            (Location::Line(line), String::new())
        }
        vigie_ocds::Location::Pointer { line, pointer } => {
            (line.map_or(Location::File, Location::Line), pointer)
        }
        vigie_ocds::Location::File => (Location::File, String::new()),
    }
}

fn import_error(e: vigie_ocds::OcdsError) -> ImportError {
    let column = match &e.location {
        vigie_ocds::Location::LineColumn(_, column) => format!("column {column}"),
        _ => String::new(),
    };
    let (location, pointer) = place(e.location);
    ImportError {
        file: e.file,
        location,
        column: if e.json_path.is_empty() {
            format!("{pointer}{column}")
        } else {
            format!("{pointer}{}", e.json_path)
        },
        reason: e.reason,
        ..Default::default()
    }
}

/// The problems found so far: every one is counted, the first
/// [`Errors::KEPT`] are kept, so that a huge wrong file (a whole
/// publication in the wrong version) cannot exhaust memory.
#[derive(Default)]
struct Errors {
    kept: Vec<ImportError>,
    more: u64,
}

impl Errors {
    const KEPT: usize = 1000;

    fn add(&mut self, errors: Vec<ImportError>) {
        for e in errors {
            if self.kept.len() < Self::KEPT {
                self.kept.push(e);
            } else {
                self.more += 1;
            }
        }
    }

    fn is_empty(&self) -> bool {
        self.kept.is_empty()
    }

    fn into_list(mut self, file_name: &str) -> Vec<ImportError> {
        if self.more > 0 {
            self.kept.push(ImportError {
                file: file_name.to_owned(),
                location: Location::File,
                column: String::new(),
                reason: format!("… and {} more problem(s), not listed", self.more),
                ..Default::default()
            });
        }
        self.kept
    }
}

/// What the store knows that each release must agree with.
struct Reference {
    known: BTreeSet<CountryCode>,
    missing: HashMap<CountryCode, DemoCountry>,
    schemes: HashMap<CountryCode, Option<ClassificationScheme>>,
    /// Each process the file names, as stored (or as its first release in
    /// the file makes it): whose it is is fixed from then on.
    owners: HashMap<String, Owner>,
    /// Whether a release was refused for what its writer may not write.
    refused: bool,
}

/// Whose a process is, and what of it is classified: what a write to it
/// is decided against.
#[derive(Debug, Clone)]
struct Owner {
    /// Fixed when the process is first stored.
    country: CountryCode,
    /// The service that first stored it; empty for the operator's.
    producer: String,
    /// Its classified fields so far.
    classified: Vec<Classified>,
}

impl Store {
    /// Imports an OCDS file (release package, record package, a release, or
    /// one release or compiled release per line) for any country.
    pub async fn import_ocds<R: BufRead + Send + 'static>(
        &self,
        actor: &Actor,
        file_name: &str,
        reader: R,
        options: impl Into<OcdsOptions>,
        progress: &mut (dyn Observer + Send),
    ) -> Result<ProcurementImport> {
        self.import_ocds_by(
            Writer::Operator,
            actor,
            file_name,
            reader,
            options,
            progress,
        )
        .await
    }

    /// [`Store::import_ocds`] by `writer`. Whoever writes, a stored
    /// process keeps its country; a user's release is refused (as an error
    /// of the file) where the policies do not let them write the process as
    /// stored (another country's, another service's, or holding fields
    /// above their clearance) or classify a field at the level it asks.
    pub async fn import_ocds_by<R: BufRead + Send + 'static>(
        &self,
        writer: Writer<'_>,
        actor: &Actor,
        file_name: &str,
        reader: R,
        options: impl Into<OcdsOptions>,
        progress: &mut (dyn Observer + Send),
    ) -> Result<ProcurementImport> {
        self.import_ocds_inner(
            writer,
            None,
            actor,
            file_name,
            reader,
            options.into(),
            progress,
        )
        .await
    }

    /// [`Store::import_ocds`] of a publisher's file that does not carry
    /// Vigie's `country` (any OCDS publication): each release without one
    /// is stored as `country`'s.
    pub async fn import_ocds_as<R: BufRead + Send + 'static>(
        &self,
        country: CountryCode,
        actor: &Actor,
        file_name: &str,
        reader: R,
        options: impl Into<OcdsOptions>,
        progress: &mut (dyn Observer + Send),
    ) -> Result<ProcurementImport> {
        self.import_ocds_inner(
            Writer::Operator,
            Some(country),
            actor,
            file_name,
            reader,
            options.into(),
            progress,
        )
        .await
    }

    #[expect(
        clippy::too_many_arguments,
        reason = "the public entry points name the variants"
    )]
    async fn import_ocds_inner<R: BufRead + Send + 'static>(
        &self,
        writer: Writer<'_>,
        default_country: Option<CountryCode>,
        actor: &Actor,
        file_name: &str,
        reader: R,
        options: OcdsOptions,
        progress: &mut (dyn Observer + Send),
    ) -> Result<ProcurementImport> {
        let stored = self.list_countries().await?;
        let missing = self.missing_reference_countries(&stored).await?;
        let mut reference = Reference {
            known: stored
                .iter()
                .map(|c| c.code)
                .chain(missing.keys().copied())
                .collect(),
            missing,
            schemes: HashMap::new(),
            owners: HashMap::new(),
            refused: false,
        };
        let mut items = spawn_reader(
            file_name.to_owned(),
            reader,
            default_country,
            options.strict,
        );
        let mut errors = Errors::default();
        let mut report = ProcurementImport::default();
        let mut touched: BTreeSet<String> = BTreeSet::new();
        let mut seen: HashMap<(String, String), [u8; 32]> = HashMap::new();

        on_pool!(&self.db, pool => {
            let mut tx = pool.begin_write().await?;
            let mut changes = Vec::new();
            // Releases are checked and written a batch at a time: one query
            // finds the batch's stored processes, one statement writes it.
            let mut batch: Vec<Box<Item>> = Vec::with_capacity(WRITE_BATCH);
            let mut pending: Vec<(Checked, String)> = Vec::with_capacity(WRITE_BATCH);
            let mut open = true;
            while open {
              while batch.len() < WRITE_BATCH {
                match items.recv().await {
                    None => {
                        open = false;
                        break;
                    }
                    Some(Read::Release(item)) => batch.push(item),
                    Some(Read::Error(e)) => {
                        progress.problem(Level::Error, &e);
                        errors.add(vec![e]);
                    }
                    Some(Read::Warning(w)) => {
                        progress.problem(Level::Warning, &w);
                        report.warn(vec![w]);
                    }
                }
              }
              self.find_owners(&mut reference, &batch).await?;
              for mut item in batch.drain(..) {
                for w in &item.warnings {
                    progress.problem(Level::Warning, w);
                }
                report.warn(std::mem::take(&mut item.warnings));
                report.releases += 1;
                if report.releases % 1000 == 0 {
                    progress.progress(report.releases);
                }
                let checked = match self.check(&mut reference, writer, file_name, &item).await {
                    Ok(checked) => checked,
                    Err(e) => {
                        for e in &e {
                            progress.problem(Level::Error, e);
                        }
                        errors.add(e);
                        continue;
                    }
                };
                let body = serde_json::to_string(&item.release).map_err(|e| StoreError::Corrupt(e.to_string()))?;
                let digest: [u8; 32] = <sha2::Sha256 as sha2::Digest>::digest(body.as_bytes()).into();
                match seen.entry((checked.ocid.clone(), checked.id.clone())) {
                    Entry::Vacant(slot) => {
                        slot.insert(digest);
                    }
                    Entry::Occupied(first) => {
                        let same = *first.get() == digest;
                        let problem = ImportError {
                            file: file_name.to_owned(),
                            location: item.location.clone(),
                            column: format!("{}/id", item.pointer),
                            reason: if same {
                                format!("release `{}` appears again, the same: read once", checked.id)
                            } else {
                                format!("release `{}` of `{}` appears twice in the file", checked.id, checked.ocid)
                            },
                            record: checked.ocid.clone(),
                            ..Default::default()
                        };
                        if same && !options.strict {
                            progress.problem(Level::Warning, &problem);
                            report.warn(vec![problem]);
                        } else {
                            progress.problem(Level::Error, &problem);
                            errors.add(vec![problem]);
                        }
                        continue;
                    }
                }
                // Once a release is wrong the import will be rolled back:
                // keep checking, stop writing.
                if !errors.is_empty() {
                    continue;
                }
                crate::reference::insert_missing_country!(tx, reference.missing, &checked.country, changes);
                pending.push((checked, body));
              }
              if pending.is_empty() {
                  continue;
              }
              // A release already stored as it is in the file is not
              // rewritten, and not returned.
              let values: Vec<String> = (0..pending.len()).map(|i| format!("({})", placeholders(i * 4 + 1, 4))).collect();
              let sql = format!(
                  "INSERT INTO ocds_releases (ocid, release_id, date, body) VALUES {} \
                   ON CONFLICT (ocid, release_id) DO UPDATE SET date = excluded.date, body = excluded.body \
                   WHERE ocds_releases.body <> excluded.body RETURNING ocid",
                  values.join(", ")
              );
              let mut query = sqlx::query_scalar::<_, String>(sqlx::AssertSqlSafe(sql));
              for (checked, body) in &pending {
                  query = query.bind(&checked.ocid).bind(&checked.id).bind(&checked.date).bind(body);
              }
              let written = query.fetch_all(&mut *tx).await?;
              report.written += written.len() as u64;
              report.unchanged += (pending.len() - written.len()) as u64;
              touched.extend(written);
              pending.clear();
            }
            progress.progress(report.releases);
            if !errors.is_empty() {
                tx.rollback().await?;
                let errors = errors.into_list(file_name);
                return Err(if reference.refused { StoreError::Refused(errors) } else { StoreError::Rejected(errors) });
            }
            // The touched processes, compiled again a batch at a time: one
            // query reads a batch's releases, every core compiles, one
            // statement per table writes the batch.
            let touched: Vec<String> = touched.into_iter().collect();
            for chunk in touched.chunks(COMPILE_BATCH) {
                let sql = format!(
                    "SELECT ocid, release_id, body FROM ocds_releases WHERE ocid IN ({}) ORDER BY ocid, release_id",
                    placeholders(1, chunk.len())
                );
                let mut query = sqlx::query_as::<_, (String, String, String)>(sqlx::AssertSqlSafe(sql));
                for ocid in chunk {
                    query = query.bind(ocid);
                }
                let rows = query.fetch_all(&mut *tx).await?;
                let mut jobs: Vec<Job> = Vec::with_capacity(chunk.len());
                for (ocid, release_id, body) in rows {
                    match jobs.last_mut() {
                        Some(job) if job.ocid == ocid => job.releases.push((release_id, body)),
                        _ => {
                            // The country and service fixed at the first
                            // write: every release was checked against them.
                            let owner = reference
                                .owners
                                .get(&ocid)
                                .ok_or_else(|| StoreError::Corrupt(format!("{ocid}: no owner")))?;
                            jobs.push(Job {
                                country: owner.country,
                                producer: owner.producer.clone(),
                                releases: vec![(release_id, body)],
                                ocid,
                            });
                        }
                    }
                }
                let built = tokio::task::spawn_blocking(move || build_all(jobs))
                    .await
                    .map_err(|e| StoreError::Corrupt(format!("compiling: {e}")))??;

                let sql = format!(
                    "DELETE FROM procurement_suppliers WHERE ocid IN ({})",
                    placeholders(1, chunk.len())
                );
                let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
                for ocid in chunk {
                    query = query.bind(ocid);
                }
                query.execute(&mut *tx).await?;

                let values: Vec<String> = (0..built.len()).map(|i| format!("({})", placeholders(i * 10 + 1, 10))).collect();
                let sql = format!(
                    "INSERT INTO procurement_processes (ocid, country, buyer_id, buyer_name, title, method, derogatory, date, compiled, producer) \
                     VALUES {} \
                     ON CONFLICT (ocid) DO UPDATE SET buyer_id = excluded.buyer_id, \
                     buyer_name = excluded.buyer_name, title = excluded.title, method = excluded.method, \
                     derogatory = excluded.derogatory, date = excluded.date, compiled = excluded.compiled",
                    values.join(", ")
                );
                let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
                for b in &built {
                    let c = &b.columns;
                    query = query
                        .bind(&b.ocid)
                        .bind(c.country.as_str())
                        .bind(&c.buyer_id)
                        .bind(&c.buyer_name)
                        .bind(&c.title)
                        .bind(&c.method)
                        .bind(c.derogatory)
                        .bind(&c.date)
                        .bind(&b.text)
                        .bind(&b.producer);
                }
                query.execute(&mut *tx).await?;

                let pairs: Vec<(&str, &str)> = built
                    .iter()
                    .flat_map(|b| b.columns.suppliers.iter().map(|s| (b.ocid.as_str(), s.as_str())))
                    .collect();
                for part in pairs.chunks(500) {
                    let values: Vec<String> = (0..part.len()).map(|i| format!("({})", placeholders(i * 2 + 1, 2))).collect();
                    let sql = format!(
                        "INSERT INTO procurement_suppliers (ocid, supplier_id) VALUES {}",
                        values.join(", ")
                    );
                    let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
                    for (ocid, supplier) in part {
                        query = query.bind(*ocid).bind(*supplier);
                    }
                    query.execute(&mut *tx).await?;
                }
                for b in built {
                    changes.push(Change::new("import", "procurement_process", b.ocid.clone(), Some(b.state)));
                    report.processes.push(b.ocid);
                }
            }
            tx.append(actor, &changes).await?;
            match options.mode {
                ImportMode::Apply => tx.commit().await?,
                ImportMode::DryRun => tx.rollback().await?,
            }
        });
        Ok(report)
    }

    /// Checks one release: the OCDS schema, then what the store knows (its
    /// country, the levels its classification names).
    async fn check(
        &self,
        reference: &mut Reference,
        writer: Writer<'_>,
        file_name: &str,
        item: &Item,
    ) -> std::result::Result<Checked, Vec<ImportError>> {
        let record = item
            .release
            .get("ocid")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let error = |path: &str, reason: String| ImportError {
            file: file_name.to_owned(),
            location: item.location.clone(),
            column: format!("{}{path}", item.pointer),
            reason,
            record: record.to_owned(),
            ..Default::default()
        };
        let mut errors: Vec<ImportError> = item
            .schema
            .iter()
            .map(|(path, reason)| error(path, reason.clone()))
            .collect();
        let release = &item.release;
        let text = |key: &str| {
            release
                .get(key)
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_owned()
        };
        let country = match release.get("country").and_then(Value::as_str) {
            None => {
                errors.push(error(
                    "/country",
                    "missing: each release names its buyer's state (ISO 3166-1 alpha-3, Vigie extension, decision 0011); for a publication made without it, import with `--country ISO3`".into(),
                ));
                None
            }
            Some(code) => match code.parse::<CountryCode>() {
                Err(e) => {
                    errors.push(error("/country", e.to_string()));
                    None
                }
                Ok(c) if !reference.known.contains(&c) => {
                    errors.push(error(
                        "/country",
                        format!("{c} is not a country of this instance"),
                    ));
                    None
                }
                Ok(c) => match writer.country() {
                    Some(own) if c != own => {
                        reference.refused = true;
                        errors.push(error(
                            "/country",
                            format!("{c}: your institution may import only its own country's contracts ({own})"),
                        ));
                        None
                    }
                    _ => Some(c),
                },
            },
        };
        let classified = compiled::classification(release);
        if let Some(country) = country {
            if let Entry::Vacant(slot) = reference.schemes.entry(country) {
                let scheme = self
                    .classification_scheme(country)
                    .await
                    .map_err(|e| vec![error("/classification", e.to_string())])?;
                slot.insert(scheme);
            }
            let scheme = reference.schemes.get(&country).and_then(Option::as_ref);
            for (i, c) in classified.iter().enumerate() {
                if !c.path.starts_with('/') {
                    errors.push(error(
                        &format!("/classification/{i}/path"),
                        format!("`{}` is not a JSON pointer (it starts with `/`)", c.path),
                    ));
                } else if c.path.split('/').any(|step| step == "id=") {
                    errors.push(error(
                        &format!("/classification/{i}/path"),
                        format!(
                            "`{}` names an item by an empty id (`id=` needs the item's `id`)",
                            c.path
                        ),
                    ));
                }
                match scheme {
                    None => errors.push(error(
                        &format!("/classification/{i}/level"),
                        format!("{country} has no classification scheme: import one with `vigie classification import`"),
                    )),
                    Some(s) if s.level(&c.level).is_none() => errors.push(error(
                        &format!("/classification/{i}/level"),
                        format!("`{}` is not a level of {country}", c.level),
                    )),
                    Some(_) => {}
                }
            }
        }
        if let Some(c) = country
            && errors.is_empty()
        {
            let ocid = text("ocid");
            let reasons = self
                .authorize_release(reference, writer, &ocid, c, release)
                .await
                .map_err(|e| vec![error("/ocid", e.to_string())])?;
            reference.refused |= !reasons.is_empty();
            errors.extend(
                reasons
                    .into_iter()
                    .map(|(path, reason)| error(&path, reason)),
            );
        }
        match country {
            Some(country) if errors.is_empty() => Ok(Checked {
                ocid: text("ocid"),
                id: text("id"),
                date: text("date"),
                country,
            }),
            _ => Err(errors),
        }
    }
}

impl Store {
    /// Finds, in one query, the stored processes `batch` names that this
    /// import has not met yet, and keeps whose each is.
    async fn find_owners(&self, reference: &mut Reference, batch: &[Box<Item>]) -> Result<()> {
        let mut wanted: Vec<&str> = batch
            .iter()
            .filter_map(|item| item.release.get("ocid").and_then(Value::as_str))
            .filter(|ocid| !reference.owners.contains_key(*ocid))
            .collect();
        wanted.sort_unstable();
        wanted.dedup();
        if wanted.is_empty() {
            return Ok(());
        }
        let sql = format!(
            "SELECT ocid, country, producer, compiled FROM procurement_processes WHERE ocid IN ({})",
            placeholders(1, wanted.len())
        );
        let stored: Vec<(String, String, String, String)> = on_pool!(&self.db, pool => {
            let mut query = sqlx::query_as(sqlx::AssertSqlSafe(sql));
            for ocid in &wanted {
                query = query.bind(*ocid);
            }
            query.fetch_all(pool).await?
        });
        for (ocid, country, producer, compiled) in stored {
            let owner = Owner {
                country: country
                    .parse()
                    .map_err(|_| StoreError::Corrupt(format!("{ocid}: country")))?,
                producer,
                classified: compiled::classification(
                    &serde_json::from_str(&compiled)
                        .map_err(|e| StoreError::Corrupt(format!("{ocid}: {e}")))?,
                ),
            };
            reference.owners.insert(ocid, owner);
        }
        Ok(())
    }

    /// Whose the process is (stored, or first named by this file), and
    /// whether `writer` may write this release to it: the process keeps its
    /// country whoever writes; a user's write is a Cedar `write` decision on
    /// the process as stored, and each field it classifies anew a `classify`
    /// decision. Returns the refusals, each with its JSON path.
    async fn authorize_release(
        &self,
        reference: &mut Reference,
        writer: Writer<'_>,
        ocid: &str,
        country: CountryCode,
        release: &Value,
    ) -> Result<Vec<(String, String)>> {
        if !reference.owners.contains_key(ocid) {
            // Not stored ([`Store::find_owners`] looked): this file's first
            // release of it makes it the writer's.
            let owner = Owner {
                country,
                producer: writer.service().to_owned(),
                classified: Vec::new(),
            };
            reference.owners.insert(ocid.to_owned(), owner);
        }
        let owner = &reference.owners[ocid];
        if owner.country != country {
            return Ok(vec![(
                "/country".to_owned(),
                format!(
                    "`{ocid}` is a contracting process of {}: a release cannot move it to {country} \
                     (a record's country is fixed when it is first stored)",
                    owner.country
                ),
            )]);
        }
        let scheme = reference.schemes.get(&country).and_then(Option::as_ref);
        let level_of = |code: &str| match scheme {
            Some(s) => s.level(code),
            None => None,
        };
        let year = process_year(release).unwrap_or(0);
        let highest = owner
            .classified
            .iter()
            .filter_map(|c| level_of(&c.level))
            .max_by_key(|l| l.rank())
            .unwrap_or(ClassificationLevel::public_of(country));
        let process = Resource::procurement_field(ocid, highest, &owner.producer, year);
        if writer.decide(Action::Write, &process, None).is_err() {
            let why = match writer {
                Writer::User { principal, .. }
                    if !owner.producer.is_empty() && owner.producer != principal.institution =>
                {
                    format!(
                        "it was recorded by {}, and only that service may change it",
                        owner.producer
                    )
                }
                _ if writer.clearance().is_some_and(|c| c < highest.rank()) => {
                    "it holds fields classified above your clearance".to_owned()
                }
                _ => format!(
                    "only a producer of {country} (or an administrator, for a public process no \
                     service recorded) may change it"
                ),
            };
            return Ok(vec![(
                "/ocid".to_owned(),
                format!("`{ocid}`: your account may not change this process: {why}"),
            )]);
        }
        let mut refused = Vec::new();
        let mut newly = Vec::new();
        for (i, mut c) in compiled::classification(release).into_iter().enumerate() {
            // Compared as stored: array items by id, read against this
            // release (decision 0014), else a position would seem new.
            c.path = vigie_ocds::identify(release, &c.path);
            if owner.classified.contains(&c) {
                continue;
            }
            let Some(to) = level_of(&c.level) else {
                continue; // named by `check`
            };
            // The field's level so far: the highest any release gave it.
            let from = owner
                .classified
                .iter()
                .filter(|o| o.path == c.path)
                .filter_map(|o| level_of(&o.level))
                .max_by_key(|l| l.rank())
                .unwrap_or(ClassificationLevel::public_of(country));
            let field = Resource::procurement_field(ocid, from, &owner.producer, year);
            if to.rank() > from.rank()
                && writer
                    .decide(Action::Classify, &field, Some(to.rank()))
                    .is_err()
            {
                refused.push((
                    format!("/classification/{i}/level"),
                    format!(
                        "`{}`: your account may not classify `{}` at this level (a classification \
                         authority of {country} may, within its clearance)",
                        c.level, c.path
                    ),
                ));
            }
            newly.push(c);
        }
        if let Some(owner) = reference.owners.get_mut(ocid) {
            owner.classified.extend(newly);
        }
        Ok(refused)
    }
}

/// A release that passed every check.
struct Checked {
    ocid: String,
    id: String,
    date: String,
    country: CountryCode,
}

/// Releases checked and written together.
const WRITE_BATCH: usize = 200;

/// Processes compiled together: enough to keep the cores busy and the
/// statements few; 10 parameters a row stays far under every database's limit.
const COMPILE_BATCH: usize = 200;

/// `$from, $from+1, …` (`count` of them), for a statement built for a batch.
fn placeholders(from: usize, count: usize) -> String {
    (from..from + count)
        .map(|n| format!("${n}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A process to compile: its owner and its stored releases (id order).
struct Job {
    ocid: String,
    country: CountryCode,
    producer: String,
    releases: Vec<(String, String)>,
}

/// A process compiled: what its rows and its log entry hold.
struct Built {
    ocid: String,
    producer: String,
    columns: Columns,
    /// The compiled release, as stored.
    text: String,
    /// Its state for the log.
    state: [u8; 32],
}

/// Compiles `jobs` on every core, in order.
fn build_all(jobs: Vec<Job>) -> Result<Vec<Built>> {
    let threads = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
    let size = jobs.len().div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        let handles: Vec<_> = jobs
            .chunks(size)
            .map(|part| scope.spawn(move || part.iter().map(build).collect::<Result<Vec<_>>>()))
            .collect();
        let mut built = Vec::with_capacity(jobs.len());
        for handle in handles {
            let part = handle
                .join()
                .map_err(|_| StoreError::Corrupt("compiling a process panicked".into()))??;
            built.extend(part);
        }
        Ok(built)
    })
}

/// One process: its releases merged, the list columns read from what the
/// public sees (redacted by identity, the compiled list's paths naming
/// items by id, decision 0014), its state for the log.
fn build(job: &Job) -> Result<Built> {
    let parsed: Vec<Value> = job
        .releases
        .iter()
        .map(|(_, body)| serde_json::from_str(body))
        .collect::<std::result::Result<_, _>>()
        .map_err(|e| StoreError::Corrupt(format!("release of {}: {e}", job.ocid)))?;
    let compiled = compiled::compile(&parsed);
    let mut public = compiled.clone();
    let classified = compiled::classification(&compiled);
    let paths: Vec<&str> = classified.iter().map(|c| c.path.as_str()).collect();
    vigie_ocds::redact(&mut public, &paths);
    let columns = Columns::of(job.country, &public);
    let text = serde_json::to_string(&compiled).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    let state = process_state(
        &job.ocid,
        job.country.as_str(),
        &job.producer,
        &job.releases,
        &text,
        &columns.suppliers,
    );
    Ok(Built {
        ocid: job.ocid.clone(),
        producer: job.producer.clone(),
        columns,
        text,
        state,
    })
}
