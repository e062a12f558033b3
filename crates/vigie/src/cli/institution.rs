//! `vigie institution list` prints one institution per line, tab-separated:
//! code, kind, country (ISO3; empty for international bodies), name.
//! `vigie institution add` registers one.

use clap::Subcommand;
use vigie_domain::{CountryCode, Institution, InstitutionCode, InstitutionKind, Lang};

use vigie_store::Actor;

use crate::config::StorageArgs;

#[derive(Debug, Subcommand)]
pub enum InstitutionCommand {
    /// Print every institution: code, kind, country, name (tab-separated).
    List {
        /// Language of the names.
        #[arg(long, default_value = "fr")]
        lang: Lang,
    },
    /// Register an institution.
    Add {
        /// Short code, such as `BFA-CODES`; it never changes once given.
        #[arg(long)]
        code: InstitutionCode,
        /// One of: parliament_commission, court_of_auditors,
        /// armed_forces_inspectorate, police_inspectorate, army_stewardship,
        /// finance_control, procurement_directorate, ombudsman,
        /// civil_society, press, court, international_org, partner,
        /// facilitator.
        #[arg(long)]
        kind: InstitutionKind,
        /// ISO 3166-1 alpha-3 code of its country (registered first with
        /// `vigie country add`); omit for international bodies.
        #[arg(long)]
        country: Option<CountryCode>,
        /// Local acronym, if any.
        #[arg(long)]
        acronym: Option<String>,
        /// Name in French.
        #[arg(long)]
        name_fr: String,
        /// Name in English.
        #[arg(long)]
        name_en: String,
        /// Where the name and mandate come from (a law, a decree, a URL).
        #[arg(long, default_value = "")]
        source: String,
    },
}

pub async fn run(storage: &StorageArgs, command: InstitutionCommand) -> anyhow::Result<()> {
    let store = storage.open().await?;
    match command {
        InstitutionCommand::List { lang } => {
            let institutions = store.list_institutions().await?;
            store.close().await;
            crate::output::lines(institutions.iter().map(|i| {
                let country = i.country().map(|c| c.to_string()).unwrap_or_default();
                format!("{}\t{}\t{}\t{}", i.code(), i.kind(), country, i.name(lang))
            }))
        }
        InstitutionCommand::Add {
            code,
            kind,
            country,
            acronym,
            name_fr,
            name_en,
            source,
        } => {
            let mut institution = Institution::new(code, kind, country, name_fr, name_en)?;
            institution.acronym = acronym;
            store
                .insert_institution(&Actor::Cli, &institution, &source)
                .await?;
            store.close().await;
            println!("added institution {}", institution.code());
            Ok(())
        }
    }
}
