//! `vigie classification levels | categories | authorities`: the
//! classification rules, as data anyone can read.

use clap::Subcommand;
use vigie_domain::{CountryCode, Lang};

use crate::config::StorageArgs;

#[derive(Debug, Subcommand)]
pub enum ClassificationCommand {
    /// Print a country's levels, lowest first: code, rank, name, maximum
    /// years (tab-separated; empty for the public level).
    Levels {
        /// ISO 3166-1 alpha-3 code.
        #[arg(long)]
        country: CountryCode,
        /// Language of the names.
        #[arg(long, default_value = "fr")]
        lang: Lang,
    },
    /// Print the categories of information: code, treatment, default level,
    /// Tshwane principle, name (tab-separated).
    Categories {
        /// Language of the names.
        #[arg(long, default_value = "fr")]
        lang: Lang,
    },
    /// Print who may classify and declassify each level of a country's
    /// scheme: level, action, authority, `illustrative` when not attested.
    Authorities {
        /// ISO 3166-1 alpha-3 code.
        #[arg(long)]
        country: CountryCode,
        /// Language of the names.
        #[arg(long, default_value = "fr")]
        lang: Lang,
    },
}

pub async fn run(storage: &StorageArgs, command: ClassificationCommand) -> anyhow::Result<()> {
    let store = storage.open().await?;
    let lines: Vec<String> = match command {
        ClassificationCommand::Levels { country, lang } => {
            let scheme = store
                .classification_scheme(country)
                .await?
                .ok_or_else(|| anyhow::anyhow!("no classification scheme for `{country}`"))?;
            scheme
                .levels()
                .filter_map(|level| {
                    let d = scheme.definition(level)?;
                    let max = d.max_years.map(|y| y.to_string()).unwrap_or_default();
                    Some(format!(
                        "{}\t{}\t{}\t{max}",
                        d.code,
                        level.rank(),
                        lang.pick(&d.name_fr, &d.name_en)
                    ))
                })
                .collect()
        }
        ClassificationCommand::Categories { lang } => store
            .list_categories()
            .await?
            .iter()
            .map(|c| {
                format!(
                    "{}\t{}\t{}\t{}\t{}",
                    c.code,
                    c.treatment,
                    c.default_level,
                    c.tshwane,
                    c.name(lang)
                )
            })
            .collect(),
        ClassificationCommand::Authorities { country, lang } => store
            .classification_authorities(country)
            .await?
            .iter()
            .map(|a| {
                let flag = if a.illustrative { "illustrative" } else { "" };
                format!(
                    "{}\t{}\t{}\t{flag}",
                    a.level,
                    a.action.code(),
                    a.authority(lang)
                )
            })
            .collect(),
    };
    store.close().await;
    crate::output::lines(lines)
}
