//! Where the data lives: the one place that reads `--data-dir`,
//! `--database-url` and their environment variables (through clap).

use std::path::PathBuf;

use anyhow::Context;
use vigie_store::{DatabaseLocation, Store};

/// The storage settings every subcommand shares.
#[derive(Debug, Clone, clap::Args)]
pub struct StorageArgs {
    /// Directory for the embedded database and local files.
    #[arg(
        long,
        global = true,
        env = "VIGIE_DATA_DIR",
        default_value = "./vigie-data"
    )]
    pub data_dir: PathBuf,

    /// Database URL: `postgres://…` for server mode, or `sqlite://PATH`.
    /// Default: SQLite at `<data-dir>/vigie.db`.
    #[arg(
        long,
        global = true,
        env = "VIGIE_DATABASE_URL",
        hide_env_values = true
    )]
    pub database_url: Option<String>,
}

impl StorageArgs {
    /// The database the flags point to.
    pub fn location(&self) -> anyhow::Result<DatabaseLocation> {
        match self.database_url.as_deref().filter(|u| !u.is_empty()) {
            Some(url) => Ok(DatabaseLocation::from_url(url)?),
            None => Ok(DatabaseLocation::in_data_dir(&self.data_dir)),
        }
    }

    /// Opens (and migrates) the database.
    pub async fn open(&self) -> anyhow::Result<Store> {
        let location = self.location()?;
        Store::open(&location)
            .await
            .with_context(|| format!("cannot open {}", describe(&location)))
    }
}

/// "SQLite database `./vigie-data/vigie.db`" or "PostgreSQL `postgres://u:***@h/db`".
pub fn describe(location: &DatabaseLocation) -> String {
    match location {
        DatabaseLocation::Sqlite(path) => format!("SQLite database `{}`", path.display()),
        DatabaseLocation::Postgres(url) => format!("PostgreSQL `{}`", vigie_store::redact(url)),
    }
}
