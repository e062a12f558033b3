//! `vigie declassify --due [--as-of YYYY-MM-DD]`.

use anyhow::bail;
use time::Date;
use time::macros::format_description;
use vigie_store::Actor;

use crate::config::StorageArgs;
use crate::output;

#[derive(Debug, clap::Args)]
pub struct DeclassifyArgs {
    /// Declassify the documents whose declassification date has come.
    #[arg(long)]
    due: bool,

    /// The date to take as today (YYYY-MM-DD): everything due on or before
    /// it is declassified.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    as_of: Option<Date>,
}

fn parse_date(s: &str) -> Result<Date, String> {
    Date::parse(s, format_description!("[year]-[month]-[day]"))
        .map_err(|_| format!("`{s}` is not a YYYY-MM-DD date"))
}

/// Prints one line per document declassified (`ID COUNTRY REFERENCE
/// FROM-LEVEL`, tab-separated), then a summary on stderr.
pub async fn run(storage: &StorageArgs, args: DeclassifyArgs) -> anyhow::Result<()> {
    if !args.due {
        bail!("say what to declassify: `--due` (documents whose date has come)");
    }
    let as_of = args
        .as_of
        .unwrap_or_else(|| time::OffsetDateTime::now_utc().date());
    let store = storage.open().await?;
    let done = store.documents().declassify_due(&Actor::Cli, as_of).await;
    store.close().await;
    let done = done?;
    output::lines(
        done.iter()
            .map(|d| format!("{}\t{}\t{}\t{}", d.id, d.country, d.reference, d.from_level)),
    )?;
    eprintln!("{} document(s) declassified as of {as_of}", done.len());
    Ok(())
}
