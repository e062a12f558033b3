//! `vigie prepare`: Cardinal 0.0.8's `ocdscardinal prepare`, for Cardinal's
//! users and for Vigie's own import. It corrects the known quality issues of
//! compiled releases (one JSON object a line) as its settings say, writes the
//! corrected lines in input order, and writes every issue it could not
//! correct as a CSV row `line,ocid,path,array indexes,incorrect value,error
//! description` (no header, as Cardinal).
//!
//! Lines are read in batches and corrected on every core; the output keeps
//! the input's order. A line that is not a JSON object is skipped with a
//! warning naming it, as Cardinal does.

mod release;
mod settings;

use std::io::{self, BufRead, Write};
use std::path::PathBuf;

use serde_json::{Map, Value};

pub use release::{AWARD_STATUS, BID_STATUS, Issue, Outcome, prepare_release};
pub use settings::PrepareSettings;

use crate::coverage::read_line;

/// Input corrected together: enough to keep every core busy, little enough
/// to keep memory flat (batches in flight are bounded too).
const BATCH_BYTES: usize = 1 << 20;
const BATCH_LINES: usize = 4096;

/// What a run did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct PrepareSummary {
    /// Lines read, blank ones included.
    pub lines: u64,
    /// Releases written.
    pub written: u64,
    /// Issue rows written.
    pub issues: u64,
}

/// A batch of consecutive lines: its number, its first line's number, the lines.
type Batch = (u64, u64, Vec<Vec<u8>>);

/// Corrects every line of `input`, writing the releases to `output` and the
/// issues to `errors`. `warn` hears of skipped lines and corrections that
/// could not be made, with the line number. An input or output error, or a
/// line longer than [`MAX_LINE`], ends the run.
///
/// This thread reads batches and writes results in input order while one
/// worker per core corrects batches; at most a few batches per worker are
/// in flight, so memory does not grow with the file.
pub fn prepare_lines<R: BufRead>(
    mut input: R,
    settings: &PrepareSettings,
    output: &mut dyn Write,
    errors: &mut dyn Write,
    mut warn: impl FnMut(u64, String),
) -> io::Result<PrepareSummary> {
    use std::sync::mpsc::sync_channel;
    use std::sync::{Arc, Mutex};

    let threads = crate::threads();
    let most_in_flight = threads * 3;
    let mut summary = PrepareSummary::default();
    let (work, jobs) = sync_channel::<Batch>(most_in_flight);
    let jobs = Arc::new(Mutex::new(jobs));
    std::thread::scope(|scope| {
        let (results, finished) = sync_channel::<(u64, Chunk)>(most_in_flight);
        for _ in 0..threads {
            let jobs = Arc::clone(&jobs);
            let results = results.clone();
            scope.spawn(move || {
                loop {
                    // The lock is held only to take the next batch.
                    let job = jobs.lock().map(|jobs| jobs.recv());
                    let Ok(Ok((number, first, lines))) = job else {
                        break;
                    };
                    if results
                        .send((number, prepare_chunk(&lines, first, settings)))
                        .is_err()
                    {
                        break;
                    }
                }
            });
        }
        drop(results);
        let mut run = || -> io::Result<()> {
            let (mut sent, mut written, mut in_flight) = (0_u64, 0_u64, 0_usize);
            let mut waiting = std::collections::BTreeMap::new();
            let mut reading = true;
            loop {
                while reading && in_flight < most_in_flight {
                    let first = summary.lines + 1;
                    let lines = read_batch(&mut input, &mut summary.lines)?;
                    if lines.is_empty() {
                        reading = false;
                        break;
                    }
                    // The workers outlive this loop: sending cannot fail.
                    let _ = work.send((sent, first, lines));
                    sent += 1;
                    in_flight += 1;
                }
                if in_flight == 0 {
                    return Ok(());
                }
                let Ok((number, chunk)) = finished.recv() else {
                    return Ok(());
                };
                in_flight -= 1;
                waiting.insert(number, chunk);
                while let Some(chunk) = waiting.remove(&written) {
                    written += 1;
                    write_chunk(chunk, output, errors, &mut summary, &mut warn)?;
                }
            }
        };
        let outcome = run();
        // Workers stop at their next batch (no more work) or result (no
        // one listening), even when the run ended on an error.
        drop(work);
        drop(finished);
        outcome
    })?;
    output.flush()?;
    errors.flush()?;
    Ok(summary)
}

fn write_chunk(
    chunk: Chunk,
    output: &mut dyn Write,
    errors: &mut dyn Write,
    summary: &mut PrepareSummary,
    warn: &mut impl FnMut(u64, String),
) -> io::Result<()> {
    output.write_all(&chunk.output)?;
    errors.write_all(&chunk.errors)?;
    summary.written += chunk.written;
    summary.issues += chunk.issues;
    for (line, message) in chunk.warnings {
        warn(line, message);
    }
    Ok(())
}

