//! Sign-in attempts counted in the database, so that several servers on one
//! database keep the limits one server keeps (issue 16, item 6).
//!
//! An attempt is counted when it is *reserved*, before the password or code
//! is checked, in one transaction for all its keys (the account and the
//! client): a burst spread over several servers meets the same count as a
//! burst on one. A wrong answer leaves the count as it is; a right one
//! takes the attempt back ([`Store::sign_in_succeeded`]); an attempt that
//! ended before any answer about the password (the server too busy) is
//! taken back too ([`Store::release_sign_in`]). An attempt whose server
//! fails in between stays counted: the limit fails closed.
//!
//! Keys are stored as their SHA-256 (usernames and client addresses are
//! not kept in clear), and rows are purged once their window has ended.

use sha2::{Digest, Sha256};
use time::OffsetDateTime;

use crate::db::{BeginWrite, on_pool};
use crate::{Result, Store};

/// One key and the most attempts it may have in a window.
#[derive(Debug, Clone, Copy)]
pub struct AttemptLimit<'a> {
    pub key: &'a str,
    pub max: u32,
}

/// Attempts counted for one reservation: what to take back, and where.
#[derive(Debug, Clone)]
#[must_use = "settle a reservation: a success or a release takes it back"]
pub struct Counted {
    keys: Vec<(Vec<u8>, i64)>,
}

/// The reservation was refused: the first key at its limit, and when its
/// window ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AtLimit {
    pub wait: std::time::Duration,
}

fn hash(key: &str) -> Vec<u8> {
    Sha256::digest(key.as_bytes()).to_vec()
}

fn now_ms() -> i64 {
    i64::try_from(OffsetDateTime::now_utc().unix_timestamp_nanos() / 1_000_000).unwrap_or(i64::MAX)
}

/// One more attempt for a key, unless its window is full: the count after
/// it and the window's start, or nothing.
const RESERVE: &str = "INSERT INTO sign_in_attempts (key_hash, since_ms, attempts) VALUES ($1, $2, 1) \
     ON CONFLICT (key_hash) DO UPDATE SET \
     attempts = CASE WHEN sign_in_attempts.since_ms <= $3 THEN 1 ELSE sign_in_attempts.attempts + 1 END, \
     since_ms = CASE WHEN sign_in_attempts.since_ms <= $3 THEN $2 ELSE sign_in_attempts.since_ms END \
     WHERE sign_in_attempts.since_ms <= $3 OR sign_in_attempts.attempts < $4 \
     RETURNING since_ms";

impl Store {
    /// Counts one attempt against every limit, all or none; `Err` when one
    /// is full, with how long until its window ends.
    pub async fn reserve_sign_in(
        &self,
        limits: &[AttemptLimit<'_>],
        window: std::time::Duration,
    ) -> Result<std::result::Result<Counted, AtLimit>> {
        let now = now_ms();
        let window_ms = i64::try_from(window.as_millis()).unwrap_or(i64::MAX);
        let ended = now.saturating_sub(window_ms);
        let outcome = on_pool!(&self.db, pool => {
            let mut tx = pool.begin_write().await?;
            let mut keys = Vec::with_capacity(limits.len());
            let mut refused = None;
            for limit in limits {
                let key = hash(limit.key);
                let since: Option<i64> = sqlx::query_scalar(RESERVE)
                    .bind(&key)
                    .bind(now)
                    .bind(ended)
                    .bind(i64::from(limit.max))
                    .fetch_optional(&mut *tx)
                    .await?;
                match since {
                    Some(since) => keys.push((key, since)),
                    None => {
                        let since: i64 = sqlx::query_scalar("SELECT since_ms FROM sign_in_attempts WHERE key_hash = $1")
                            .bind(&key)
                            .fetch_one(&mut *tx)
                            .await?;
                        refused = Some(since);
                        break;
                    }
                }
            }
            match refused {
                Some(since) => {
                    tx.rollback().await?;
                    let left = since.saturating_add(window_ms).saturating_sub(now).max(1_000);
                    Err(AtLimit {
                        wait: std::time::Duration::from_millis(u64::try_from(left).unwrap_or(1_000)),
                    })
                }
                None => {
                    tx.commit().await?;
                    Ok(Counted { keys })
                }
            }
        });
        if outcome.is_ok() && rand::random::<u8>() == 0 {
            // Now and then, forget the windows that have ended. A purge that
            // loses a race with a reservation is only late.
            let purged = on_pool!(&self.db, pool => {
                sqlx::query("DELETE FROM sign_in_attempts WHERE since_ms <= $1").bind(ended).execute(pool).await.map(|_| ())
            });
            if let Err(e) = purged {
                tracing::debug!(error = %e, "sign-in attempts: purge postponed");
            }
        }
        Ok(outcome)
    }

    /// Takes a reservation back: the attempt ended before any answer.
    pub async fn release_sign_in(&self, counted: Counted) -> Result<()> {
        for (key, since) in &counted.keys {
            self.take_back(key, *since).await?;
        }
        Ok(())
    }

    /// The answer was right: the attempt is taken back from every key, and
    /// the window of `clear` (the account's, whose earlier failures a
    /// right password forgives) is forgotten.
    pub async fn sign_in_succeeded(&self, counted: Counted, clear: &str) -> Result<()> {
        let clear = hash(clear);
        for (key, since) in &counted.keys {
            if *key == clear {
                on_pool!(&self.db, pool => {
                    sqlx::query("DELETE FROM sign_in_attempts WHERE key_hash = $1").bind(key).execute(pool).await?;
                });
            } else {
                self.take_back(key, *since).await?;
            }
        }
        Ok(())
    }

    async fn take_back(&self, key: &[u8], since: i64) -> Result<()> {
        on_pool!(&self.db, pool => {
            sqlx::query("UPDATE sign_in_attempts SET attempts = attempts - 1 WHERE key_hash = $1 AND since_ms = $2 AND attempts > 0")
                .bind(key)
                .bind(since)
                .execute(pool)
                .await?;
        });
        Ok(())
    }
}
