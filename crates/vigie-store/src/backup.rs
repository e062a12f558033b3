//! Consistent snapshots for `vigie backup`, taken while the server runs.
//!
//! SQLite: `VACUUM INTO` writes a consistent copy of the database file.
//! PostgreSQL: a read-only repeatable-read transaction exports its snapshot,
//! and `pg_dump --snapshot` dumps exactly what that transaction sees; the
//! log head is read in the same snapshot, so the checkpoint written beside
//! the backup describes exactly the backed-up log.

use std::path::Path;

use sqlx::Connection;
use vigie_ledger::Frontier;

use crate::db::Db;
use crate::{Result, Store, StoreError};

/// An open PostgreSQL snapshot: keep it alive while `pg_dump` runs.
#[derive(Debug)]
pub struct PgSnapshot {
    tx: sqlx::Transaction<'static, sqlx::Postgres>,
    id: String,
    head: Frontier,
}

impl PgSnapshot {
    /// The id to give `pg_dump --snapshot`.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The log head as of the snapshot.
    pub fn head(&self) -> &Frontier {
        &self.head
    }

    /// Ends the snapshot (the transaction only read).
    pub async fn finish(self) -> Result<()> {
        self.tx.rollback().await?;
        Ok(())
    }
}

fn head_from(size: i64, bytes: &[u8]) -> Result<Frontier> {
    u64::try_from(size)
        .ok()
        .and_then(|size| Frontier::from_bytes(size, bytes))
        .ok_or_else(|| StoreError::Corrupt("the log head does not match its size".into()))
}

impl Store {
    /// Writes a consistent copy of a SQLite database to `dest` (which must
    /// not exist) and returns the log head of that copy.
    pub async fn snapshot_sqlite_into(&self, dest: &Path) -> Result<Frontier> {
        let Db::Sqlite(pool) = &self.db else {
            return Err(StoreError::Conflict("not a SQLite database".into()));
        };
        let dest_text = dest
            .to_str()
            .ok_or_else(|| StoreError::Conflict("backup path is not UTF-8".into()))?;
        sqlx::query("VACUUM INTO $1")
            .bind(dest_text)
            .execute(pool)
            .await?;
        crate::private_fs::restrict(dest).map_err(|e| {
            StoreError::Unavailable(format!("cannot protect `{}`: {e}", dest.display()))
        })?;
        let options = sqlx::sqlite::SqliteConnectOptions::new()
            .filename(dest)
            .read_only(true);
        let mut copy = sqlx::SqliteConnection::connect_with(&options).await?;
        let (size, bytes): (i64, Vec<u8>) =
            sqlx::query_as("SELECT size, frontier FROM log_head WHERE id = 1")
                .fetch_one(&mut copy)
                .await?;
        copy.close().await?;
        head_from(size, &bytes)
    }

    /// Opens a PostgreSQL snapshot for `pg_dump --snapshot`.
    pub async fn begin_postgres_snapshot(&self) -> Result<PgSnapshot> {
        let Db::Postgres(pool) = &self.db else {
            return Err(StoreError::Conflict("not a PostgreSQL database".into()));
        };
        let mut tx = pool
            .begin_with("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            .await?;
        let id: String = sqlx::query_scalar("SELECT pg_export_snapshot()")
            .fetch_one(&mut *tx)
            .await?;
        let (size, bytes): (i64, Vec<u8>) =
            sqlx::query_as("SELECT size, frontier FROM log_head WHERE id = 1")
                .fetch_one(&mut *tx)
                .await?;
        let head = head_from(size, &bytes)?;
        Ok(PgSnapshot { tx, id, head })
    }
}

/// Whether a PostgreSQL database holds no table at all in its search path
/// (where `vigie restore` may write).
pub async fn postgres_database_is_blank(url: &str) -> Result<bool> {
    let db = Db::open_postgres(url, None).await?;
    let Db::Postgres(pool) = &db else {
        return Err(StoreError::Conflict("not a PostgreSQL database".into()));
    };
    let tables: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = ANY (current_schemas(false))",
    )
    .fetch_one(pool)
    .await?;
    db.close().await;
    Ok(tables == 0)
}
