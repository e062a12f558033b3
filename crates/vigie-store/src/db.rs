//! The two backends behind one type, and how to reach them.
//!
//! SQL is written once where both engines accept it (both take `$1`
//! placeholders, `RETURNING` and `ON CONFLICT`); [`on_pool!`] expands a body
//! once per backend so that each gets its own concretely typed query.

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use sqlx::{ConnectOptions, Connection};

use crate::{Result, StoreError};

/// Which engine a store runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// Embedded SQLite file, the default.
    Sqlite,
    /// PostgreSQL server.
    Postgres,
}

impl Backend {
    /// `sqlite` or `postgres`, as `/healthz` reports it.
    pub fn name(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    }
}

/// Where the database lives.
#[derive(Clone, PartialEq, Eq)]
pub enum DatabaseLocation {
    /// A SQLite file (created if missing).
    Sqlite(PathBuf),
    /// A PostgreSQL URL, already checked to parse.
    Postgres(String),
}

impl std::fmt::Debug for DatabaseLocation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DatabaseLocation::Sqlite(path) => f.debug_tuple("Sqlite").field(path).finish(),
            DatabaseLocation::Postgres(url) => {
                f.debug_tuple("Postgres").field(&redact(url)).finish()
            }
        }
    }
}

impl DatabaseLocation {
    /// The embedded default: `<data_dir>/vigie.db`.
    pub fn in_data_dir(data_dir: &Path) -> Self {
        DatabaseLocation::Sqlite(data_dir.join("vigie.db"))
    }

    /// Reads a `--database-url`: `postgres://…`, `postgresql://…` or
    /// `sqlite://PATH`. Anything else is refused with a message that names
    /// the URL (password removed) and what was expected.
    pub fn from_url(url: &str) -> Result<Self> {
        let invalid = |reason: String| StoreError::InvalidUrl {
            url: redact(url),
            reason,
        };
        let scheme = url.split_once("://").map(|(s, _)| s);
        match scheme {
            Some("postgres" | "postgresql") => {
                PgConnectOptions::from_str(url).map_err(|e| invalid(e.to_string()))?;
                Ok(DatabaseLocation::Postgres(url.to_owned()))
            }
            Some("sqlite") => {
                let path = url.trim_start_matches("sqlite://");
                if path.is_empty() {
                    return Err(invalid("expected a file path after `sqlite://`".into()));
                }
                Ok(DatabaseLocation::Sqlite(PathBuf::from(path)))
            }
            _ => Err(invalid("expected `postgres://…` or `sqlite://PATH`".into())),
        }
    }
}

/// A URL with its password replaced by `***`, safe to print. Works on
/// URLs too broken to parse, which are the ones that end up in messages.
pub fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(authority_end);
    match authority
        .rsplit_once('@')
        .and_then(|(userinfo, host)| Some((userinfo.split_once(':')?.0, host)))
    {
        Some((user, host)) => format!("{scheme}://{user}:***@{host}{tail}"),
        None => url.to_owned(),
    }
}

/// The pool of one backend or the other.
#[derive(Debug, Clone)]
pub(crate) enum Db {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// Runs `$body` with `$pool` bound to the concrete pool of the backend in use.
macro_rules! on_pool {
    ($db:expr, $pool:ident => $body:expr) => {
        match $db {
            $crate::db::Db::Sqlite($pool) => $body,
            $crate::db::Db::Postgres($pool) => $body,
        }
    };
}
pub(crate) use on_pool;

/// How a statement built for a batch names its parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Placeholders {
    /// `$1, $2, …`: PostgreSQL.
    Numbered,
    /// `?, ?, …`: SQLite. With thousands of `$N` in one statement SQLite
    /// spends most of an import looking each name up (sqlx asks it for the
    /// name of every parameter it binds, and SQLite scans its list of named
    /// parameters to answer); anonymous ones have no name to look up.
    Anonymous,
}

impl Placeholders {
    /// The right kind for `db`.
    pub(crate) fn of(db: &Db) -> Placeholders {
        match db {
            Db::Sqlite(_) => Placeholders::Anonymous,
            Db::Postgres(_) => Placeholders::Numbered,
        }
    }

    /// The parameters `from`, `from + 1`, … (`count` of them), comma
    /// separated; bound in that order.
    pub(crate) fn list(self, from: usize, count: usize) -> String {
        let mut out = String::with_capacity(count * 5);
        for n in from..from + count {
            if n > from {
                out.push_str(", ");
            }
            match self {
                Placeholders::Numbered => {
                    out.push('$');
                    out.push_str(&n.to_string());
                }
                Placeholders::Anonymous => out.push('?'),
            }
        }
        out
    }

