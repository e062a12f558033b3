//! `vigie import governance|framework|assessments`: the governance JSON
//! files (institution profiles, an assessment framework, assessments).

use std::path::PathBuf;

use anyhow::Context;
use vigie_store::budget::ImportMode;
use vigie_store::{Actor, StoreError};

use super::import::rejected;
use crate::config::StorageArgs;

/// Which governance file.
#[derive(Debug, Clone, Copy)]
pub enum Kind {
    Profiles,
    Framework,
    Assessments,
    Meetings,
}

#[derive(Debug, clap::Args)]
pub struct GovernanceArgs {
    /// The JSON file to import.
    file: PathBuf,

    /// Check everything and say what would change, without storing.
    #[arg(long)]
    dry_run: bool,
}

pub async fn run(storage: &StorageArgs, kind: Kind, args: GovernanceArgs) -> anyhow::Result<()> {
    let name = args.file.display().to_string();
    let text =
        std::fs::read_to_string(&args.file).with_context(|| format!("cannot read {name}"))?;
    let mode = if args.dry_run {
        ImportMode::DryRun
    } else {
        ImportMode::Apply
    };
    let store = storage.open().await?;
    let actor = Actor::Cli;
    let result = match kind {
        Kind::Profiles => store.import_governance(&actor, &name, &text, mode).await,
        Kind::Framework => store.import_framework(&actor, &name, &text, mode).await,
        Kind::Assessments => store.import_assessments(&actor, &name, &text, mode).await,
        Kind::Meetings => store.import_meetings(&actor, &name, &text, mode).await,
    };
    store.close().await;
    match result {
        Ok(report) => {
            let verb = if args.dry_run {
                "would import"
            } else {
                "imported"
            };
            eprintln!(
                "{name}: {verb} {} record(s): {} new or changed, {} unchanged",
                report.read,
                report.written.len(),
                report.unchanged
            );
            for id in &report.written {
                println!("{id}");
            }
            Ok(())
        }
        Err(StoreError::Rejected(errors)) => rejected(&name, &errors),
        Err(e) => Err(e.into()),
    }
}
