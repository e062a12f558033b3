//! Reading a file off the runtime: parsing on one thread, the corrections
//! and the schema check on one worker per core (decision 0019), handed to
//! the importer in file order.

use std::io::BufRead;
use std::sync::Arc;

use serde_json::Value;
use vigie_domain::CountryCode;

use super::compile::{Built, Job, build_parsed};
use crate::procurement::compiled::{self, Classified};
use crate::procurement::dashboard::process_year;
use crate::procurement::packed;
use vigie_import::{ImportError, Location};

/// One release of the file and where it is, for errors.
pub(super) struct Item {
    pub(super) location: Location,
    /// The JSON pointer of the release in the file (`/releases/17`), or ``
    /// for a line of its own.
    pub(super) pointer: String,
    /// What the checks need of the release, read on the worker, where the
    /// parsed release itself stays (and is freed).
    pub(super) facts: Facts,
    /// The release as stored (serialized and packed on the worker, off the
    /// importer's thread), and the SHA-256 of those bytes (packing is
    /// deterministic: the same text, the same bytes; hashing them rather
    /// than the text is a third of the work).
    pub(super) body: Vec<u8>,
    pub(super) digest: [u8; 32],
    /// The process compiled from this release alone, by the process's
    /// first writer (`None` without a readable country): what a process new
    /// to the store, with no other release in the file, stores.
    pub(super) single: Option<Built>,
    /// What the OCDS schema says of it, checked on the reader's thread:
    /// (JSON path, reason).
    pub(super) schema: Vec<(String, String)>,
    /// What was corrected in it or kept as given.
    pub(super) warnings: Vec<ImportError>,
}

/// What the importer's checks read of a release.
pub(super) struct Facts {
    pub(super) ocid: String,
    pub(super) id: String,
    pub(super) date: String,
    /// Its `country`, if it is text.
    pub(super) country: Option<String>,
    /// The year the dashboard files its process under.
    pub(super) year: Option<i32>,
    /// What it classifies, as given.
    pub(super) classified: Vec<Classified>,
    /// The same paths with list items named by id, read against this
    /// release (decision 0014), as stored.
    pub(super) identified: Vec<String>,
}

impl Facts {
    fn of(release: &Value) -> Facts {
        let text = |key: &str| {
            release
                .get(key)
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned()
        };
        let classified = compiled::classification(release);
        let identified = classified
            .iter()
            .map(|c| vigie_ocds::identify(release, &c.path))
            .collect();
        Facts {
            ocid: text("ocid"),
            id: text("id"),
            date: text("date"),
            country: release
                .get("country")
                .and_then(Value::as_str)
                .map(str::to_owned),
            year: process_year(release),
            classified,
            identified,
        }
    }
}

/// What the reader hands over.
pub(super) enum Read {
    Release(Box<Item>),
    Error(ImportError),
    Warning(ImportError),
}

/// Releases handed from one thread to the next together: one wake-up per
/// chunk, not per release (a release is tens of microseconds of work, a
/// wake-up a few).
const CHUNK: usize = 16;

/// Chunks parsed or checked ahead of the next step.
const CHANNEL: usize = 8;

/// Chunks checked ahead of the database: over two of the importer's
/// batches, so that the workers go on while it writes one.
const AHEAD: usize = 32;

