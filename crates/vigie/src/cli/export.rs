//! `vigie export budget|ocds`: open data as the public sees it, in the same
//! bytes the web's downloads serve to a visitor.

use std::io::Write;

use clap::Subcommand;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use vigie_domain::CountryCode;
use vigie_ocds::{PackageMeta, Publisher};
use vigie_policy::{Authorizer, Principal};
use vigie_store::Actor;
use vigie_store::budget::LineQuery;
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
    /// Write the contracting processes to stdout as OCDS 1.1, as the public
    /// sees them: every classified field removed (its path and level stay
    /// in `classification`). `compiled`: one compiled release per line;
    /// `package`: a release package of the compiled releases.
    Ocds {
        /// compiled or package.
        #[arg(long, default_value = "compiled")]
        format: OcdsFormat,
        /// Only this country's processes (ISO 3166-1 alpha-3).
        #[arg(long)]
        country: Option<CountryCode>,
        /// The package's `uri`: where it will be published.
        #[arg(long, default_value = "urn:vigie:ocds-export")]
        uri: String,
        /// The package's publisher.
        #[arg(long, default_value = "Vigie")]
        publisher: String,
    },
}

/// The two OCDS shapes `vigie export ocds` writes.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum OcdsFormat {
    /// Line-delimited compiled releases.
    Compiled,
    /// A release package.
    Package,
}

pub async fn run(storage: &StorageArgs, command: ExportCommand) -> anyhow::Result<()> {
    let (country, format) = match command {
        ExportCommand::Budget { country, format } => (country, format),
        ExportCommand::Ocds {
            format,
            country,
            uri,
            publisher,
        } => {
            let meta = PackageMeta {
                uri,
                publisher: Publisher {
                    name: publisher,
                    scheme: None,
                    uid: None,
                    uri: None,
                },
                published_date: OffsetDateTime::now_utc()
                    .replace_nanosecond(0)?
                    .format(&Rfc3339)?,
                license: None,
                publication_policy: None,
                extensions: Vec::new(),
            };
            return ocds(storage, format, country, &meta).await;
        }
    };
    let authorizer = Authorizer::load()?;
    let store = storage.open().await?;
    let read = async {
        let view = store
            .budget()
            .view(&authorizer, &Actor::Cli, &Principal::public(), country)
            .await?;
        let lines = store.budget().lines(&view, &LineQuery::default()).await?;
        anyhow::Ok((view, lines))
    }
    .await;
    store.close().await;
    let (view, lines) = read?;
    let bytes =
        budget_file(&view, &lines.lines, None, format).map_err(|e| anyhow::anyhow!("{e}"))?;
    let mut out = std::io::stdout().lock();
    finish(out.write_all(&bytes).and_then(|()| out.flush()))
}

/// A closed pipe (`| head`) is not an error.
fn finish(written: std::io::Result<()>) -> anyhow::Result<()> {
    match written {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => Ok(other?),
    }
}

async fn ocds(
    storage: &StorageArgs,
    format: OcdsFormat,
    country: Option<CountryCode>,
    meta: &PackageMeta,
) -> anyhow::Result<()> {
    let authorizer = Authorizer::load()?;
    let store = storage.open().await?;
    let view = store
        .procurement()
        .view(&authorizer, &Actor::Cli, &Principal::public(), country)
        .await;
    store.close().await;
    let view = view?;
    let releases = view.processes().iter().map(|p| p.release());
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let written = match format {
        OcdsFormat::Compiled => vigie_ocds::write_compiled(&mut out, releases),
        OcdsFormat::Package => vigie_ocds::write_release_package(&mut out, meta, releases),
    };
    finish(written.and_then(|_| out.flush()))
}
