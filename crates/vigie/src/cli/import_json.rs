//! `vigie import governance|framework|assessments|conference|findings|
//! recommendations|meetings`: the hand-edited JSON files of the
//! accountability chain. Each is read whole, checked whole, and stored in
//! one transaction or not at all, through the store's one import pipeline;
//! every problem is printed as `FILE:LINE: /json/pointer: reason`, the
//! key of every record written on stdout, one per line.

use std::path::PathBuf;

use anyhow::Context;
use vigie_store::ImportMode;
use vigie_store::{Actor, StoreError};

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
}

pub async fn run(storage: &StorageArgs, kind: Kind, args: JsonArgs) -> anyhow::Result<()> {
    let name = args.file.display().to_string();
    let text =
        std::fs::read_to_string(&args.file).with_context(|| format!("cannot read {name}"))?;
    let mode = if args.dry_run {
        ImportMode::DryRun
    } else {
        ImportMode::Apply
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
        format!(
            "{verb} {} record(s): {} new or changed, {} unchanged",
            r.read,
            r.written.len(),
            r.unchanged
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
