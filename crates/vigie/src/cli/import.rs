//! `vigie import …`: data files into Vigie, all or nothing; or the budget
//! template to fill. The JSON files of the accountability chain share one
//! path, in `import_json.rs`.

use std::fs::File;
use std::io::BufReader;
use std::path::PathBuf;

use anyhow::{Context, bail};
use clap::Subcommand;
use indicatif::{ProgressBar, ProgressStyle};
use vigie_domain::Lang;
use vigie_import::{Level, Observer, ReportWriter};
use vigie_store::ImportMode;
use vigie_store::ImportOptions;
use vigie_store::{Actor, StoreError};

use super::import_json::{self as json, JsonArgs, Kind};
use crate::config::StorageArgs;
use crate::output;

#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// Import budget lines from a CSV or XLSX file (English or French
    /// columns and values; `;` and decimal commas, UTF-8 or Windows-1252).
    /// All or nothing: on any error, every error is printed on stderr as
    /// `FILE:LINE: column: reason` and nothing is stored. Importing the same
    /// file again changes nothing.
    Budget(BudgetArgs),
    /// Import OCDS 1.1 contracting data: a release package, a record
    /// package, one release, or one release or compiled release per line
    /// (`-` reads stdin). Streamed, so multi-gigabyte files run in bounded
    /// memory; each release is checked against the OCDS 1.1.5 schema and
    /// must name its buyer's state in `country` (decision 0011). What has
    /// one sound reading is corrected and reported as a warning (an object
    /// given as a one-item list, a number as text, a date without a time
    /// zone, a missing id, OCDS 1.0; `--strict` refuses them). All or
    /// nothing: every error is printed as `FILE:LINE: /json/path: reason`
    /// (`FILE: /releases/17/…` inside a package), nothing is stored, and the
    /// exit status is non-zero. Processes that changed are compiled again
    /// with the OCDS merge rules.
    Ocds(OcdsArgs),
    /// Import institution profiles (`{"profiles": [...]}`: functions,
    /// mandate, legal bases, access to classified information, reporting
    /// lines). Every institution named must exist. All or nothing: every
    /// error is printed as `FILE:LINE: /json/path: reason`.
    Governance(JsonArgs),
    /// Import one assessment framework version (risk areas, questions,
    /// scoring bands). A version already stored with other content is
    /// refused: publish a new version. All or nothing, errors as above.
    Framework(JsonArgs),
    /// Import assessments (`{"assessments": [...]}`) against a stored
    /// framework version: every score one of its question's bands. All or
    /// nothing, errors as above.
    Assessments(JsonArgs),
    /// Import one edition of the regional conference from a JSON file
    /// (its programme, roles, participants, supporters and documents; the
    /// format is in docs/API-DESIGN.md, an example in
    /// crates/vigie-store/demo/conferences/). The edition is known by its
    /// `number`: importing it again replaces it, keeping the database ids
    /// of its programme items by code. All or nothing: every error is
    /// printed as `FILE:LINE: /json/path: reason` and nothing is stored.
    /// Importing the same file again changes nothing.
    Conference(JsonArgs),
    /// Import findings of audits, inspections and parliamentary inquiries
    /// with their referrals to courts: `{"findings": [ … ]}` (see
    /// `crates/vigie-store/demo/findings.json`). Institutions and courts
    /// must be known; amounts in XOF, XAF or MRU. All or nothing: every
    /// error is printed as `FILE:LINE: /json/path: reason` and nothing is
    /// stored.
    Findings(JsonArgs),
    /// Import recommendations to follow up: `{"recommendations": [ … ]}`
    /// (see `crates/vigie-store/demo/recommendations.json`), each naming
    /// its conference workshop (`{"conference": 1, "session": "W2"}`) or
    /// its finding, its addressees, milestones and status history (which
    /// must follow the workflow of decision 0012, each change with a
    /// reason). All or nothing: every error is printed as
    /// `FILE:LINE: /json/path: reason` and nothing is stored.
    Recommendations(JsonArgs),
    /// Import follow-up meetings between the facilitator and national
    /// oversight bodies: a JSON file `{"meetings": [...]}` (see
    /// `crates/vigie-store/demo/meetings.json`). Each meeting is replaced
    /// whole by its code. All or nothing: every error is printed as
    /// `FILE:LINE: /json/pointer: reason` and nothing is stored.
    Meetings(JsonArgs),
}

