//! Appending entries inside the caller's transaction.

use time::OffsetDateTime;
use vigie_ledger::{Entry, Frontier, leaf_hash};

use super::{Actor, Change};
use crate::db::Placeholders;
use crate::{Result, StoreError};

/// Rows a statement writes: 7 parameters a row stays far under every
/// database's limit.
const ROWS: usize = 100;

/// A connection that can append to the log. Implemented for both backends'
/// connections, so that a write transaction calls `tx.append(…)` whichever
/// backend it runs on.
pub(crate) trait LogConn {
    /// Appends one entry per change, after everything else the transaction
    /// wrote (the head row lock is taken here: keep appending last, so
    /// transactions never wait for each other in opposite orders). Returns
    /// the index of the first entry, read under that lock.
    fn append(
        &mut self,
        actor: &Actor,
        changes: &[Change],
    ) -> impl Future<Output = Result<u64>> + Send;
}

macro_rules! impl_log_conn {
    ($conn:ty, $placeholders:expr, $read_head:literal) => {
        impl LogConn for $conn {
            async fn append(&mut self, actor: &Actor, changes: &[Change]) -> Result<u64> {
                let (size, bytes): (i64, Vec<u8>) = sqlx::query_as($read_head).fetch_one(&mut *self).await?;
                let first = u64::try_from(size).unwrap_or(0);
                if changes.is_empty() {
                    return Ok(first);
                }
                let mut frontier = u64::try_from(size)
                    .ok()
                    .and_then(|size| Frontier::from_bytes(size, &bytes))
                    .ok_or_else(|| StoreError::Corrupt("the log head does not match its size".into()))?;
                let (user, institution) = actor.names();
                let time_ms = i64::try_from(OffsetDateTime::now_utc().unix_timestamp_nanos() / 1_000_000)
                    .unwrap_or(i64::MAX);
                // Every entry and node first, then a few statements: an
                // import appends one entry per record it wrote.
                let mut entries = Vec::with_capacity(changes.len());
                let mut nodes = Vec::new();
                for change in changes {
                    let entry = Entry {
                        time_ms,
                        actor_user: user.clone(),
                        actor_institution: institution.clone(),
                        action: change.action.to_owned(),
                        object_type: change.object_type.to_owned(),
                        object_id: change.object_id.clone(),
                        content_hash: change.state,
                        decision: change.decision.clone(),
                        // A fresh secret per entry: the leaf's public hash
                        // cannot be matched against guessed entries
                        // (decision 0016).
                        salt: Some(rand::random()),
                    };
                    let leaf = entry.encode();
                    let hash = leaf_hash(&leaf);
                    let index = i64::try_from(frontier.size()).unwrap_or(i64::MAX);
                    nodes.extend(
                        frontier
                            .push(hash)
                            .into_iter()
                            .filter(|(node, _)| super::is_stored(*node))
                            .map(|(node, hash)| {
                                (i32::from(node.level), i64::try_from(node.index).unwrap_or(i64::MAX), hash)
                            }),
                    );
                    entries.push((index, leaf, hash, change));
                }
                for part in entries.chunks(ROWS) {
                    let sql = format!(
                        "INSERT INTO log_entries (idx, leaf, leaf_hash, actor, action, object_type, object_id) VALUES {}",
                        $placeholders.rows(part.len(), 7)
                    );
                    let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
                    for (index, leaf, hash, change) in part {
                        query = query
                            .bind(*index)
                            .bind(leaf)
                            .bind(hash.0.as_slice())
                            .bind(&user)
                            .bind(change.action)
                            .bind(change.object_type)
                            .bind(&change.object_id);
                    }
                    query.execute(&mut *self).await?;
                }
                for part in nodes.chunks(ROWS) {
                    let sql = format!(
                        "INSERT INTO log_nodes (level, idx, hash) VALUES {}",
                        $placeholders.rows(part.len(), 3)
                    );
                    let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
                    for (level, index, hash) in part {
                        query = query.bind(*level).bind(*index).bind(hash.0.as_slice());
                    }
                    query.execute(&mut *self).await?;
                }
                sqlx::query("UPDATE log_head SET size = $1, frontier = $2 WHERE id = 1")
                    .bind(i64::try_from(frontier.size()).unwrap_or(i64::MAX))
                    .bind(frontier.to_bytes())
                    .execute(&mut *self)
                    .await?;
                Ok(first)
            }
        }
    };
}

// SQLite write transactions start with BEGIN IMMEDIATE (see `db::begin_write`),
// so the database lock already serializes appenders; PostgreSQL locks the head row.
impl_log_conn!(
    sqlx::SqliteConnection,
    Placeholders::Anonymous,
    "SELECT size, frontier FROM log_head WHERE id = 1"
);
impl_log_conn!(
    sqlx::PgConnection,
    Placeholders::Numbered,
    "SELECT size, frontier FROM log_head WHERE id = 1 FOR UPDATE"
);
