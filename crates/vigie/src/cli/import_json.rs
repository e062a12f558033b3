//! `vigie import governance|framework|assessments|conference|findings|
//! recommendations|meetings`: the hand-edited JSON files of the
//! accountability chain. Each is read whole, checked whole, and stored in
//! one transaction or not at all, through the store's one import pipeline;
//! every problem is printed as `FILE:LINE: /json/pointer: reason`, the
//! key of every record written on stdout, one per line.

use std::path::PathBuf;

use anyhow::Context;
use vigie_store::ImportMode;
use vigie_store::{Actor, ImportOptions, StoreError};

use super::import::rejected;
use crate::config::StorageArgs;

/// Which kind of file.
#[derive(Debug, Clone, Copy)]
pub enum Kind {
    Profiles,
    Framework,
    Assessments,
    Conference,
    Findings,
    Recommendations,
    Meetings,
}

#[derive(Debug, clap::Args)]
pub struct JsonArgs {
    /// The JSON file to import.
    file: PathBuf,

    /// Check everything and say what would change, without storing.
    #[arg(long)]
    dry_run: bool,

    /// Refuse every deviation. Without it, what has one sound reading (a
    /// number given as text, one value where a list belongs, a code in
    /// another case, a date given with a time) is read so and reported as
    /// a warning; the file still lands whole or not at all.
    #[arg(long)]
    strict: bool,
}

pub async fn run(storage: &StorageArgs, kind: Kind, args: JsonArgs) -> anyhow::Result<()> {
    let name = args.file.display().to_string();
    // Bounded before it is read: a file of records is held whole.
    let size = std::fs::metadata(&args.file)
        .with_context(|| format!("cannot read {name}"))?
        .len();
    if let Err(StoreError::Rejected(errors)) = vigie_store::records_file_fits(&name, size) {
        return rejected(&name, &errors);
    }
    let text =
        std::fs::read_to_string(&args.file).with_context(|| format!("cannot read {name}"))?;
    let mode = ImportOptions {
        mode: if args.dry_run {
            ImportMode::DryRun
        } else {
            ImportMode::Apply
        },
        strict: args.strict,
    };
    let verb = if args.dry_run {
        "would import"
    } else {
        "imported"
    };
    let store = storage.open().await?;
    let actor = Actor::Cli;
    let result = match kind {
        Kind::Profiles => {
            store
                .governance()
                .import_profiles(&actor, &name, &text, mode)
                .await
        }
        Kind::Framework => {
            store
                .governance()
                .import_framework(&actor, &name, &text, mode)
                .await
        }
        Kind::Assessments => {
            store
                .governance()
                .import_assessments(&actor, &name, &text, mode)
                .await
        }
        Kind::Meetings => store.meetings().import(&actor, &name, &text, mode).await,
        Kind::Conference => store.conferences().import(&actor, &name, &text, mode).await,
        Kind::Findings => store.findings().import(&actor, &name, &text, mode).await,
        Kind::Recommendations => {
            store
                .recommendations()
                .import(&actor, &name, &text, mode)
                .await
        }
    }
    .map(|r| {
        for id in &r.written {
            println!("{id}");
        }
        for w in &r.warnings {
            eprintln!("warning: {w}");
        }
        let unlisted = r.warnings_total - r.warnings.len() as u64;
        if unlisted > 0 {
            eprintln!("warning: … and {unlisted} more");
        }
        format!(
            "{verb} {} record(s): {} new or changed, {} unchanged; {} warning(s)",
            r.read,
            r.written.len(),
            r.unchanged,
            r.warnings_total
        )
    });
    store.close().await;
    match result {
        Ok(summary) => {
            eprintln!("{name}: {summary}");
            Ok(())
        }
        Err(StoreError::Rejected(errors) | StoreError::Refused(errors)) => rejected(&name, &errors),
        Err(e) => Err(e.into()),
    }
}
