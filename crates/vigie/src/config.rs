//! Where the data lives: the one place that reads `--data-dir`,
//! `--database-url` and their environment variables (through clap).

use std::path::PathBuf;

use anyhow::Context;
use vigie_store::documents::Vault;
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

    /// Where encrypted document content goes: an object store URL
    /// (`s3://bucket/prefix` in a build with the `s3` feature, credentials
    /// from `AWS_*`). Default: `<data-dir>/documents`.
    #[arg(long, global = true, env = "VIGIE_DOCUMENTS_URL")]
    pub documents_url: Option<String>,

    /// The key-encryption key of documents (an age X25519 identity),
    /// created at first start. Keep it apart from the database and its
    /// backups. Default: `<data-dir>/document-key`.
    #[arg(long, global = true, env = "VIGIE_DOCUMENT_KEY_FILE")]
    pub document_key_file: Option<PathBuf>,
}

impl StorageArgs {
    /// The database the flags point to.
    pub fn location(&self) -> anyhow::Result<DatabaseLocation> {
        match self.database_url.as_deref().filter(|u| !u.is_empty()) {
            Some(url) => Ok(DatabaseLocation::from_url(url)?),
            None => Ok(DatabaseLocation::in_data_dir(&self.data_dir)),
        }
    }

    /// Opens (and migrates) the database, with its document store.
    pub async fn open(&self) -> anyhow::Result<Store> {
        let location = self.location()?;
        let store = Store::open(&location)
            .await
            .with_context(|| format!("cannot open {}", describe(&location)))?;
        Ok(store.with_vault(self.vault()?))
    }

    /// The key-encryption key's file.
    pub fn document_key_file(&self) -> PathBuf {
        self.document_key_file
            .clone()
            .unwrap_or_else(|| vigie_store::documents::vault::default_key_file(&self.data_dir))
    }

    pub fn vault(&self) -> anyhow::Result<Vault> {
        let key = self.document_key_file();
        let vault = match self.documents_url.as_deref().filter(|u| !u.is_empty()) {
            Some(url) => Vault::at_url(url, &key)?,
            None => Vault::local(&self.data_dir, &key)?,
        };
        Ok(vault)
    }
}

/// "SQLite database `./vigie-data/vigie.db`" or "PostgreSQL `postgres://u:***@h/db`".
pub fn describe(location: &DatabaseLocation) -> String {
    match location {
        DatabaseLocation::Sqlite(path) => format!("SQLite database `{}`", path.display()),
        DatabaseLocation::Postgres(url) => format!("PostgreSQL `{}`", vigie_store::redact(url)),
    }
}
