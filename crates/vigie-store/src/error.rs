//! The storage layer's one error type.
//!
//! Driver errors (`sqlx::Error`) stop here: callers see what went wrong in
//! their terms (not found, conflict, unavailable), never a driver type.

use vigie_domain::Invalid;

/// Why a storage operation failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database URL cannot be used; the URL in the message has its
    /// password removed.
    #[error("invalid database URL `{url}`: {reason}")]
    InvalidUrl {
        /// The URL, password redacted.
        url: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The database cannot be reached or opened.
    #[error("{0}")]
    Unavailable(String),
    /// The record asked for does not exist.
    #[error("{kind} `{key}` not found")]
    NotFound {
        /// What was looked for (`user`, `institution`).
        kind: &'static str,
        /// The key it was looked for by.
        key: String,
    },
    /// The policies refuse the action; the message says what the caller
    /// may do instead. (A caller who may not know an object exists gets
    /// `NotFound`, never this.)
    #[error("forbidden: {0}")]
    Forbidden(String),
    /// The write clashes with a record already stored; the message is
    /// written by the store (never the driver's).
    #[error("{0}")]
    Conflict(String),
    /// A unique key is taken: the database refused a second record with
    /// the same value. `field` names the key's columns where the driver
    /// says which (`code`, `country, reference`), never the table, the
    /// constraint or the driver's text, so it is safe to show anyone.
    #[error("{}", match field { Some(f) => format!("a record with this `{f}` already exists"), None => "this record already exists".to_owned() })]
    Duplicate {
        /// The columns of the unique key, if known.
        field: Option<String>,
    },
    /// A stored or given value breaks a domain rule.
    #[error(transparent)]
    Invalid(#[from] Invalid),
    /// Bad input in a data file, named by file, line and field.
    #[error("{file}:{line}: {field}: {reason}")]
    BadData {
        /// The file the row came from.
        file: String,
        /// Its line number, 1-based, header included.
        line: u64,
        /// The column.
        field: String,
        /// What is wrong.
        reason: String,
    },
    /// An import file was refused: every problem found, each naming its
    /// file, line (or cell) and column. Nothing was stored.
    #[error("{} problem(s) in the file; nothing was imported; first: {}", .0.len(), .0.first().map(ToString::to_string).unwrap_or_default())]
    Rejected(Vec<vigie_import::ImportError>),
    /// An import file was refused because it writes what its writer may
    /// not: another country's or another service's record, or a level the
    /// policies do not let them set (issue 14). Every problem found, as for
    /// [`StoreError::Rejected`]; nothing was stored.
    #[error("{} problem(s) in the file, some writing what your account may not; nothing was imported; first: {}", .0.len(), .0.first().map(ToString::to_string).unwrap_or_default())]
    Refused(Vec<vigie_import::ImportError>),
    /// Stored data contradicts itself (the log head, a key file): something
    /// was changed outside Vigie.
    #[error("corrupt data: {0}")]
    Corrupt(String),
    /// Migrations could not be applied.
    #[error("database migration failed: {0}")]
    Migration(#[source] sqlx::migrate::MigrateError),
    /// Any other database failure.
    #[error("database error: {0}")]
    Backend(#[source] sqlx::Error),
}

/// The storage layer's result.
pub type Result<T, E = StoreError> = std::result::Result<T, E>;

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        match &e {
            sqlx::Error::Database(db) if db.is_unique_violation() => {
                tracing::debug!(error = %db, "unique violation");
                StoreError::Duplicate {
                    field: unique_columns(db.as_ref()),
                }
            }
            sqlx::Error::Io(_) | sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed => {
                StoreError::Unavailable(format!("database unavailable: {e}"))
            }
            _ => StoreError::Backend(e),
        }
    }
}

/// The columns of a violated unique key, from the driver's own report:
/// SQLite says `UNIQUE constraint failed: table.col, table.col`, PostgreSQL
/// `Key (col, col)=(…) already exists.` Only column names are kept (a
/// `_id` suffix dropped: `country_id` is the country), so no table,
/// constraint or value reaches the caller.
fn unique_columns(db: &dyn sqlx::error::DatabaseError) -> Option<String> {
    let columns: Vec<String> =
        if let Some(pg) = db.try_downcast_ref::<sqlx::postgres::PgDatabaseError>() {
            let detail = pg.detail()?;
            let inner = detail.strip_prefix("Key (")?.split(")=").next()?;
            inner.split(',').map(|c| c.trim().to_owned()).collect()
        } else {
            let list = db.message().split_once("failed: ")?.1;
            list.split(',')
                .map(|c| c.trim().rsplit('.').next().unwrap_or_default().to_owned())
                .collect()
        };
    let clean: Vec<String> = columns
        .into_iter()
        .map(|c| c.strip_suffix("_id").map(str::to_owned).unwrap_or(c))
        .filter(|c| !c.is_empty() && c.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'))
        .collect();
    (!clean.is_empty()).then(|| clean.join(", "))
}

impl From<sqlx::migrate::MigrateError> for StoreError {
    fn from(e: sqlx::migrate::MigrateError) -> Self {
        StoreError::Migration(e)
    }
}
