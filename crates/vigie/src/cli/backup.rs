//! `vigie backup DIR` and `vigie restore DIR`.
//!
//! A backup directory holds: the database (`vigie.db` from SQLite's `VACUUM
//! INTO`, or `vigie.pgdump` from `pg_dump`), the log signing key, the
//! document store if there is one, `checkpoint.txt` (the signed checkpoint
//! of exactly the backed-up log) and `MANIFEST`. It holds the signing key:
//! keep it as safe as the server.

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use vigie_ledger::Checkpoint;
use vigie_store::log::{KEY_FILE, load_or_create_signing_key};
use vigie_store::{DatabaseLocation, Store, private_fs};

use crate::config::{StorageArgs, describe};

const SQLITE_FILE: &str = "vigie.db";
const PG_FILE: &str = "vigie.pgdump";
const CHECKPOINT_FILE: &str = "checkpoint.txt";
const DOCUMENTS: &str = vigie_store::documents::vault::DOCUMENTS_DIR;
const DOCUMENT_KEY: &str = vigie_store::documents::vault::DOCUMENT_KEY_FILE;

/// Takes a consistent snapshot of the database and the data directory's
/// files into `dir`, while the server may be running.
pub async fn backup(storage: &StorageArgs, dir: &Path) -> anyhow::Result<()> {
    if dir.exists()
        && std::fs::read_dir(dir)
            .map(|mut d| d.next().is_some())
            .unwrap_or(true)
    {
        bail!("backup directory `{}` is not empty", dir.display());
    }
    // A backup holds the database, both keys and the documents: as private
    // as the data directory.
    private_fs::create_dir_all(dir)
        .with_context(|| format!("cannot create `{}`", dir.display()))?;
    let key = load_or_create_signing_key(&storage.data_dir)?;
    let location = storage.location()?;
    let store = storage.open().await?;
    let head = match &location {
        DatabaseLocation::Sqlite(_) => store.snapshot_sqlite_into(&dir.join(SQLITE_FILE)).await?,
        DatabaseLocation::Postgres(url) => {
            let snapshot = store.begin_postgres_snapshot().await?;
            let status = tokio::process::Command::new("pg_dump")
                .args([
                    "--format=custom",
                    "--no-owner",
                    "--snapshot",
                    snapshot.id(),
                    "--file",
                ])
                .arg(dir.join(PG_FILE))
                .arg(url)
                .status()
                .await
                .context("cannot run `pg_dump` (install PostgreSQL's client tools)")?;
            if status.success() {
                private_fs::restrict(&dir.join(PG_FILE))?;
            }
            let head = snapshot.head().clone();
            snapshot.finish().await?;
            if !status.success() {
                bail!("`pg_dump` failed ({status})");
            }
            head
        }
    };
    store.close().await;
    copy_file(&storage.data_dir.join(KEY_FILE), &dir.join(KEY_FILE))?;
    copy_tree(&storage.data_dir.join(DOCUMENTS), &dir.join(DOCUMENTS))?;
    // Without the document key the copied content is unreadable: the
    // backup holds it too, and must be kept as safe as the data directory.
    let document_key = storage.document_key_file();
    if document_key.exists() {
        copy_file(&document_key, &dir.join(DOCUMENT_KEY))?;
    }
    let checkpoint = Checkpoint {
        origin: key.verifier().name().to_owned(),
        size: head.size(),
        root: head.root(),
    };
    let note = key.sign(&checkpoint);
    std::fs::write(dir.join(CHECKPOINT_FILE), &note)?;
    let manifest = format!(
        "vigie {}\nbackend {}\nentries {}\nkey {}\n",
        env!("CARGO_PKG_VERSION"),
        if matches!(location, DatabaseLocation::Sqlite(_)) {
            "sqlite"
        } else {
            "postgres"
        },
        head.size(),
        key.verifier()
    );
    std::fs::write(dir.join("MANIFEST"), manifest)?;
    private_fs::restrict(&dir.join(CHECKPOINT_FILE))?;
    private_fs::restrict(&dir.join("MANIFEST"))?;
    crate::output::lines([
        format!(
            "backed up {} ({} log entries) to `{}`",
            describe(&location),
            head.size(),
            dir.display()
        ),
        note.trim_end().to_owned(),
    ])
}