    /// `(…), (…), …`: `count` rows of `width` parameters each, from the
    /// first; bound row by row.
    pub(crate) fn rows(self, count: usize, width: usize) -> String {
        (0..count)
            .map(|i| format!("({})", self.list(i * width + 1, width)))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Starting a transaction that will write.
///
/// SQLite's default `BEGIN` takes the write lock only at the first write, so
/// two transactions that read first can deadlock on upgrading; `BEGIN
/// IMMEDIATE` takes it at once, and writers queue (up to the busy timeout).
pub(crate) trait BeginWrite {
    type Database: sqlx::Database;
    fn begin_write(
        &self,
    ) -> impl Future<Output = Result<sqlx::Transaction<'static, Self::Database>, sqlx::Error>> + Send;
}

impl BeginWrite for SqlitePool {
    type Database = sqlx::Sqlite;
    fn begin_write(
        &self,
    ) -> impl Future<Output = Result<sqlx::Transaction<'static, sqlx::Sqlite>, sqlx::Error>> + Send
    {
        self.begin_with("BEGIN IMMEDIATE")
    }
}

/// PostgreSQL plans each statement of a write transaction for its
/// parameters and the tables as they are (`force_custom_plan`). A prepared
/// statement otherwise switches, after five runs, to a generic plan made
/// once from the table's statistics: an import of 20,000 recommendations
/// into a table last analyzed at a few dozen rows looked each one up by a
/// sequential scan of a table it was growing (minutes instead of 80 s).
/// Planning costs a fraction of the round trip each statement pays anyway.
impl BeginWrite for PgPool {
    type Database = sqlx::Postgres;
    fn begin_write(
        &self,
    ) -> impl Future<Output = Result<sqlx::Transaction<'static, sqlx::Postgres>, sqlx::Error>> + Send
    {
        self.begin_with("BEGIN; SET LOCAL plan_cache_mode = force_custom_plan")
    }
}

/// Rows an import writes before the planner's statistics are refreshed.
const BULK_ROWS: u64 = 10_000;

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

/// PostgreSQL's migrations with YugabyteDB's forms of those YSQL refuses
/// (statement triggers with transition tables: decision 0031). A database
/// records the checksums of the forms it ran, so each engine keeps its own.
static YUGABYTE_MIGRATIONS: std::sync::LazyLock<sqlx::migrate::Migrator> =
    std::sync::LazyLock::new(|| {
        use sqlx::SqlSafeStr as _;
        let forms: [(i64, &'static str); 3] = [
            (
                19,
                include_str!("../migrations/yugabyte/0019_documents_counts.sql"),
            ),
            (
                20,
                include_str!("../migrations/yugabyte/0020_budget_totals.sql"),
            ),
            (
                21,
                include_str!("../migrations/yugabyte/0021_recommendation_counts.sql"),
            ),
        ];
        let migrations = POSTGRES_MIGRATIONS
            .iter()
            .map(
                |m| match forms.iter().find(|(version, _)| *version == m.version) {
                    Some((_, sql)) => sqlx::migrate::Migration::new(
                        m.version,
                        m.description.clone(),
                        m.migration_type,
                        sql.into_sql_str(),
                        m.no_tx,
                    ),
                    None => m.clone(),
                },
            )
            .collect();
        sqlx::migrate::Migrator::with_migrations(migrations)
    });

/// Forces YugabyteDB's forms of the migrations on PostgreSQL, to test them
/// there (`.ci/run` does): YSQL is PostgreSQL's executor, and what differs
/// is only which forms each refuses.
const YSQL_FORMS: &str = "VIGIE_YSQL_FORMS";

/// Whether the environment forces YugabyteDB's forms ([`YSQL_FORMS`] set,
/// and neither empty nor `0`).
pub fn ysql_forms_forced() -> bool {
    std::env::var(YSQL_FORMS).is_ok_and(|v| !v.is_empty() && v != "0")
}

/// The migrations for the PostgreSQL-family server behind `pool`: YugabyteDB
/// says so in its version (`PostgreSQL 15.2-YB-2025.2.0.0-b0`).
async fn postgres_migrator(pool: &PgPool) -> Result<&'static sqlx::migrate::Migrator> {
    let version: String = sqlx::query_scalar("SELECT version()")
        .fetch_one(pool)
        .await?;
    Ok(if ysql_forms_forced() || version.contains("-YB-") {
        &YUGABYTE_MIGRATIONS
    } else {
        &POSTGRES_MIGRATIONS
    })
}

impl Db {
    pub(crate) async fn open_sqlite(path: &Path) -> Result<Db> {
        let options = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10));
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .connect_with(options)
            .await
            .map_err(|e| StoreError::Unavailable(e.to_string()))?;
        Ok(Db::Sqlite(pool))
    }

