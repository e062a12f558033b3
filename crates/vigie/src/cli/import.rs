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
use vigie_store::budget::ImportMode;
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
    /// must name its buyer's state in `country` (decision 0011). All or
    /// nothing: every error is printed as `FILE:LINE: /json/path: reason`
    /// (`FILE: /releases/17/…` inside a package) and nothing is stored.
    /// Processes that changed are compiled again with the OCDS merge rules.
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
    let mode = if args.dry_run {
        ImportMode::DryRun
    } else {
        ImportMode::Apply
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
    let bar = ProgressBar::new_spinner().with_style(
        ProgressStyle::with_template("{spinner} {human_pos} releases read ({per_sec}, {elapsed})")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    let store = storage.open().await?;
    let mut progress = |n| bar.set_position(n);
    let result = match args.country {
        Some(country) => {
            store
                .import_ocds_as(country, &Actor::Cli, &name, input, mode, &mut progress)
                .await
        }
        None => {
            store
                .import_ocds(&Actor::Cli, &name, input, mode, &mut progress)
                .await
        }
    };
    bar.finish_and_clear();
    store.close().await;
    match result {
        Ok(report) => {
            let verb = if args.dry_run {
                "would import"
            } else {
                "imported"
            };
            eprintln!(
                "{name}: {verb} {} release(s): {} new or changed, {} unchanged; {} process(es) compiled",
                report.releases,
                report.written,
                report.unchanged,
                report.processes.len()
            );
            Ok(())
        }
        Err(StoreError::Rejected(errors) | StoreError::Refused(errors)) => rejected(&name, &errors),
        Err(e) => Err(e.into()),
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
        .import_budget(&Actor::Cli, &name, BufReader::new(file), mode, &mut |n| {
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