/// The next lines, up to [`BATCH_BYTES`] or [`BATCH_LINES`]; none at the end of input.
fn read_batch<R: BufRead>(input: &mut R, count: &mut u64) -> io::Result<Vec<Vec<u8>>> {
    let mut batch = Vec::new();
    let mut bytes = 0;
    while batch.len() < BATCH_LINES && bytes < BATCH_BYTES {
        let mut line = Vec::new();
        if !read_line(input, &mut line, count)? {
            break;
        }
        bytes += line.len();
        batch.push(line);
    }
    Ok(batch)
}

/// The output of consecutive lines.
#[derive(Default)]
struct Chunk {
    output: Vec<u8>,
    errors: Vec<u8>,
    written: u64,
    issues: u64,
    warnings: Vec<(u64, String)>,
}

fn prepare_chunk(lines: &[Vec<u8>], first: u64, settings: &PrepareSettings) -> Chunk {
    let mut chunk = Chunk::default();
    let mut rows = csv::Writer::from_writer(Vec::new());
    for (offset, text) in lines.iter().enumerate() {
        let line = first + offset as u64;
        if text.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let mut release = match serde_json::from_slice::<Value>(text) {
            Ok(Value::Object(release)) => release,
            Ok(_) => {
                chunk
                    .warnings
                    .push((line, "not a JSON object, skipped".into()));
                continue;
            }
            Err(e) => {
                chunk
                    .warnings
                    .push((line, format!("invalid JSON, skipped: {e}")));
                continue;
            }
        };
        let ocid = ocid_text(&release);
        let outcome = prepare_release(&mut release, settings);
        for warning in outcome.warnings {
            chunk.warnings.push((line, warning.to_owned()));
        }
        for issue in &outcome.issues {
            // Writing to a Vec cannot fail.
            let _ = rows.write_record([
                line.to_string().as_str(),
                &ocid,
                issue.path,
                &issue.indexes,
                &issue.value,
                issue.description,
            ]);
            chunk.issues += 1;
        }
        // A Map of JSON values always serializes.
        let _ = serde_json::to_writer(&mut chunk.output, &release);
        chunk.output.push(b'\n');
        chunk.written += 1;
    }
    chunk.errors = rows.into_inner().unwrap_or_default();
    chunk
}

/// The ocid as Cardinal's CSV writes it: the text of a string or number,
/// empty when missing or null.
pub(crate) fn ocid_text(release: &Map<String, Value>) -> String {
    match release.get("ocid") {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(ocid)) => ocid.clone(),
        Some(other) => other.to_string(),
    }
}

/// `vigie prepare FILE [-s S.ini] [-o OUT.jsonl] [-e ISSUES.csv]`.
#[derive(Debug, Clone, clap::Args)]
pub struct PrepareArgs {
    /// The compiled releases, one JSON object a line (`-` for standard input).
    pub file: PathBuf,
    /// Cardinal-style INI settings: `[defaults]`, `[redactions]`,
    /// `[codelists.bid_status]`, `[codelists.award_status]`, `[corrections]`,
    /// `[modifications]`. Without it only the always-on fixes are made.
    #[arg(long, short)]
    pub settings: Option<PathBuf>,
    /// Where the corrected releases go (`-`, the default, for standard output).
    #[arg(long, short, default_value = "-")]
    pub output: PathBuf,
    /// Where the issues go, as CSV rows (`-` for standard output; standard
    /// error when not given).
    #[arg(long, short)]
    pub errors: Option<PathBuf>,
}

/// Runs `vigie prepare`; skipped lines are said on standard error.
pub fn run_prepare(args: &PrepareArgs) -> anyhow::Result<()> {
    use anyhow::Context as _;
    let settings = match &args.settings {
        Some(path) => crate::Settings::from_file(path)?.prepare,
        None => PrepareSettings::default(),
    };
    let create = |path: &PathBuf| -> anyhow::Result<Box<dyn Write>> {
        if path.as_os_str() == "-" {
            return Ok(Box::new(io::stdout().lock()));
        }
        let file =
            std::fs::File::create(path).with_context(|| format!("creating {}", path.display()))?;
        Ok(Box::new(file))
    };
    let mut output = io::BufWriter::with_capacity(256 << 10, create(&args.output)?);
    let mut errors: Box<dyn Write> = match &args.errors {
        Some(path) => create(path)?,
        None => Box::new(io::stderr().lock()),
    };
    let mut errors = io::BufWriter::new(&mut errors);
    let name = args.file.display().to_string();
    let warn = |line: u64, why: String| eprintln!("{name}:{line}: {why}");
    let input = crate::cli::open_input(&args.file)?;
    prepare_lines(input, &settings, &mut output, &mut errors, warn)
        .with_context(|| name.clone())?;
    Ok(())
}
