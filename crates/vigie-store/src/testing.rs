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

/// A store that lives as long as the test that made it.
#[derive(Debug)]
pub struct TestStore {
    /// The store under test.
    pub store: Store,
    cleanup: Cleanup,
}

#[derive(Debug)]
enum Cleanup {
    Sqlite(
        #[expect(dead_code, reason = "held so the directory lives as long as the store")]
        tempfile::TempDir,
    ),
    Postgres {
        url: String,
        schema: String,
    },
}

impl TestStore {
    /// A fresh, migrated, empty store on the backend the environment selects.
    pub async fn new() -> Result<TestStore> {
        match std::env::var(TEST_DATABASE_URL)
            .ok()
            .filter(|u| !u.is_empty())
        {
            Some(url) => Self::postgres(url).await,
            None => Self::sqlite().await,
        }
    }

    async fn sqlite() -> Result<TestStore> {
        let dir = tempfile::tempdir().map_err(|e| crate::StoreError::Unavailable(e.to_string()))?;
        let store = Store::open(&crate::DatabaseLocation::in_data_dir(dir.path())).await?;
        Ok(TestStore {
            store,
            cleanup: Cleanup::Sqlite(dir),
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
            store: Store { db },
            cleanup: Cleanup::Postgres { url, schema },
        })
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