#[derive(Debug, clap::Args)]
pub struct OcdsArgs {
    /// The file to import, or `-` for stdin.
    file: PathBuf,

    /// The buyer's state of releases that do not name one in `country`
    /// (any publication not made for Vigie), ISO 3166-1 alpha-3.
    #[arg(long)]
    country: Option<vigie_domain::CountryCode>,

    /// Check everything and say what would change, without storing.
    #[arg(long)]
    dry_run: bool,

    /// Refuse every deviation from the OCDS schema, for publishers who
    /// check their own files. Without it, what has one sound reading is
    /// corrected and reported as a warning (decision 0019).
    #[arg(long)]
    strict: bool,

    /// Write every warning and error to this CSV file, with the columns
    /// `line,ocid,path,value,level,description`.
    #[arg(long, value_name = "ISSUES.csv")]
    report: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct BudgetArgs {
    /// The file to import.
    #[arg(required_unless_present = "template", conflicts_with = "template")]
    file: Option<PathBuf>,

    /// Check everything and say what would change, without storing.
    #[arg(long)]
    dry_run: bool,

    /// Print the CSV template to fill instead (with illustrative rows).
    #[arg(long)]
    template: bool,

    /// Language of the template's columns and values (French: `;`
    /// separator and decimal comma, as ministries produce them).
    #[arg(long, default_value = "fr", requires = "template")]
    lang: Lang,
}

pub async fn run(storage: &StorageArgs, command: ImportCommand) -> anyhow::Result<()> {
    match command {
        ImportCommand::Budget(args) => budget(storage, args).await,
        ImportCommand::Ocds(args) => ocds(storage, args).await,
        ImportCommand::Governance(args) => json::run(storage, Kind::Profiles, args).await,
        ImportCommand::Framework(args) => json::run(storage, Kind::Framework, args).await,
        ImportCommand::Assessments(args) => json::run(storage, Kind::Assessments, args).await,
        ImportCommand::Conference(args) => json::run(storage, Kind::Conference, args).await,
        ImportCommand::Findings(args) => json::run(storage, Kind::Findings, args).await,
        ImportCommand::Recommendations(args) => {
            json::run(storage, Kind::Recommendations, args).await
        }
        ImportCommand::Meetings(args) => json::run(storage, Kind::Meetings, args).await,
    }
}
async fn ocds(storage: &StorageArgs, args: OcdsArgs) -> anyhow::Result<()> {
    let options = ImportOptions {
        mode: if args.dry_run {
            ImportMode::DryRun
        } else {
            ImportMode::Apply
        },
        strict: args.strict,
    };
    let (name, input): (String, Box<dyn std::io::BufRead + Send>) = if args.file.as_os_str() == "-"
    {
        (
            "stdin".to_owned(),
            Box::new(BufReader::new(std::io::stdin())),
        )
    } else {
        let name = args.file.display().to_string();
        let file = File::open(&args.file).with_context(|| format!("cannot open {name}"))?;
        (name, Box::new(BufReader::with_capacity(1 << 20, file)))
    };
    let report = match &args.report {
        Some(path) => {
            let file =
                File::create(path).with_context(|| format!("cannot create {}", path.display()))?;
            Some(ReportWriter::new(std::io::BufWriter::new(file))?)
        }
        None => None,
    };
    let bar = ProgressBar::new_spinner().with_style(
        ProgressStyle::with_template("{spinner} {human_pos} releases read ({per_sec}, {elapsed})")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    let store = storage.open().await?;
    let mut follow = Follow {
        bar: &bar,
        report,
        failed: None,
    };
    let result = match args.country {
        Some(country) => {
            store
                .procurement()
                .import_as(country, &Actor::Cli, &name, input, options, &mut follow)
                .await
        }
        None => {
            store
                .procurement()
                .import(&Actor::Cli, &name, input, options, &mut follow)
                .await
        }
    };
    bar.finish_and_clear();
    store.close().await;
    if let Some(e) = follow.failed {
        return Err(e).context("writing the report");
    }
    if let Some(report) = follow.report {
        report.finish().context("writing the report")?;
    }
    match result {
        Ok(report) => {
            const SHOWN: usize = 20;
            for w in report.warnings.iter().take(SHOWN) {
                eprintln!("warning: {w}");
            }
            let unshown = report.warnings_total.saturating_sub(SHOWN as u64);
            if unshown > 0 {
                let hint = if args.report.is_some() {
                    "in the report"
                } else {
                    "with --report FILE"
                };
                eprintln!("warning: … and {unshown} more, listed {hint}");
            }
            let verb = if args.dry_run {
                "would import"
            } else {
                "imported"
            };
            eprintln!(
                "{name}: {verb} {} release(s): {} new or changed, {} unchanged; {} process(es) compiled; {} warning(s)",
                report.releases,
                report.written,
                report.unchanged,
                report.processes,
                report.warnings_total,
            );
            Ok(())
        }
        Err(StoreError::Rejected(errors) | StoreError::Refused(errors)) => rejected(&name, &errors),
        Err(e) => Err(e.into()),
    }
}

/// Follows an OCDS import: the progress bar, and every problem into the report.
struct Follow<'a> {
    bar: &'a ProgressBar,
    report: Option<ReportWriter<std::io::BufWriter<File>>>,
    /// The report could not be written: said at the end.
    failed: Option<std::io::Error>,
}

impl Observer for Follow<'_> {
    fn progress(&mut self, records: u64) {
        self.bar.set_position(records);
    }