    /// Connects to PostgreSQL; with `schema`, every connection works in that
    /// schema (the tests give each test its own).
    pub(crate) async fn open_postgres(url: &str, schema: Option<&str>) -> Result<Db> {
        Db::connect_postgres(url, schema, false).await
    }

    /// Connects to PostgreSQL for reading only: every transaction is
    /// read-only (`default_transaction_read_only`), so a path that would
    /// write fails in the database, on a standby or on a primary alike.
    pub(crate) async fn open_postgres_read_only(url: &str, schema: Option<&str>) -> Result<Db> {
        Db::connect_postgres(url, schema, true).await
    }

    async fn connect_postgres(url: &str, schema: Option<&str>, read_only: bool) -> Result<Db> {
        let mut options = PgConnectOptions::from_str(url).map_err(|e| StoreError::InvalidUrl {
            url: redact(url),
            reason: e.to_string(),
        })?;
        if let Some(schema) = schema {
            options = options.options([("search_path", schema)]);
        }
        if read_only {
            options = options.options([("default_transaction_read_only", "on")]);
        }
        // One direct connection first: when the server is down or refuses us,
        // its error ("connection refused", "password authentication failed")
        // says more than the pool's eventual "timed out".
        let probe = tokio::time::timeout(Duration::from_secs(10), options.connect())
            .await
            .map_err(|_| StoreError::Unavailable("no answer from the server within 10 s".into()))?
            .map_err(|e| StoreError::Unavailable(e.to_string()))?;
        probe.close().await.ok();
        let pool = PgPoolOptions::new()
            .max_connections(10)
            .acquire_timeout(Duration::from_secs(10))
            // No JIT compilation: Vigie's statements read a page or a few
            // kept rows, and PostgreSQL compiles whatever its estimates
            // call large — on a table not analyzed since a bulk import,
            // 15 ms of compiling for a 30 ms answer (measured with
            // bench/scale/followup.sh). A PostgreSQL-compatible engine
            // without the setting is left as it is.
            .after_connect(|conn, _| {
                Box::pin(async move {
                    let _no_such_setting = sqlx::Executor::execute(conn, "SET jit = off").await;
                    Ok(())
                })
            })
            .connect_with(options)
            .await
            .map_err(|e| StoreError::Unavailable(e.to_string()))?;
        Ok(Db::Postgres(pool))
    }

    pub(crate) async fn migrate(&self) -> Result<()> {
        let migrator = self.migrator().await?;
        on_pool!(self, pool => migrator.run(pool).await?);
        Ok(())
    }

    /// The migrations this database's engine runs.
    async fn migrator(&self) -> Result<&'static sqlx::migrate::Migrator> {
        match self {
            Db::Sqlite(_) => Ok(&SQLITE_MIGRATIONS),
            Db::Postgres(pool) => postgres_migrator(pool).await,
        }
    }

    /// Checks, without writing, that the database holds exactly this
    /// binary's migrations: what a server reading a replica (which cannot
    /// migrate) needs before it answers anyone.
    pub(crate) async fn check_migrated(&self) -> Result<()> {
        let applied: Vec<(i64, Vec<u8>)> = on_pool!(self, pool => {
            sqlx::query_as("SELECT version, checksum FROM _sqlx_migrations WHERE success ORDER BY version")
                .fetch_all(pool)
                .await
                .map_err(|e| StoreError::Unavailable(format!("the database holds no Vigie schema: {e}")))?
        });
        let expected: Vec<(i64, &[u8])> = self
            .migrator()
            .await?
            .iter()
            .filter(|m| !m.migration_type.is_down_migration())
            .map(|m| (m.version, m.checksum.as_ref()))
            .collect();
        let applied: Vec<(i64, &[u8])> = applied.iter().map(|(v, c)| (*v, c.as_slice())).collect();
        schema_matches(&expected, &applied).map_err(StoreError::Unavailable)
    }

    /// After an import of `rows` rows, once committed (not after a dry
    /// run): on PostgreSQL, past
    /// [`BULK_ROWS`], the planner's statistics are gathered again
    /// (`ANALYZE`), so that the next readers do not wait for autovacuum —
    /// nor get plans made for the empty tables it last saw (a cold page of
    /// 100,000 recommendations: 101 ms, 21 ms once analyzed). Best effort:
    /// the import has landed whatever this does. SQLite plans without.
    pub(crate) async fn analyze_after_import(&self, mode: crate::ImportMode, rows: u64) {
        if mode == crate::ImportMode::DryRun || rows < BULK_ROWS {
            return;
        }
        if let Db::Postgres(pool) = self
            && let Err(e) = sqlx::query("ANALYZE").execute(pool).await
        {
            tracing::warn!(error = %e, "could not refresh the planner's statistics");
        }
    }

    pub(crate) fn backend(&self) -> Backend {
        match self {
            Db::Sqlite(_) => Backend::Sqlite,
            Db::Postgres(_) => Backend::Postgres,
        }
    }

    pub(crate) async fn close(&self) {
        on_pool!(self, pool => pool.close().await)
    }
}

