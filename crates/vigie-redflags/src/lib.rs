//! Red flags on OCDS compiled releases (decision 0011).
//!
//! Cardinal's (0.0.8) indicators R003…R058 with Cardinal's results for
//! Cardinal's settings, Vigie's R044 and defence flags D001…D009, and
//! `[vigie]` options that are all off by default. Input is line-delimited
//! JSON; each line is read into borrowed, typed structs holding only what the
//! indicators need, on every core. See `docs/redflags.md`.
//!
//! ```text
//! let settings = Settings::from_file(Path::new("settings.ini"))?;
//! let report = evaluate_lines(BufReader::new(file), &settings)?;
//! println!("{}", report.to_json(false));
//! ```

mod catalog;
mod cli;
mod coverage;
mod dates;
mod defence;
mod engine;
mod error;
mod fx;
mod indicators;
mod ini;
mod lenient;
mod model;
mod partial;
mod prepare;
mod report;
mod settings;
mod stats;

use std::collections::HashMap;
use std::io::BufRead;
use std::num::NonZeroUsize;
use std::path::Path;

pub use catalog::{INDICATORS, Indicator};
pub use cli::{Args, Format, run_cli};
pub use coverage::{Coverage, CoverageArgs, MAX_LINE, run_coverage};
pub use error::{Error, SettingsError};
pub use fx::Rates;
pub use indicators::{Code, Group};
pub use prepare::{
    AWARD_STATUS, BID_STATUS, Issue, Outcome, PrepareArgs, PrepareSettings, PrepareSummary,
    prepare_lines, prepare_release, run_prepare,
};
pub use report::Report;
pub use settings::{DFlag, R003, R025, R038, R048, Settings, Vigie};

use engine::Mode;
use indicators::Ctx;
use partial::{Flag, Partial};
use report::Results;

fn threads() -> usize {
    std::thread::available_parallelism().map_or(1, NonZeroUsize::get)
}

/// Evaluates line-delimited compiled releases, streaming, on all cores.
///
/// Lines that are not JSON are skipped with a warning naming the line (as
/// Cardinal does), or are an error with `[vigie] strict = true`.
pub fn evaluate_lines<R: BufRead>(input: R, settings: &Settings) -> Result<Report, Error> {
    let ctx = Ctx::new(settings);
    let partial = engine::run(
        input,
        Mode::Evaluate(&ctx),
        settings.vigie.strict,
        threads(),
    )?;
    Ok(finish(&ctx, partial))
}

/// Evaluates compiled releases already in memory as JSON texts (one release
/// each), on the calling thread: for the web application's few thousand.
pub fn evaluate_releases<'a>(
    lines: impl IntoIterator<Item = &'a str>,
    settings: &Settings,
) -> Result<Report, Error> {
    let mut evaluation = Evaluation::new(settings);
    for text in lines {
        evaluation.add(text)?;
    }
    Ok(evaluation.finish())
}

/// An evaluation fed one release at a time, on the calling thread: for a
/// register read from a database in batches, so that no more than a batch
/// of releases is ever held.
pub struct Evaluation<'s> {
    ctx: Ctx<'s>,
    strict: bool,
    partial: Partial,
}

impl std::fmt::Debug for Evaluation<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Evaluation")
            .field("lines", &self.partial.lines)
            .finish_non_exhaustive()
    }
}

impl<'s> Evaluation<'s> {
    /// An evaluation with nothing added yet.
    pub fn new(settings: &'s Settings) -> Self {
        Evaluation {
            ctx: Ctx::new(settings),
            strict: settings.vigie.strict,
            partial: Partial::default(),
        }
    }

    /// Adds the next release (its JSON text); lines are numbered in the
    /// order they are added.
    pub fn add(&mut self, text: &str) -> Result<(), Error> {
        let index = self.partial.lines;
        engine::line(
            Mode::Evaluate(&self.ctx),
            self.strict,
            text.as_bytes(),
            index + 1,
            &mut self.partial,
        );
        match self.partial.error.take() {
            Some((line, message)) => Err(Error::Line { line, message }),
            None => Ok(()),
        }
    }