/// Brings a backup back into the (empty) database and data directory the
/// flags name, then checks that the restored log's checkpoint is the
/// backup's and that the log verifies.
pub async fn restore(storage: &StorageArgs, dir: &Path) -> anyhow::Result<()> {
    let expected = std::fs::read_to_string(dir.join(CHECKPOINT_FILE)).with_context(|| {
        format!(
            "`{}` is not a Vigie backup (no {CHECKPOINT_FILE})",
            dir.display()
        )
    })?;
    let location = storage.location()?;
    let key_target = storage.data_dir.join(KEY_FILE);
    if key_target.exists() && std::fs::read(&key_target)? != std::fs::read(dir.join(KEY_FILE))? {
        bail!(
            "`{}` already holds another signing key: restore into a fresh data directory",
            key_target.display()
        );
    }
    match &location {
        DatabaseLocation::Sqlite(path) => {
            let source = dir.join(SQLITE_FILE);
            if !source.exists() {
                bail!(
                    "this backup holds no SQLite database (`{}`)",
                    source.display()
                );
            }
            if path.exists() && !Store::open(&location).await?.is_empty().await? {
                bail!(
                    "{} already holds data: restore into an empty one",
                    describe(&location)
                );
            }
            for suffix in ["", "-wal", "-shm"] {
                let stale = PathBuf::from(format!("{}{suffix}", path.display()));
                if stale.exists() {
                    std::fs::remove_file(&stale)?;
                }
            }
            if let Some(parent) = path.parent() {
                private_fs::create_dir_all(parent)?;
            }
            copy_file(&source, path)?;
        }
        DatabaseLocation::Postgres(url) => {
            let source = dir.join(PG_FILE);
            if !source.exists() {
                bail!(
                    "this backup holds no PostgreSQL dump (`{}`)",
                    source.display()
                );
            }
            if !vigie_store::backup::postgres_database_is_blank(url).await? {
                bail!(
                    "{} is not empty: restore into a new database",
                    describe(&location)
                );
            }
            let status = tokio::process::Command::new("pg_restore")
                .args(["--no-owner", "--exit-on-error", "--dbname"])
                .arg(url)
                .arg(&source)
                .status()
                .await
                .context("cannot run `pg_restore` (install PostgreSQL's client tools)")?;
            if !status.success() {
                bail!("`pg_restore` failed ({status})");
            }
        }
    }
    private_fs::create_dir_all(&storage.data_dir)?;
    if !key_target.exists() {
        copy_file(&dir.join(KEY_FILE), &key_target)?;
    }
    copy_tree(&dir.join(DOCUMENTS), &storage.data_dir.join(DOCUMENTS))?;
    let document_key = storage.document_key_file();
    if dir.join(DOCUMENT_KEY).exists() && !document_key.exists() {
        copy_file(&dir.join(DOCUMENT_KEY), &document_key)?;
    }

    let key = load_or_create_signing_key(&storage.data_dir)?;
    let store = storage.open().await?;
    let restored = store.log_checkpoint(&key).await?;
    let verified = store.verify_log(&key.verifier(), Some(&expected)).await?;
    store.close().await;
    if restored != expected {
        bail!("the restored log's checkpoint differs from the backup's");
    }
    if let Err(problem) = verified {
        bail!("the restored log does not verify: {problem}");
    }
    crate::output::lines([
        format!(
            "restored `{}` into {}; its checkpoint is the backup's and the log verifies",
            dir.display(),
            describe(&location)
        ),
        restored.trim_end().to_owned(),
    ])
}

fn copy_file(from: &Path, to: &Path) -> anyhow::Result<()> {
    std::fs::copy(from, to)
        .with_context(|| format!("cannot copy `{}` to `{}`", from.display(), to.display()))?;
    private_fs::restrict(to)?;
    Ok(())
}

/// Copies a directory tree if it exists (the document store, once there is one).
fn copy_tree(from: &Path, to: &Path) -> anyhow::Result<()> {
    if !from.is_dir() {
        return Ok(());
    }
    private_fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_tree(&entry.path(), &target)?;
        } else {
            copy_file(&entry.path(), &target)?;
        }
    }
    Ok(())
}
