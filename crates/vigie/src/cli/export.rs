//! `vigie export budget`: a country's budget as the public sees it, in the
//! same bytes the web's downloads serve to a visitor.

use std::io::Write;

use clap::Subcommand;
use vigie_domain::CountryCode;
use vigie_policy::{Authorizer, Principal};
use vigie_store::Actor;
use vigie_web::budget::Format;
use vigie_web::budget::export::budget_file;

use crate::config::StorageArgs;

#[derive(Debug, Subcommand)]
pub enum ExportCommand {
    /// Write a country's budget to stdout: the public lines (classified
    /// lines count in the totals, never on their own). CSV is the import
    /// template's format; XLSX adds the totals; JSON is the API's.
    Budget {
        /// ISO 3166-1 alpha-3 code.
        #[arg(long)]
        country: CountryCode,
        /// csv, json or xlsx.
        #[arg(long, default_value = "csv")]
        format: Format,
    },
}

pub async fn run(storage: &StorageArgs, command: ExportCommand) -> anyhow::Result<()> {
    let ExportCommand::Budget { country, format } = command;
    let authorizer = Authorizer::load()?;
    let store = storage.open().await?;
    let view = store
        .budget_view(&authorizer, &Actor::Cli, &Principal::public(), country)
        .await;
    store.close().await;
    let bytes = budget_file(&view?, format).map_err(|e| anyhow::anyhow!("{e}"))?;
    let mut out = std::io::stdout().lock();
    match out.write_all(&bytes).and_then(|()| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => Ok(other?),
    }
}