    fn problem(&mut self, level: Level, problem: &vigie_import::ImportError) {
        if self.failed.is_none()
            && let Some(report) = &mut self.report
            && let Err(e) = report.row(level, problem)
        {
            self.failed = Some(e);
        }
    }
}

/// Prints every error of a refused file and fails.
pub(super) fn rejected(name: &str, errors: &[vigie_import::ImportError]) -> anyhow::Result<()> {
    for e in errors {
        eprintln!("{e}");
    }
    bail!(
        "{} problem(s) in {name}: nothing was imported",
        errors.len()
    )
}

async fn budget(storage: &StorageArgs, args: BudgetArgs) -> anyhow::Result<()> {
    let Some(path) = args.file else {
        return output::lines([vigie_import::budget::template(args.lang).trim_end()]);
    };
    let name = path.display().to_string();
    let file = File::open(&path).with_context(|| format!("cannot open {name}"))?;
    let mode = if args.dry_run {
        ImportMode::DryRun
    } else {
        ImportMode::Apply
    };
    // A counter, not a bar: the number of lines is not known before the
    // end of a streamed file. Hidden when stderr is not a terminal.
    let bar = ProgressBar::new_spinner().with_style(
        ProgressStyle::with_template("{spinner} {human_pos} lines read ({per_sec}, {elapsed})")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    let store = storage.open().await?;
    let result = store
        .budget()
        .import(&Actor::Cli, &name, BufReader::new(file), mode, &mut |n| {
            bar.set_position(n)
        })
        .await;
    bar.finish_and_clear();
    store.close().await;
    match result {
        Ok(report) => {
            let verb = if args.dry_run {
                "would import"
            } else {
                "imported"
            };
            for w in &report.warnings {
                eprintln!("warning: {w}");
            }
            let unlisted = report.warnings_total - report.warnings.len() as u64;
            if unlisted > 0 {
                eprintln!("warning: … and {unlisted} more");
            }
            eprintln!(
                "{name}: {verb} {} line(s): {} new, {} changed, {} unchanged; {} warning(s)",
                report.lines,
                report.inserted,
                report.updated,
                report.unchanged,
                report.warnings_total
            );
            Ok(())
        }
        Err(StoreError::Rejected(errors) | StoreError::Refused(errors)) => rejected(&name, &errors),
        Err(e) => Err(e.into()),
    }
}
