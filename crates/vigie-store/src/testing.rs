//! Per-test databases, for this crate's tests and the crates above it.
//!
//! `TestStore::new()` opens a fresh, migrated store: a SQLite file in its own
//! temporary directory by default, or, when `VIGIE_TEST_DATABASE_URL` names a
//! PostgreSQL server, a schema of its own on that server (dropped when the
//! `TestStore` is). Tests therefore never see each other's rows, and the
//! same test runs unchanged on both backends.

use std::sync::atomic::{AtomicU64, Ordering};

use crate::db::Db;
use crate::{Result, Store};

/// The environment variable that switches tests to PostgreSQL.
pub const TEST_DATABASE_URL: &str = "VIGIE_TEST_DATABASE_URL";

/// The environment variables naming a PostgreSQL primary and its streaming
/// replica (`bash .ci/replica start` prints them), for the tests of serving
/// from a replica; without them those tests say they are skipped.
pub const TEST_PRIMARY_URL: &str = "VIGIE_TEST_PRIMARY_URL";
/// See [`TEST_PRIMARY_URL`].
pub const TEST_REPLICA_URL: &str = "VIGIE_TEST_REPLICA_URL";

/// The URL an environment variable names, if it names one.
fn env_url(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|u| !u.is_empty())
}

/// The primary's and the replica's URLs, when the environment names both.
fn replica_urls() -> Option<(String, String)> {
    Some((env_url(TEST_PRIMARY_URL)?, env_url(TEST_REPLICA_URL)?))
}

fn temp_dir() -> Result<tempfile::TempDir> {
    tempfile::tempdir().map_err(|e| crate::StoreError::Unavailable(e.to_string()))
}

/// A store that lives as long as the test that made it.
#[derive(Debug)]
pub struct TestStore {
    /// The store under test.
    pub store: Store,
    cleanup: Cleanup,
    /// Holds the document store and its key for as long as the test runs.
    files: tempfile::TempDir,
}

#[derive(Debug)]
enum Cleanup {
    /// The database's directory, held so that it lives as long as the store.
    Sqlite(tempfile::TempDir),
    Postgres {
        url: String,
        schema: String,
    },
}

impl TestStore {
    /// A fresh, migrated, empty store on the backend the environment selects.
    pub async fn new() -> Result<TestStore> {
        match env_url(TEST_DATABASE_URL) {
            Some(url) => Self::postgres(url).await,
            None => Self::sqlite().await,
        }
        .and_then(TestStore::with_vault)
    }

    fn with_vault(mut self) -> Result<TestStore> {
        let vault = self.vault()?;
        self.store = self.store.with_vault(vault);
        Ok(self)
    }

    /// This test's document store.
    fn vault(&self) -> Result<crate::documents::Vault> {
        let dir = self.files.path();
        crate::documents::Vault::local(dir, &crate::documents::vault::default_key_file(dir))
    }

    /// A second store on the same database and document store, with its
    /// own connections: what another server process would open.
    pub async fn another_handle(&self) -> Result<Store> {
        let db = match &self.cleanup {
            Cleanup::Sqlite(dir) => {
                Store::open(&crate::DatabaseLocation::in_data_dir(dir.path()))
                    .await?
                    .db
            }
            Cleanup::Postgres { url, schema } => Db::open_postgres(url, Some(schema)).await?,
        };
        let store = Store::on(db).with_vault(self.vault()?);
        // What opening does after migrating (SQLite's handle did it).
        store.procurement().backfill_listed().await?;
        Ok(store)
    }

    /// A fresh store on the primary [`TEST_PRIMARY_URL`] names, and the
    /// URL of its replica; `None` when the environment names none.
    pub async fn on_primary() -> Result<Option<(TestStore, String)>> {
        let Some((primary, replica)) = replica_urls() else {
            return Ok(None);
        };
        let store = Self::postgres(primary).await?.with_vault()?;
        Ok(Some((store, replica)))
    }

