//! `vigie classification levels | categories | authorities`: the
//! classification rules, as data anyone can read; `import` to set them.

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
    /// Add rules from CSV files in DIR — `classification_levels.csv`,
    /// `classification_categories.csv`, `classification_authorities.csv`
    /// (any of them; the demo's format, see `crates/vigie-store/demo/`).
    /// All or nothing; a bad row is named by file, line and field.
    Import {
        /// The directory holding the files.
        dir: std::path::PathBuf,
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
        ClassificationCommand::Import { dir } => {
            let result = import(&store, &dir).await;
            store.close().await;
            return result;
        }
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

async fn import(store: &vigie_store::Store, dir: &std::path::Path) -> anyhow::Result<()> {
    use vigie_store::classification::{FILES, RuleFiles};
    let read = |name: &str| -> anyhow::Result<Option<(String, String)>> {
        let path = dir.join(name);
        match std::fs::read_to_string(&path) {
            Ok(text) => Ok(Some((path.display().to_string(), text))),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(anyhow::anyhow!("cannot read `{}`: {e}", path.display())),
        }
    };
    let files = RuleFiles {
        levels: read(FILES[0])?,
        categories: read(FILES[1])?,
        authorities: read(FILES[2])?,
    };
    if files.levels.is_none() && files.categories.is_none() && files.authorities.is_none() {
        anyhow::bail!("`{}` holds none of {}", dir.display(), FILES.join(", "));
    }
    let done = store
        .import_classification(&vigie_store::Actor::Cli, &files)
        .await?;
    println!(
        "imported {} level(s), {} category(ies), {} authority(ies)",
        done.levels, done.categories, done.authorities
    );
    Ok(())
}