/// Reads `reader` on a blocking thread and hands the releases (or the
/// file's errors and notes), a chunk at a time in file order, to the
/// importer. Parsing stays on the reading thread; the corrections and the
/// schema check, the CPU work of an import, run on one worker per core, off
/// the runtime's threads; a release without a `country` is given
/// `default_country` first.
pub(super) fn spawn_reader<R: BufRead + Send + 'static>(
    file_name: String,
    reader: R,
    default_country: Option<CountryCode>,
    strict: bool,
    producer: Arc<str>,
) -> tokio::sync::mpsc::Receiver<Vec<Read>> {
    use std::sync::Mutex;
    use std::sync::mpsc::sync_channel;

    let (tx, rx) = tokio::sync::mpsc::channel(AHEAD);
    let (work, jobs) = sync_channel::<(u64, Vec<Found>)>(CHANNEL);
    let jobs = Arc::new(Mutex::new(jobs));
    let (done, finished) = sync_channel::<(u64, Vec<Read>)>(CHANNEL);
    let file_name = Arc::<str>::from(file_name);
    let threads = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
    for _ in 0..threads {
        let (jobs, done, file_name) = (Arc::clone(&jobs), done.clone(), Arc::clone(&file_name));
        let producer = Arc::clone(&producer);
        std::thread::spawn(move || {
            loop {
                // The lock is held only to take the next chunk.
                let job = jobs.lock().map(|jobs| jobs.recv());
                let Ok(Ok((number, chunk))) = job else {
                    return;
                };
                let check = |found| match found {
                    Ok(item) => checked_item(item, &file_name, default_country, strict, &producer),
                    Err(e) => Read::Error(import_error(e)),
                };
                let read = chunk
                    .into_iter()
                    .map(|found| match found {
                        Found::Line(line) => check(line.parse(&file_name)),
                        Found::Item(item) => check(item),
                        Found::Note(note) => Read::Warning(import_error(note)),
                    })
                    .collect();
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
        // Lone releases are parsed on the workers, where each is used and
        // freed: the reading thread only finds their lines.
        let chunks = std::cell::RefCell::new(Chunks::new(work));
        let notes = vigie_ocds::read_each_deferred(
            &file_name,
            reader,
            !strict,
            |found| chunks.borrow_mut().hand(Found::Item(found)),
            |line| chunks.borrow_mut().hand(Found::Line(line)),
        );
        let mut chunks = chunks.into_inner();
        // An `Err`: the importer stopped listening, nothing more to do.
        let _ = notes
            .unwrap_or_default()
            .into_iter()
            .try_for_each(|note| chunks.hand(Found::Note(note)))
            .and_then(|()| chunks.send());
    });
    rx
}

/// What the reading thread hands the workers, [`CHUNK`] at a time, numbered
/// for the file's order to be restored.
struct Chunks {
    work: std::sync::mpsc::SyncSender<(u64, Vec<Found>)>,
    number: u64,
    chunk: Vec<Found>,
}

impl Chunks {
    fn new(work: std::sync::mpsc::SyncSender<(u64, Vec<Found>)>) -> Chunks {
        Chunks {
            work,
            number: 0,
            chunk: Vec::with_capacity(CHUNK),
        }
    }

    /// Adds `found`, sending the chunk once full; `Err` once nobody listens.
    fn hand(&mut self, found: Found) -> std::result::Result<(), ()> {
        self.chunk.push(found);
        if self.chunk.len() < CHUNK {
            return Ok(());
        }
        self.send()
    }

    /// Sends what is gathered, if anything.
    fn send(&mut self) -> std::result::Result<(), ()> {
        if self.chunk.is_empty() {
            return Ok(());
        }
        let chunk = std::mem::replace(&mut self.chunk, Vec::with_capacity(CHUNK));
        self.number += 1;
        self.work.send((self.number - 1, chunk)).map_err(|_| ())
    }
}

/// What the reading thread found.
enum Found {
    /// A release (or an error) read there: from a package, or a document
    /// spread over lines.
    Item(std::result::Result<vigie_ocds::Item, vigie_ocds::OcdsError>),
    Note(vigie_ocds::OcdsError),
    /// A line of JSON lines holding one release, for a worker to parse.
    Line(vigie_ocds::Line),
}

/// One release, corrected (unless `strict`) and checked against the schema.
fn checked_item(
    mut item: vigie_ocds::Item,
    file_name: &str,
    default_country: Option<CountryCode>,
    strict: bool,
    producer: &str,
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
    // A `Value` always serializes.
    let body = serde_json::to_string(&item.value).unwrap_or_default();
    let facts = Facts::of(&item.value);
    let country = facts
        .country
        .as_deref()
        .and_then(|c| c.parse::<CountryCode>().ok());
    let (single, body) = match country {
        // The job holds the body while the process compiles (its state
        // hashes it) and gives it back: no copy of the release.
        Some(country) => {
            let mut job = Job {
                ocid: facts.ocid.clone(),
                country,
                producer: producer.to_owned(),
                releases: vec![(facts.id.clone(), body)],
            };
            let single = build_parsed(&job, vec![item.value.take()]).ok();
            let body = job.releases.pop().map(|(_, body)| body).unwrap_or_default();
            (single, body)
        }
        None => (None, body),
    };
    let body = packed::pack(&body);
    let digest = <sha2::Sha256 as sha2::Digest>::digest(&body).into();
    Read::Release(Box::new(Item {
        location,
        pointer,
        facts,
        single,
        body,
        digest,
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