    /// The flags of every release added.
    pub fn finish(self) -> Report {
        let mut partial = self.partial;
        partial.sort();
        finish(&self.ctx, partial)
    }
}

/// Only checks that every line is JSON, on all cores; returns the number of
/// lines. The cost of reading, against which evaluation is measured.
pub fn parse_only(path: &Path) -> Result<u64, Error> {
    let file = std::fs::File::open(path)?;
    let reader = std::io::BufReader::with_capacity(256 << 10, file);
    let partial = engine::run(reader, Mode::ParseOnly, false, threads())?;
    Ok(partial.lines)
}

/// Resolves what needed the whole file (the currency, fences), then closes
/// the groups as Cardinal does.
fn finish(ctx: &Ctx<'_>, mut partial: Partial) -> Report {
    let settings = ctx.settings;
    let currency = settings
        .currency
        .clone()
        .or_else(|| partial.first_currency.as_ref().map(|(_, _, c)| c.clone()));
    let in_currency = |c: Option<&str>| c.is_none() || c == currency.as_deref();

    // R036 results belong with the per-process flags, in line order.
    let r036 = std::mem::take(&mut partial.r036);
    partial.flags.extend(
        r036.into_iter()
            .filter(|c| in_currency(c.currency.as_deref()))
            .map(|c| Flag {
                line: c.line,
                group: Group::Ocid,
                id: c.ocid,
                code: Code::R036,
                value: 1.0,
            }),
    );
    partial.flags.sort_by_key(|f| f.line);

    let mut results = Results::new();
    for flag in &partial.flags {
        results.set(flag.group, &flag.id, flag.code, flag.value);
    }

    // One ratio per process (per lot with `[vigie] lots`): a repeated ocid
    // keeps its last line, as Cardinal's map.
    let mut last: HashMap<(&str, usize), usize> = HashMap::new();
    let kept: Vec<_> = partial
        .ratios
        .iter()
        .filter(|r| in_currency(r.currency.as_deref()))
        .collect();
    for (index, ratio) in kept.iter().enumerate() {
        last.insert((&*ratio.ocid, ratio.unit), index);
    }
    let ratios: Vec<_> = kept
        .iter()
        .enumerate()
        .filter(|(index, r)| last[&(&*r.ocid, r.unit)] == *index)
        .map(|(_, r)| *r)
        .collect();

    if let Some(threshold) = settings.r024 {
        indicators::r024::finalize_r024(threshold, &ratios, &mut results);
    }
    if let Some(r025) = &settings.r025 {
        indicators::r025::finalize(r025, &partial, &mut results);
    }
    if let Some(r038) = &settings.r038 {
        indicators::r038::finalize(r038, &partial, &mut results);
    }
    if let Some(r048) = &settings.r048 {
        indicators::r048::finalize(r048, &partial, &mut results);
    }
    if let Some(threshold) = settings.r058 {
        indicators::r024::finalize_r058(threshold, &ratios, &mut results);
    }
    let d = &settings.d;
    if let Some(flag) = &d[1] {
        indicators::d002::finalize(flag, &partial, &mut results);
    }
    if let Some(flag) = &d[2] {
        indicators::d003::finalize(flag, &partial, &mut results);
    }
    if let Some(flag) = &d[3] {
        indicators::d004::finalize(flag, &partial, &mut results);
    }
    if let Some(flag) = &d[6] {
        indicators::d007::finalize(flag, &partial, &mut results);
    }
    if let Some(flag) = &d[7] {
        indicators::d008::finalize(flag, &partial, &mut results);
    }

    Report {
        results: results.close(),
        warnings: partial.warnings,
        lines: partial.lines,
    }
}
