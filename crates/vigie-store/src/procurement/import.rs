//! `vigie import ocds`: OCDS releases, packages or compiled releases into
//! the store, all or nothing.
//!
//! The file is read as a stream on a blocking thread (a multi-gigabyte
//! package in bounded memory) and each release is checked against the OCDS
//! schema and the store's reference data, then written raw inside one
//! transaction. After the last release, each process that changed is
//! compiled again from all its stored releases. Any error rolls the whole
//! import back, after every release was checked: the publisher gets every
//! error at once.

mod check;
mod compile;
mod read;

use std::collections::hash_map::Entry;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::io::BufRead;
use std::sync::Arc;

use vigie_domain::CountryCode;
use vigie_import::{ImportError, Level, Location, Observer};

use self::check::{Checked, Reference};
use self::compile::{Built, COMPILE_BATCH, Job, build_all};
use self::read::{Item, Read, spawn_reader};
use crate::db::{BeginWrite, Db, Placeholders, on_pool};
use crate::log::{Actor, Change, LogConn};
use crate::pipeline::list_warnings;
use crate::procurement::Procurement;
use crate::procurement::packed::unpack;
use crate::{ImportMode, ImportOptions};
use crate::{Result, StoreError, Writer};

/// Writes compiled processes (`Vec<Built>`) in the transaction `tx`: their
/// rows upserted, their suppliers replaced, one statement per table.
macro_rules! write_built {
    ($tx:ident, $ph:expr, $built:expr) => {{
        let built: &[Built] = &$built;
        let sql = format!(
            "DELETE FROM procurement_suppliers WHERE ocid IN ({})",
            $ph.list(1, built.len())
        );
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
        for b in built {
            query = query.bind(&b.ocid);
        }
        query.execute(&mut *$tx).await?;

        let sql = format!(
            "INSERT INTO procurement_processes (ocid, country, buyer_id, buyer_name, title, method, derogatory, date, listed, compiled, producer) \
             VALUES {} \
             ON CONFLICT (ocid) DO UPDATE SET buyer_id = excluded.buyer_id, \
             buyer_name = excluded.buyer_name, title = excluded.title, method = excluded.method, \
             derogatory = excluded.derogatory, date = excluded.date, listed = excluded.listed, \
             compiled = excluded.compiled",
            $ph.rows(built.len(), 11)
        );
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
        for b in built {
            let c = &b.columns;
            query = query
                .bind(&b.ocid)
                .bind(c.country.as_str())
                .bind(&c.buyer_id)
                .bind(&c.buyer_name)
                .bind(&c.title)
                .bind(&c.method)
                .bind(c.derogatory)
                .bind(&c.date)
                .bind(&c.listed)
                .bind(b.packed.as_slice())
                .bind(&b.producer);
        }
        query.execute(&mut *$tx).await?;

        let pairs: Vec<(&str, &str)> = built
            .iter()
            .flat_map(|b| b.columns.suppliers.iter().map(|s| (b.ocid.as_str(), s.as_str())))
            .collect();
        for part in pairs.chunks(500) {
            let sql = format!(
                "INSERT INTO procurement_suppliers (ocid, supplier_id) VALUES {}",
                $ph.rows(part.len(), 2)
            );
            let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
            for (ocid, supplier) in part {
                query = query.bind(*ocid).bind(*supplier);
            }
            query.execute(&mut *$tx).await?;
        }
    }};
}

/// What an import did (or, dry, would do).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct ProcurementImport {
    /// Releases read.
    pub releases: u64,
    /// Releases new or changed.
    pub written: u64,
    /// Releases already stored as they are in the file.
    pub unchanged: u64,
    /// The processes compiled (anew or again), each one trail entry.
    pub processes: u64,
    /// What was corrected or kept as given, with where and why: the first
    /// [`crate::MAX_LISTED_WARNINGS`].
    #[serde(skip)]
    pub warnings: Vec<ImportError>,
    /// Every warning, listed or not.
    pub warnings_total: u64,
}

impl ProcurementImport {
    fn warn(&mut self, warnings: Vec<ImportError>) {
        list_warnings(&mut self.warnings, &mut self.warnings_total, warnings);
    }
}

