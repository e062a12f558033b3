//! `vigie mandate list` and `vigie mandate add`.

use anyhow::Context;
use clap::Subcommand;
use vigie_domain::InstitutionCode;
use vigie_store::Actor;

use crate::config::StorageArgs;

#[derive(Debug, Subcommand)]
pub enum MandateCommand {
    /// Print every mandate: id, institution, service, years, reference
    /// (tab-separated).
    List,
    /// Give an oversight institution a mandate over a service: its
    /// auditors may then consult that service's documents of those years.
    Add {
        /// The overseeing institution (a court of auditors, an inspectorate).
        #[arg(long)]
        institution: InstitutionCode,
        /// The service covered.
        #[arg(long)]
        service: InstitutionCode,
        /// The years covered, `2024` or `2023-2025`.
        #[arg(long, value_parser = parse_years)]
        years: (i32, i32),
        /// The decision or programme that gives the mandate.
        #[arg(long)]
        reference: String,
    },
}

fn parse_years(s: &str) -> Result<(i32, i32), String> {
    let year = |y: &str| {
        y.trim()
            .parse::<i32>()
            .map_err(|_| format!("`{s}`: years are `2024` or `2023-2025`"))
    };
    match s.split_once('-') {
        Some((a, b)) => Ok((year(a)?, year(b)?)),
        None => year(s).map(|y| (y, y)),
    }
}

pub async fn run(storage: &StorageArgs, command: MandateCommand) -> anyhow::Result<()> {
    let store = storage.open().await?;
    let result = match command {
        MandateCommand::List => {
            store
                .list_mandates()
                .await
                .map_err(Into::into)
                .and_then(|mandates| {
                    crate::output::lines(mandates.iter().map(|m| {
                        format!(
                            "{}\t{}\t{}\t{}-{}\t{}",
                            m.id, m.institution, m.service, m.year_from, m.year_to, m.reference
                        )
                    }))
                })
        }
        MandateCommand::Add {
            institution,
            service,
            years,
            reference,
        } => store
            .add_mandate(&Actor::Cli, &institution, &service, years, &reference)
            .await
            .context("cannot add the mandate")
            .map(|id| {
                println!(
                    "mandate {id}: {institution} over {service}, {}-{}",
                    years.0, years.1
                )
            }),
    };
    store.close().await;
    result
}