/// Whether the migrations `applied` to a database are those `expected` by
/// this binary, version and checksum; else why not, and what to do.
fn schema_matches(
    expected: &[(i64, &[u8])],
    applied: &[(i64, &[u8])],
) -> std::result::Result<(), String> {
    for (i, (version, checksum)) in expected.iter().enumerate() {
        match applied.get(i) {
            None => {
                return Err(format!(
                    "the database lacks migration {version}: upgrade it from the primary \
                     (`vigie migrate`) before serving from it"
                ));
            }
            Some((v, _)) if v != version => {
                return Err(format!(
                    "the database holds migration {v} where this binary expects {version}"
                ));
            }
            Some((_, c)) if c != checksum => {
                return Err(format!(
                    "migration {version} in the database is not this binary's (another build?)"
                ));
            }
            Some(_) => {}
        }
    }
    match applied.get(expected.len()) {
        Some((v, _)) => Err(format!(
            "the database holds migration {v}, newer than this binary: run the primary's version"
        )),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// YugabyteDB's migrations are PostgreSQL's, version for version, but
    /// for the three it refuses, whose forms use no transition table.
    #[test]
    fn the_yugabyte_migrations_differ_only_where_ysql_refuses_postgresql() {
        let postgres: Vec<_> = POSTGRES_MIGRATIONS.iter().collect();
        let yugabyte: Vec<_> = YUGABYTE_MIGRATIONS.iter().collect();
        assert_eq!(postgres.len(), yugabyte.len());
        let mut differ = Vec::new();
        for (p, y) in postgres.iter().zip(&yugabyte) {
            assert_eq!((p.version, &p.description), (y.version, &y.description));
            assert!(!y.sql.as_str().contains("REFERENCING"), "{}", y.version);
            if p.checksum != y.checksum {
                differ.push(p.version);
            }
        }
        assert_eq!(differ, [19, 20, 21]);
    }

    #[test]
    fn a_schema_matches_only_the_same_migrations_in_the_same_order() {
        let (a, b, c): (&[u8], &[u8], &[u8]) = (b"a", b"b", b"c");
        assert_eq!(schema_matches(&[(1, a), (2, b)], &[(1, a), (2, b)]), Ok(()));
        let behind = schema_matches(&[(1, a), (2, b)], &[(1, a)]).unwrap_err();
        assert!(behind.contains("lacks migration 2"), "{behind}");
        let ahead = schema_matches(&[(1, a)], &[(1, a), (2, b)]).unwrap_err();
        assert!(ahead.contains("newer than this binary"), "{ahead}");
        let other = schema_matches(&[(1, a), (2, b)], &[(1, a), (2, c)]).unwrap_err();
        assert!(other.contains("not this binary's"), "{other}");
        let gap = schema_matches(&[(1, a), (2, b)], &[(2, b)]).unwrap_err();
        assert!(gap.contains("holds migration 2 where"), "{gap}");
    }

    #[test]
    fn placeholders_are_numbered_or_anonymous_in_bind_order() {
        assert_eq!(Placeholders::Numbered.list(4, 3), "$4, $5, $6");
        assert_eq!(Placeholders::Anonymous.list(4, 3), "?, ?, ?");
        assert_eq!(Placeholders::Anonymous.list(1, 0), "");
    }

    #[test]
    fn urls_are_checked_and_redacted() {
        assert!(matches!(
            DatabaseLocation::from_url("postgres://u:pw@localhost/db"),
            Ok(DatabaseLocation::Postgres(_))
        ));
        assert_eq!(
            DatabaseLocation::from_url("sqlite:///tmp/x.db").unwrap(),
            DatabaseLocation::Sqlite(PathBuf::from("/tmp/x.db"))
        );
        let err = DatabaseLocation::from_url("mysql://u:secret@h/db")
            .unwrap_err()
            .to_string();
        assert!(err.contains("expected `postgres://"), "{err}");
        assert!(!err.contains("secret"), "{err}");
        let err = DatabaseLocation::from_url("postgres://u:secret@host:notaport/db")
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("invalid database URL"), "{err}");
        assert!(!err.contains("secret"), "{err}");
        assert!(DatabaseLocation::from_url("not a url").is_err());
    }
}
