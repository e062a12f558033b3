//! Compiling the processes a file touched, a batch at a time on every core:
//! their releases merged, the list columns read from what the public sees,
//! their state for the trail.

use serde_json::Value;
use vigie_domain::CountryCode;

use crate::procurement::compiled::{self, Columns, process_state};
use crate::procurement::packed;
use crate::{Result, StoreError};

/// Processes compiled together: enough to keep the cores busy and the
/// statements few; 10 parameters a row stays far under every database's limit.
pub(super) const COMPILE_BATCH: usize = 200;

/// A process to compile: its owner and its stored releases (id order).
pub(super) struct Job {
    pub(super) ocid: String,
    pub(super) country: CountryCode,
    pub(super) producer: String,
    pub(super) releases: Vec<(String, String)>,
}

/// A process compiled: what its rows and its log entry hold.
pub(super) struct Built {
    pub(super) ocid: String,
    pub(super) producer: String,
    pub(super) columns: Columns,
    /// The compiled release, as stored (packed).
    pub(super) packed: Vec<u8>,
    /// Its state for the log.
    pub(super) state: [u8; 32],
}

/// Compiles `jobs` on every core, in order.
pub(super) fn build_all(jobs: Vec<Job>) -> Result<Vec<Built>> {
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
    build_parsed(job, parsed)
}

/// [`build`] from the releases already parsed (`parsed`, in the order of
/// `job.releases`, each the parse of its body), which it takes.
pub(super) fn build_parsed(job: &Job, parsed: Vec<Value>) -> Result<Built> {
    let compiled = compiled::compile(parsed);
    let classified = compiled::classification(&compiled);
    let columns = if classified.is_empty() {
        Columns::of(job.country, &compiled)
    } else {
        let mut public = compiled.clone();
        let paths: Vec<&str> = classified.iter().map(|c| c.path.as_str()).collect();
        vigie_ocds::redact(&mut public, &paths);
        Columns::of(job.country, &public)
    };
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
        packed: packed::pack(&text),
        state,
    })
}