    /// This test's store as `vigie serve --replica` opens it, on
    /// `replica_url` (a standby of this store's server): read-only, its
    /// schema checked. Waits, up to 30 s, for the standby to replay the
    /// schema.
    pub async fn replica_handle(&self, replica_url: &str) -> Result<Store> {
        let Cleanup::Postgres { schema, .. } = &self.cleanup else {
            return Err(crate::StoreError::Unavailable(
                "a replica is a PostgreSQL standby".into(),
            ));
        };
        let db = Db::open_postgres_read_only(replica_url, Some(schema)).await?;
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
        while let Err(e) = db.check_migrated().await {
            if std::time::Instant::now() > deadline {
                return Err(e);
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        Ok(Store::read_only(db).with_vault(self.vault()?))
    }

    /// The directory that holds this test's document store.
    pub fn files_dir(&self) -> &std::path::Path {
        self.files.path()
    }

    async fn sqlite() -> Result<TestStore> {
        let dir = tempfile::tempdir().map_err(|e| crate::StoreError::Unavailable(e.to_string()))?;
        let store = Store::open(&crate::DatabaseLocation::in_data_dir(dir.path())).await?;
        Ok(TestStore {
            store,
            cleanup: Cleanup::Sqlite(dir),
            files: temp_dir()?,
        })
    }

    async fn postgres(url: String) -> Result<TestStore> {
        static NEXT: AtomicU64 = AtomicU64::new(0);
        let schema = format!(
            "vigie_test_{}_{}_{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed),
            crate::credentials::random_token()[..8]
                .to_ascii_lowercase()
                .replace(['-', '_'], "x")
        );
        let admin = Db::open_postgres(&url, None).await?;
        crate::db::on_pool!(&admin, pool => {
            sqlx::query(sqlx::AssertSqlSafe(format!("CREATE SCHEMA {schema}"))).execute(pool).await?;
        });
        admin.close().await;
        let db = Db::open_postgres(&url, Some(&schema)).await?;
        db.migrate().await?;
        Ok(TestStore {
            store: Store::on(db),
            cleanup: Cleanup::Postgres { url, schema },
            files: temp_dir()?,
        })
    }

    /// A fresh PostgreSQL database on the test server, for tests that drive
    /// the `vigie` binary with `--database-url`; `None` when the tests run
    /// on SQLite. Drop it with [`drop_database`].
    pub async fn new_database_url() -> Result<Option<String>> {
        match env_url(TEST_DATABASE_URL) {
            Some(url) => create_database(&url).await.map(Some),
            None => Ok(None),
        }
    }

    /// A fresh database on the primary [`TEST_PRIMARY_URL`] names: its URL
    /// there and on the replica; `None` when the environment names none.
    /// Drop it with [`drop_database_at`] on the primary.
    pub async fn new_database_on_primary() -> Result<Option<(String, String)>> {
        let Some((primary, replica)) = replica_urls() else {
            return Ok(None);
        };
        let url = create_database(&primary).await?;
        let name = url.rsplit('/').next().unwrap_or_default().to_owned();
        Ok(Some((url, replace_database(&replica, &name))))
    }

    /// Runs raw SQL behind Vigie's back, with one optional bytes parameter
    /// (`$1`): what an administrator with database access could do. For
    /// tests that prove such changes are caught.
    pub async fn tamper(&self, sql: &str, bytes: Option<Vec<u8>>) -> Result<u64> {
        self.execute(sql, bytes).await
    }

    /// Runs raw SQL (benchmarks use it for their comparison tables).
    pub async fn execute(&self, sql: &str, bytes: Option<Vec<u8>>) -> Result<u64> {
        let sql = sqlx::AssertSqlSafe(sql.to_owned());
        let done = crate::db::on_pool!(&self.store.db, pool => {
            let mut query = sqlx::query(sql);
            if let Some(bytes) = bytes {
                query = query.bind(bytes);
            }
            query.execute(pool).await?.rows_affected()
        });
        Ok(done)
    }

    /// Inserts rows shaped like log entries into `table` (created by the
    /// caller with the same columns as `log_entries`), `batch` per
    /// transaction, exactly as the log writes them but with no tree: the
    /// baseline the log's cost is measured against.
    pub async fn plain_inserts(
        &self,
        table: &str,
        rows: &[(i64, Vec<u8>, Vec<u8>)],
        batch: usize,
    ) -> Result<()> {
        let sql = format!(
            "INSERT INTO {table} (idx, leaf, leaf_hash, actor, action, object_type, object_id) \
             VALUES ($1, $2, $3, 'bench', 'read', 'document', '1')"
        );
        for chunk in rows.chunks(batch.max(1)) {
            crate::db::on_pool!(&self.store.db, pool => {
                let mut tx = crate::db::BeginWrite::begin_write(pool).await?;
                for (idx, leaf, hash) in chunk {
                    sqlx::query(sqlx::AssertSqlSafe(sql.clone())).bind(idx).bind(leaf).bind(hash).execute(&mut *tx).await?;
                }
                tx.commit().await?;
            });
        }
        Ok(())
    }

    /// How many rows `table` holds.
    pub async fn count(&self, table: &str) -> Result<i64> {
        let sql = sqlx::AssertSqlSafe(format!("SELECT COUNT(*) FROM {table}"));
        let n = crate::db::on_pool!(&self.store.db, pool => {
            sqlx::query_scalar(sql).fetch_one(pool).await?
        });
        Ok(n)
    }

    /// The rows of a query selecting two text columns, as the database
    /// gives them: what a test compares between two stores.
    pub async fn text_pairs(&self, sql: &str) -> Result<Vec<(String, String)>> {
        let sql = sqlx::AssertSqlSafe(sql.to_owned());
        let rows = crate::db::on_pool!(&self.store.db, pool => {
            sqlx::query_as(sql).fetch_all(pool).await?
        });
        Ok(rows)
    }

    /// The rows of a query selecting a text column and a bytes column.
    pub async fn byte_pairs(&self, sql: &str) -> Result<Vec<(String, Vec<u8>)>> {
        let sql = sqlx::AssertSqlSafe(sql.to_owned());
        let rows = crate::db::on_pool!(&self.store.db, pool => {
            sqlx::query_as(sql).fetch_all(pool).await?
        });
        Ok(rows)
    }

    /// [`TestStore::text_pairs`] of a query whose second column is stored
    /// OCDS JSON (a release's `body`, a process's `compiled`): its text.
    pub async fn ocds_pairs(&self, sql: &str) -> Result<Vec<(String, String)>> {
        self.byte_pairs(sql)
            .await?
            .into_iter()
            .map(|(key, stored)| {
                Ok((
                    key.clone(),
                    crate::procurement::packed::unpack(stored, &key)?,
                ))
            })
            .collect()
    }

    /// Rewrites each stored process's compiled release with `edit`, behind
    /// the log's back, as an insider with the database would; returns how
    /// many changed.
    pub async fn tamper_compiled(&self, edit: impl Fn(&str) -> String) -> Result<u64> {
        use crate::procurement::packed::pack;
        let mut changed = 0;
        for (ocid, text) in self
            .ocds_pairs("SELECT ocid, compiled FROM procurement_processes")
            .await?
        {
            let edited = edit(&text);
            if edited != text {
                changed += crate::db::on_pool!(&self.store.db, pool => {
                    sqlx::query("UPDATE procurement_processes SET compiled = $1 WHERE ocid = $2")
                        .bind(pack(&edited))
                        .bind(&ocid)
                        .execute(pool)
                        .await?
                        .rows_affected()
                });
            }
        }
        Ok(changed)
    }

    /// The names of the tables in the test's database, sorted.
    pub async fn table_names(&self) -> Result<Vec<String>> {
        let mut names: Vec<String> = match &self.store.db {
            Db::Sqlite(pool) => {
                sqlx::query_scalar("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
                    .fetch_all(pool)
                    .await?
            }
            Db::Postgres(pool) => {
                sqlx::query_scalar(
                    "SELECT table_name::text FROM information_schema.tables WHERE table_schema = current_schema()",
                )
                .fetch_all(pool)
                .await?
            }
        };
        names.sort();
        Ok(names)
    }

    /// Like [`TestStore::tamper`], with a text parameter.
    pub async fn tamper_text(&self, sql: &str, text: &str) -> Result<u64> {
        let sql = sqlx::AssertSqlSafe(sql.to_owned());
        let done = crate::db::on_pool!(&self.store.db, pool => {
            sqlx::query(sql).bind(text).execute(pool).await?.rows_affected()
        });
        Ok(done)
    }

    /// Drops the test's PostgreSQL schema (a no-op on SQLite, whose
    /// directory goes with the value). Call it at the end of a test; a
    /// schema left by a failed test is harmless and named after its process.
    pub async fn cleanup(self) -> Result<()> {
        self.store.close().await;
        if let Cleanup::Postgres { url, schema } = &self.cleanup {
            let admin = Db::open_postgres(url, None).await?;
            crate::db::on_pool!(&admin, pool => {
                sqlx::query(sqlx::AssertSqlSafe(format!("DROP SCHEMA {schema} CASCADE"))).execute(pool).await?;
            });
            admin.close().await;
        }
        Ok(())
    }
}

/// Runs raw SQL on the database at `location`, behind Vigie's back: for
/// tests of the `vigie` binary that prove such changes are caught.
pub async fn tamper_database(location: &crate::DatabaseLocation, sql: &str) -> Result<u64> {
    let db = match location {
        crate::DatabaseLocation::Sqlite(path) => Db::open_sqlite(path).await?,
        crate::DatabaseLocation::Postgres(url) => Db::open_postgres(url, None).await?,
    };
    let sql = sqlx::AssertSqlSafe(sql.to_owned());
    let done =
        crate::db::on_pool!(&db, pool => sqlx::query(sql).execute(pool).await?.rows_affected());
    db.close().await;
    Ok(done)
}

/// A fresh database on the server `url` names; its URL.
async fn create_database(url: &str) -> Result<String> {
    let name = format!(
        "vigie_test_{}",
        crate::credentials::random_token()[..12]
            .to_ascii_lowercase()
            .replace(['-', '_'], "x")
    );
    let admin = Db::open_postgres(url, None).await?;
    crate::db::on_pool!(&admin, pool => {
        sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}"))).execute(pool).await?;
    });
    admin.close().await;
    Ok(replace_database(url, &name))
}

/// Drops a database made by [`TestStore::new_database_url`].
pub async fn drop_database(database_url: &str) -> Result<()> {
    drop_database_at(
        &std::env::var(TEST_DATABASE_URL).unwrap_or_default(),
        database_url,
    )
    .await
}

/// Drops `database_url`'s database through the server `admin_url` names.
pub async fn drop_database_at(admin_url: &str, database_url: &str) -> Result<()> {
    let Some(name) = database_url
        .rsplit('/')
        .next()
        .map(|n| n.split('?').next().unwrap_or(n).to_owned())
    else {
        return Ok(());
    };
    let admin = Db::open_postgres(admin_url, None).await?;
    crate::db::on_pool!(&admin, pool => {
        sqlx::query(sqlx::AssertSqlSafe(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))).execute(pool).await?;
    });
    admin.close().await;
    Ok(())
}

/// The same server URL, pointing at another database.
fn replace_database(url: &str, database: &str) -> String {
    let (base, query) = url
        .split_once('?')
        .map_or((url, None), |(b, q)| (b, Some(q)));
    let authority_start = base.find("://").map_or(0, |i| i + 3);
    let server = match base[authority_start..].find('/') {
        Some(slash) => &base[..authority_start + slash],
        None => base,
    };
    match query {
        Some(q) => format!("{server}/{database}?{q}"),
        None => format!("{server}/{database}"),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn replace_database_keeps_server_and_options() {
        use super::replace_database as r;
        assert_eq!(r("postgres://u@h:5432/test", "x"), "postgres://u@h:5432/x");
        assert_eq!(
            r("postgres://u@h/test?sslmode=disable", "x"),
            "postgres://u@h/x?sslmode=disable"
        );
        assert_eq!(r("postgres://u@h", "x"), "postgres://u@h/x");
    }
}

/// One-time codes of the demo's TOTP secret for tests that sign in, over
/// and over, with accounts asked for a second factor.
///
/// A code is accepted once per account and step, and only one step either
/// side of the server's now: each call gives the code of the current or
/// the next step (never the previous one, which the server's clock may
/// have left by the time it checks), not given before for that account,
/// and waits for the clock when both are spent.
#[derive(Debug, Default)]
pub struct DemoCodes {
    last: std::sync::Mutex<std::collections::HashMap<String, u64>>,
}

impl DemoCodes {
    /// The next code for `account` (any key: a username, or a server and
    /// a username when several servers share the counter).
    pub fn next(&self, account: &str) -> String {
        loop {
            let now = crate::totp::step_at(unix_now());
            let mut last = self
                .last
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            let step = last.get(account).map_or(0, |s| s + 1).max(now);
            if step <= now + 1 {
                last.insert(account.to_owned(), step);
                return crate::totp::code_for_step(crate::demo::DEMO_TOTP_SECRET, step)
                    .unwrap_or_default();
            }
            drop(last);
            std::thread::sleep(std::time::Duration::from_millis(500));
        }
    }
}

fn unix_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}
