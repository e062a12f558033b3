#![doc = include_str!("../README.md")]

mod accounts;
mod area;
pub mod backup;
mod bind;
pub mod budget;
pub mod classification;
pub mod conferences;
pub mod credentials;
mod db;
pub mod demo;
pub mod documents;
mod error;
pub mod findings;
pub mod governance;
pub mod log;
pub mod meetings;
mod page;
mod pipeline;
pub mod private_fs;
pub mod procurement;
pub mod recommendations;
mod reference;
mod second_factor;
mod sign_in_attempts;
mod sipri;
#[cfg(feature = "testing")]
pub mod testing;
pub mod totp;
mod writer;

use std::path::Path;

pub use accounts::{ApiToken, NewUser, SessionInfo, TokenInfo, TokenSpec, User, UserId};
pub use db::{Backend, DatabaseLocation, redact, ysql_forms_forced};
pub use error::{Result, StoreError};
pub use log::Actor;
pub use pipeline::{
    ImportMode, ImportOptions, MAX_LISTED_WARNINGS, RecordImport, records_file_fits,
};
pub use second_factor::{
    CHALLENGE_LIFETIME, Challenge, ChallengeOutcome, MAX_WRONG_ANSWERS, SecondFactorStatus,
};
pub use sign_in_attempts::{AtLimit, AttemptLimit, Counted};
pub use sipri::SipriObservation;
pub use writer::Writer;

use db::Db;

/// Vigie's storage: every read and write of the application goes through
/// this one type, whichever backend is behind it.
///
/// Cloning is cheap (it shares the connection pool).
#[derive(Debug, Clone)]
pub struct Store {
    db: Db,
    /// Where document content is kept; `None` until [`Store::with_vault`].
    vault: Option<std::sync::Arc<documents::Vault>>,
    /// What the procurement pages derive from the register, per version
    /// and visibility.
    overviews: std::sync::Arc<procurement::overview::Overviews>,
    /// Opened on a replica ([`Store::open_replica`]): what a read would
    /// also store (a checkpoint it signs) is not stored.
    read_only: bool,
}

impl Store {
    /// A store on `db`, its kept overviews empty.
    pub(crate) fn on(db: Db) -> Store {
        Store {
            db,
            vault: None,
            overviews: Default::default(),
            read_only: false,
        }
    }

    /// A store on `db` that stores nothing a read would ([`Store::open_replica`]).
    pub(crate) fn read_only(db: Db) -> Store {
        Store {
            read_only: true,
            ..Store::on(db)
        }
    }

    /// Opens the database, creating the SQLite file if needed, and applies
    /// pending migrations.
    pub async fn open(location: &DatabaseLocation) -> Result<Store> {
        let db = match location {
            DatabaseLocation::Sqlite(path) => {
                ensure_parent_dir(path)?;
                private_fs::create_file(path).map_err(|e| {
                    StoreError::Unavailable(format!("cannot create `{}`: {e}", path.display()))
                })?;
                Db::open_sqlite(path).await?
            }
            DatabaseLocation::Postgres(url) => Db::open_postgres(url, None).await?,
        };
        let store = Store::on(db);
        store.db.migrate().await?;
        store.procurement().backfill_listed().await?;
        store.log_existing_state().await?;
        Ok(store)
    }

    /// Opens a PostgreSQL database for reading only — a streaming replica
    /// (a hot standby), or a primary that this process must not write —
    /// after checking that it holds this binary's migrations. Nothing is
    /// migrated or written: every transaction of this store is read-only,
    /// so a path that would write fails in the database, not silently.
    /// SQLite has no replica: refused.
    pub async fn open_replica(location: &DatabaseLocation) -> Result<Store> {
        let db = match location {
            DatabaseLocation::Postgres(url) => Db::open_postgres_read_only(url, None).await?,
            DatabaseLocation::Sqlite(_) => {
                return Err(StoreError::Unavailable(
                    "a replica is a PostgreSQL standby: give its `postgres://` URL".into(),
                ));
            }
        };
        db.check_migrated().await?;
        Ok(Store::read_only(db))
    }

    /// This store, keeping document content in `vault`.
    pub fn with_vault(mut self, vault: documents::Vault) -> Store {
        self.vault = Some(std::sync::Arc::new(vault));
        self
    }

    /// Which engine this store runs on.
    pub fn backend(&self) -> Backend {
        self.db.backend()
    }

    /// Whether the database can answer a trivial query.
    pub async fn ping(&self) -> Result<()> {
        db::on_pool!(&self.db, pool => {
            sqlx::query("SELECT 1").execute(pool).await?;
        });
        Ok(())
    }

    /// Closes every connection; waits for queries in flight.
    pub async fn close(&self) {
        self.db.close().await;
    }
}

fn ensure_parent_dir(path: &Path) -> Result<()> {
    let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) else {
        return Ok(());
    };
    private_fs::create_dir_all(dir).map_err(|e| {
        StoreError::Unavailable(format!(
            "cannot create data directory `{}`: {e}",
            dir.display()
        ))
    })?;
    // create_dir_all succeeds on an existing read-only directory: try a write
    // now, so the failure names the directory instead of a SQLite error code.
    let probe = dir.join(".vigie-write-test");
    std::fs::write(&probe, b"")
        .and_then(|()| std::fs::remove_file(&probe))
        .map_err(|e| {
            StoreError::Unavailable(format!(
                "data directory `{}` is not writable: {e}",
                dir.display()
            ))
        })
}

/// A stored link as readers get it: only if it is a web link. Every path
/// that stores one checks it (`vigie_domain::WebLink`); rows written before
/// it did lose their link here rather than become a `javascript:` `href`.
pub(crate) fn web_links_only(url: Option<String>) -> Option<String> {
    url.filter(|u| vigie_domain::WebLink::parse("url", u).is_ok())
}
