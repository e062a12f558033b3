//! A write transaction on either backend, as one type, so that a record
//! kind's writer is one function whichever engine runs under it.

use crate::db::{BeginWrite, Db};
use crate::log::{Actor, Change, LogConn};
use crate::{ImportMode, Result};

/// An open write transaction.
pub(crate) enum Tx {
    Sqlite(sqlx::Transaction<'static, sqlx::Sqlite>),
    Postgres(sqlx::Transaction<'static, sqlx::Postgres>),
}

/// Runs `$body` with `$conn` bound to the transaction's connection, typed
/// for its backend (the body is expanded once per backend, as
/// [`on_pool!`](crate::db::on_pool) does for pools).
macro_rules! on_tx {
    ($tx:expr, $conn:ident => $body:expr) => {
        match $tx {
            $crate::pipeline::Tx::Sqlite(t) => {
                let $conn: &mut sqlx::SqliteConnection = &mut *t;
                $body
            }
            $crate::pipeline::Tx::Postgres(t) => {
                let $conn: &mut sqlx::PgConnection = &mut *t;
                $body
            }
        }
    };
}
pub(crate) use on_tx;

impl Tx {
    /// Begins a write transaction (SQLite: `BEGIN IMMEDIATE`).
    pub(crate) async fn begin(db: &Db) -> Result<Tx> {
        Ok(match db {
            Db::Sqlite(pool) => Tx::Sqlite(pool.begin_write().await?),
            Db::Postgres(pool) => Tx::Postgres(pool.begin_write().await?),
        })
    }

    /// Appends the trail entries of what the transaction wrote; the index
    /// of the first.
    pub(crate) async fn append(&mut self, actor: &Actor, changes: &[Change]) -> Result<u64> {
        on_tx!(self, conn => conn.append(actor, changes).await)
    }

    /// Commits (`Apply`) or rolls back (`DryRun`).
    pub(crate) async fn finish(self, mode: ImportMode) -> Result<()> {
        match (self, mode) {
            (Tx::Sqlite(t), ImportMode::Apply) => t.commit().await?,
            (Tx::Postgres(t), ImportMode::Apply) => t.commit().await?,
            (Tx::Sqlite(t), ImportMode::DryRun) => t.rollback().await?,
            (Tx::Postgres(t), ImportMode::DryRun) => t.rollback().await?,
        }
        Ok(())
    }
}