/// The problems found so far: every one is counted, the first
/// [`Errors::KEPT`] are kept, so that a huge wrong file (a whole
/// publication in the wrong version) cannot exhaust memory.
#[derive(Default)]
struct Errors {
    kept: Vec<ImportError>,
    more: u64,
}

impl Errors {
    const KEPT: usize = 1000;

    fn add(&mut self, errors: Vec<ImportError>) {
        for e in errors {
            if self.kept.len() < Self::KEPT {
                self.kept.push(e);
            } else {
                self.more += 1;
            }
        }
    }

    fn is_empty(&self) -> bool {
        self.kept.is_empty()
    }

    fn into_list(mut self, file_name: &str) -> Vec<ImportError> {
        if self.more > 0 {
            self.kept.push(ImportError {
                file: file_name.to_owned(),
                location: Location::File,
                column: String::new(),
                reason: format!("… and {} more problem(s), not listed", self.more),
                ..Default::default()
            });
        }
        self.kept
    }
}

impl Procurement<'_> {
    /// Imports an OCDS file (release package, record package, a release, or
    /// one release or compiled release per line) for any country.
    pub async fn import<R: BufRead + Send + 'static>(
        self,
        actor: &Actor,
        file_name: &str,
        reader: R,
        options: impl Into<ImportOptions>,
        progress: &mut (dyn Observer + Send),
    ) -> Result<ProcurementImport> {
        self.import_by(
            Writer::Operator,
            actor,
            file_name,
            reader,
            options,
            progress,
        )
        .await
    }

    /// [`Procurement::import`] by `writer`. Whoever writes, a stored
    /// process keeps its country; a user's release is refused (as an error
    /// of the file) where the policies do not let them write the process as
    /// stored (another country's, another service's, or holding fields
    /// above their clearance) or classify a field at the level it asks.
    pub async fn import_by<R: BufRead + Send + 'static>(
        self,
        writer: Writer<'_>,
        actor: &Actor,
        file_name: &str,
        reader: R,
        options: impl Into<ImportOptions>,
        progress: &mut (dyn Observer + Send),
    ) -> Result<ProcurementImport> {
        self.import_ocds_inner(
            writer,
            None,
            actor,
            file_name,
            reader,
            options.into(),
            progress,
        )
        .await
    }

    /// [`Procurement::import`] of a publisher's file that does not carry
    /// Vigie's `country` (any OCDS publication): each release without one
    /// is stored as `country`'s.
    pub async fn import_as<R: BufRead + Send + 'static>(
        self,
        country: CountryCode,
        actor: &Actor,
        file_name: &str,
        reader: R,
        options: impl Into<ImportOptions>,
        progress: &mut (dyn Observer + Send),
    ) -> Result<ProcurementImport> {
        self.import_ocds_inner(
            Writer::Operator,
            Some(country),
            actor,
            file_name,
            reader,
            options.into(),
            progress,
        )
        .await
    }

    #[expect(
        clippy::too_many_arguments,
        reason = "the public entry points name the variants"
    )]
    async fn import_ocds_inner<R: BufRead + Send + 'static>(
        self,
        writer: Writer<'_>,
        default_country: Option<CountryCode>,
        actor: &Actor,
        file_name: &str,
        reader: R,
        options: ImportOptions,
        progress: &mut (dyn Observer + Send),
    ) -> Result<ProcurementImport> {
        let stored = self.store.list_countries().await?;
        let missing = self.store.missing_reference_countries(&stored).await?;
        let mut reference = Reference {
            known: stored
                .iter()
                .map(|c| c.code)
                .chain(missing.keys().copied())
                .collect(),
            missing,
            schemes: HashMap::new(),
            owners: HashMap::new(),
            refused: false,
        };
        let mut items = spawn_reader(
            file_name.to_owned(),
            reader,
            default_country,
            options.strict,
            Arc::from(writer.service()),
        );
        let mut errors = Errors::default();
        let mut report = ProcurementImport::default();
        let mut touched: BTreeSet<String> = BTreeSet::new();
        // Processes new to the store, written in the first pass from their
        // one release (compiled on the workers), by a hash of their ocid
        // (their ocid and state wait for the trail in the temporary table
        // `import_single`); a second release of one in the file sends it to
        // `touched`.
        let mut single: HashSet<u128> = HashSet::new();
        // Each release read, by a hash of its (ocid, id), with a hash of its
        // body: 24 bytes a release, so that a file of millions stays small.
        let mut seen: HashMap<u128, u64> = HashMap::new();
        let mut owners_kept = OWNERS_KEPT;

        let ph = Placeholders::of(&self.store.db);
        let create_single = match &self.store.db {
            Db::Sqlite(_) => {
                "CREATE TEMP TABLE import_single (ocid TEXT PRIMARY KEY, state BLOB NOT NULL)"
            }
            Db::Postgres(_) => {
                "CREATE TEMP TABLE import_single (ocid TEXT PRIMARY KEY, state BYTEA NOT NULL)"
            }
        };
        on_pool!(&self.store.db, pool => {
            let mut tx = pool.begin_write().await?;
            // Left by an import rolled back on an engine whose rollback
            // keeps created tables (YugabyteDB without transactional DDL,
            // decision 0031); on SQLite and PostgreSQL, never there.
            sqlx::query("DROP TABLE IF EXISTS import_single").execute(&mut *tx).await?;
            sqlx::query(create_single).execute(&mut *tx).await?;
            let mut changes = Vec::new();
            // Releases are checked and written a batch at a time: one query
            // finds the batch's stored processes, one statement writes it.
            let mut batch: Vec<Box<Item>> = Vec::with_capacity(WRITE_BATCH);
            let mut pending: Vec<(Checked, Vec<u8>)> = Vec::with_capacity(WRITE_BATCH);
            let mut compiled_here: Vec<Built> = Vec::new();
            let mut open = true;
            while open {
              while batch.len() < WRITE_BATCH {
                let Some(chunk) = items.recv().await else {
                    open = false;
                    break;
                };
                for read in chunk {
                    match read {
                        Read::Release(item) => batch.push(item),
                        Read::Error(e) => {
                            progress.problem(Level::Error, &e);
                            errors.add(vec![e]);
                        }
                        Read::Warning(w) => {
                            progress.problem(Level::Warning, &w);
                            report.warn(vec![w]);
                        }
                    }
                }
              }
              // Whose each process the batch names is, for those this
              // import has not met (or has let go of): read in the
              // transaction, which holds the processes it wrote.
              let wanted = reference.wanted(&batch);
              if !wanted.is_empty() {
                  let sql = format!(
                      "SELECT ocid, country, producer, compiled FROM procurement_processes WHERE ocid IN ({})",
                      ph.list(1, wanted.len())
                  );
                  let mut query = sqlx::query_as(sqlx::AssertSqlSafe(sql));
                  for ocid in &wanted {
                      query = query.bind(*ocid);
                  }
                  let rows = query.fetch_all(&mut *tx).await?;
                  reference.keep_owners(rows, |ocid| single.contains(&ocid_key(ocid)))?;
              }
              for mut item in batch.drain(..) {
                for w in &item.warnings {
                    progress.problem(Level::Warning, w);
                }
                report.warn(std::mem::take(&mut item.warnings));
                report.releases += 1;
                if report.releases % 1000 == 0 {
                    progress.progress(report.releases);
                }
                let checked = match self.check(&mut reference, writer, file_name, &item).await {
                    Ok(checked) => checked,
                    Err(e) => {
                        for e in &e {
                            progress.problem(Level::Error, e);
                        }
                        errors.add(e);
                        continue;
                    }
                };
                let (body, digest) = (std::mem::take(&mut item.body), item.digest);
                match seen.entry(key(&[&checked.ocid, &checked.id])) {
                    Entry::Vacant(slot) => {
                        slot.insert(prefix(&digest));
                    }
                    Entry::Occupied(first) => {
                        let same = *first.get() == prefix(&digest);
                        let problem = ImportError {
                            file: file_name.to_owned(),
                            location: item.location.clone(),
                            column: format!("{}/id", item.pointer),
                            reason: if same {
                                format!("release `{}` appears again, the same: read once", checked.id)
                            } else {
                                format!("release `{}` of `{}` appears twice in the file", checked.id, checked.ocid)
                            },
                            record: checked.ocid.clone(),
                            ..Default::default()
                        };
                        if same && !options.strict {
                            progress.problem(Level::Warning, &problem);
                            report.warn(vec![problem]);
                        } else {
                            progress.problem(Level::Error, &problem);
                            errors.add(vec![problem]);
                        }
                        continue;
                    }
                }
                // Once a release is wrong the import will be rolled back:
                // keep checking, stop writing.
                if !errors.is_empty() {
                    continue;
                }
                crate::reference::insert_missing_country!(tx, reference.missing, &checked.country, changes);
                // A process this import created: its key, hashed once.
                let new_here = reference
                    .owners
                    .get(&checked.ocid)
                    .is_some_and(|o| !o.stored)
                    .then(|| ocid_key(&checked.ocid));
                if let Some(process) = new_here {
                    if single.remove(&process) {
                        touched.insert(checked.ocid.clone());
                    } else if let (false, Some(built)) = (touched.contains(&checked.ocid), item.single.take()) {
                        single.insert(process);
                        compiled_here.push(built);
                    }
                }
                pending.push((checked, body));
              }
              if pending.is_empty() {
                  continue;
              }
              // A release already stored as it is in the file is not
              // rewritten, and not returned.
              let sql = format!(
                  "INSERT INTO ocds_releases (ocid, release_id, date, body) VALUES {} \
                   ON CONFLICT (ocid, release_id) DO UPDATE SET date = excluded.date, body = excluded.body \
                   WHERE ocds_releases.body <> excluded.body RETURNING ocid",
                  ph.rows(pending.len(), 4)
              );
              let mut query = sqlx::query_scalar::<_, String>(sqlx::AssertSqlSafe(sql));
              for (checked, body) in &pending {
                  query = query.bind(&checked.ocid).bind(&checked.id).bind(&checked.date).bind(body.as_slice());
              }
              let written = query.fetch_all(&mut *tx).await?;
              report.written += written.len() as u64;
              report.unchanged += (pending.len() - written.len()) as u64;
              touched.extend(written.into_iter().filter(|ocid| !single.contains(&ocid_key(ocid))));
              pending.clear();
              if !compiled_here.is_empty() {
                  write_built!(tx, ph, compiled_here);
                  let sql = format!("INSERT INTO import_single (ocid, state) VALUES {}", ph.rows(compiled_here.len(), 2));
                  let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
                  for b in &compiled_here {
                      query = query.bind(&b.ocid).bind(b.state.as_slice());
                  }
                  query.execute(&mut *tx).await?;
                  compiled_here.clear();
              }
              // An owner is needed again only if the file names its process
              // again: then it is read back. Those of the processes to
              // compile again hold what this file classified, and stay.
              if reference.owners.len() > owners_kept {
                  reference.owners.retain(|ocid, _| touched.contains(ocid));
                  owners_kept = OWNERS_KEPT.max(2 * reference.owners.len());
              }
            }
            progress.progress(report.releases);
            if !errors.is_empty() {
                tx.rollback().await?;
                let errors = errors.into_list(file_name);
                return Err(if reference.refused { StoreError::Refused(errors) } else { StoreError::Rejected(errors) });
            }
            // The touched processes, compiled again a batch at a time: one
            // query reads a batch's releases, every core compiles, one
            // statement per table writes the batch.
            let touched: Vec<String> = touched.into_iter().collect();
            // While one batch compiles on every core, the previous one is
            // written: the database and the compiler work at once.
            let mut compiling: Option<(&[String], Compiling)> = None;
            for next in touched.chunks(COMPILE_BATCH).map(Some).chain([None]) {
                let started = match next {
                    Some(chunk) => {
                        let sql = format!(
                            "SELECT ocid, release_id, body FROM ocds_releases WHERE ocid IN ({}) ORDER BY ocid, release_id",
                            ph.list(1, chunk.len())
                        );
                        let mut query = sqlx::query_as::<_, (String, String, Vec<u8>)>(sqlx::AssertSqlSafe(sql));
                        for ocid in chunk {
                            query = query.bind(ocid);
                        }
                        let rows = query.fetch_all(&mut *tx).await?;
                        let mut jobs: Vec<Job> = Vec::with_capacity(chunk.len());
                        for (ocid, release_id, body) in rows {
                            let body = unpack(body, &ocid)?;
                            match jobs.last_mut() {
                                Some(job) if job.ocid == ocid => job.releases.push((release_id, body)),
                                _ => {
                                    // The country and service fixed at the first
                                    // write: every release was checked against them.
                                    let owner = reference
                                        .owners
                                        .get(&ocid)
                                        .ok_or_else(|| StoreError::Corrupt(format!("{ocid}: no owner")))?;
                                    jobs.push(Job {
                                        country: owner.country,
                                        producer: owner.producer.clone(),
                                        releases: vec![(release_id, body)],
                                        ocid,
                                    });
                                }
                            }
                        }
                        Some((chunk, tokio::task::spawn_blocking(move || build_all(jobs))))
                    }
                    None => None,
                };
                if let Some((_, handle)) = std::mem::replace(&mut compiling, started) {
                    let built = handle
                        .await
                        .map_err(|e| StoreError::Corrupt(format!("compiling: {e}")))??;
                    write_built!(tx, ph, built);
                    report.processes += built.len() as u64;
                    changes.extend(built.into_iter().map(|b| {
                        Change::new("import", "procurement_process", b.ocid, Some(b.state))
                    }));
                    tx.append(actor, &changes).await?;
                    changes.clear();
                }
            }
            // The trail of the processes written whole from one release, a
            // batch at a time in ocid order, so that what an import keeps
            // does not grow with its file.
            report.processes += single.len() as u64;
            let mut after: Option<String> = None;
            loop {
                let sql = format!(
                    "SELECT ocid, state FROM import_single WHERE ocid {} {} ORDER BY ocid LIMIT {COMPILE_BATCH}",
                    if after.is_some() { ">" } else { ">=" },
                    ph.list(1, 1)
                );
                let rows: Vec<(String, Vec<u8>)> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
                    .bind(after.as_deref().unwrap_or_default())
                    .fetch_all(&mut *tx)
                    .await?;
                let Some((last, _)) = rows.last() else { break };
                after = Some(last.clone());
                for (ocid, state) in rows {
                    if touched.contains(&ocid) {
                        continue; // logged compiled again, above
                    }
                    let state = <[u8; 32]>::try_from(state.as_slice())
                        .map_err(|_| StoreError::Corrupt(format!("{ocid}: state")))?;
                    changes.push(Change::new("import", "procurement_process", ocid, Some(state)));
                }
                tx.append(actor, &changes).await?;
                changes.clear();
            }
            tx.append(actor, &changes).await?;
            sqlx::query("DROP TABLE import_single").execute(&mut *tx).await?;
            // What the pages derived from the register is now stale.
            sqlx::query("UPDATE procurement_version SET version = version + 1")
                .execute(&mut *tx)
                .await?;
            match options.mode {
                ImportMode::Apply => tx.commit().await?,
                ImportMode::DryRun => tx.rollback().await?,
            }
        });
        self.store
            .db
            .analyze_after_import(options.mode, report.written)
            .await;
        Ok(report)
    }
}

/// Releases checked and written together.
const WRITE_BATCH: usize = 200;

/// The owners of processes kept in memory before those the import can read
/// back are let go: what an import keeps does not grow with its file.
const OWNERS_KEPT: usize = 1 << 11;

/// A batch of processes compiling on every core.
type Compiling = tokio::task::JoinHandle<Result<Vec<Built>>>;

/// A key in memory for `parts` (a release's ocid and id, a process's
/// ocid): 128 bits of their SHA-256, parts apart.
fn key(parts: &[&str]) -> u128 {
    use sha2::Digest as _;
    let mut hash = sha2::Sha256::new();
    for part in parts {
        hash.update(part.as_bytes());
        hash.update([0]);
    }
    u128::from_le_bytes(hash.finalize()[..16].try_into().unwrap_or_default())
}

/// A process's key in memory.
fn ocid_key(ocid: &str) -> u128 {
    key(&[ocid])
}

/// The first 64 bits of a digest: enough to tell two bodies apart.
fn prefix(digest: &[u8; 32]) -> u64 {
    u64::from_le_bytes(digest[..8].try_into().unwrap_or_default())
}
