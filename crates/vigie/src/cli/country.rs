//! `vigie country list` and `vigie country add`: the states an instance covers.

use clap::Subcommand;
use vigie_domain::{Country, CountryCode, Currency};

use vigie_store::Actor;

use crate::config::StorageArgs;

#[derive(Debug, Subcommand)]
pub enum CountryCommand {
    /// Print every country: ISO3 code, currency, French name, English name (tab-separated).
    List,
    /// Register a country.
    Add {
        /// ISO 3166-1 alpha-3 code, such as `BFA`.
        #[arg(long)]
        code: CountryCode,
        /// ISO 3166-1 alpha-2 code, such as `BF`.
        #[arg(long)]
        iso2: String,
        /// Name in French.
        #[arg(long)]
        name_fr: String,
        /// Name in English.
        #[arg(long)]
        name_en: String,
        /// Currency of record (ISO 4217): XOF, XAF, MRU, USD or EUR.
        #[arg(long)]
        currency: Currency,
    },
}

pub async fn run(storage: &StorageArgs, command: CountryCommand) -> anyhow::Result<()> {
    let store = storage.open().await?;
    match command {
        CountryCommand::List => {
            let countries = store.list_countries().await?;
            store.close().await;
            crate::output::lines(
                countries
                    .iter()
                    .map(|c| format!("{}\t{}\t{}\t{}", c.code, c.currency, c.name_fr, c.name_en)),
            )
        }
        CountryCommand::Add {
            code,
            iso2,
            name_fr,
            name_en,
            currency,
        } => {
            if iso2.len() != 2 || !iso2.bytes().all(|b| b.is_ascii_uppercase()) {
                anyhow::bail!("invalid --iso2 `{iso2}`: expected two capital letters such as `BF`");
            }
            let country = Country {
                code,
                name_fr,
                name_en,
                currency,
            };
            store.insert_country(&Actor::Cli, &country, &iso2).await?;
            store.close().await;
            println!("added country {code}");
            Ok(())
        }
    }
}
