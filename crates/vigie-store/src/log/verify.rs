//! `vigie log verify`: recompute everything from the stored entries and
//! compare it with everything else that is stored.
//!
//! What it catches, and how:
//! - an entry edited → its leaf hash or its columns no longer match;
//! - an entry deleted or reordered → indices are not 0, 1, 2, …, or the
//!   recomputed root no longer matches a signed checkpoint;
//! - an entry inserted → same, and the roots of later checkpoints change;
//! - the whole tail rewritten → an older checkpoint held outside (given
//!   with `--checkpoint`) no longer matches the recomputed tree at its size;
//! - an object changed, added or deleted without its entry → its current
//!   state no longer hashes to the last entry about it;
//! - a stored node, the head or a checkpoint forged → recomputed and compared.

use std::collections::HashMap;

use time::OffsetDateTime;

use vigie_ledger::{Entry, Frontier, Hash, NodeId, VerifierKey, leaf_hash, verify_consistency};

use super::state::{self, ObservationState, TRACKED};
use crate::db::on_pool;
use crate::reference::InstitutionRow;
use crate::{Result, Store};

/// An API token's columns its logged state covers: id, user id, label,
/// hash, revoked, scope, expiry.
type TokenStateRow = (
    i64,
    i64,
    String,
    Vec<u8>,
    bool,
    String,
    Option<OffsetDateTime>,
);

/// What a successful verification covered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifyReport {
    /// Entries recomputed.
    pub size: u64,
    /// The recomputed root.
    pub root: Hash,
    /// Stored checkpoints whose signature and root were checked.
    pub checkpoints: usize,
    /// Objects whose current state was checked against their last entry.
    pub objects: usize,
    /// The size of the older checkpoint proved consistent, if one was given.
    pub consistent_with: Option<u64>,
}

/// The first thing found broken.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LogProblem {
    /// A log entry does not hold.
    #[error("entry {index}: {reason}")]
    Entry {
        /// Its index (or the index where one is missing).
        index: u64,
        /// What is wrong.
        reason: String,
    },
    /// An object's stored state does not match the log.
    #[error("{object_type} `{object_id}`{}: {reason}", .index.map(|i| format!(" (last entry {i})")).unwrap_or_default())]
    Object {
        /// Its kind.
        object_type: String,
        /// Its id.
        object_id: String,
        /// The last entry about it, if any.
        index: Option<u64>,
        /// What is wrong.
        reason: String,
    },
    /// A checkpoint does not hold.
    #[error("checkpoint at size {size}: {reason}")]
    Checkpoint {
        /// Its tree size.
        size: u64,
        /// What is wrong.
        reason: String,
    },
    /// Stored derived data (nodes, head) disagrees with the entries.
    #[error("{0}")]
    Derived(String),
}

const PAGE: i64 = 10_000;

#[derive(sqlx::FromRow)]
struct EntryRow {
    idx: i64,
    leaf: Vec<u8>,
    leaf_hash: Vec<u8>,
    actor: String,
    action: String,
    object_type: String,
    object_id: String,
}

#[derive(sqlx::FromRow)]
struct LevelRow {
    country: String,
    rank: i32,
    code: String,
    name_fr: String,
    name_en: String,
    max_years: Option<i32>,
    illustrative: bool,
    source: String,
}

/// Checkpoint roots to meet, in size order, as the walk reaches each size.
struct ExpectedRoots<'a> {
    roots: &'a [(u64, Hash, &'static str)],
    next: usize,
}

impl ExpectedRoots<'_> {
    /// Checks every expected root at `size` against the recomputed `root`.
    fn at(&mut self, size: u64, root: Hash) -> std::result::Result<(), LogProblem> {
        while let Some((cp_size, cp_root, origin)) = self.roots.get(self.next) {
            if *cp_size != size {
                break;
            }
            if *cp_root != root {
                return Err(checkpoint_problem_u(
                    size,
                    &format!("the {origin} checkpoint's root does not match the entries"),
                ));
            }
            self.next += 1;
        }
        Ok(())
    }
}

struct LastEntry {
    index: u64,
    action: String,
    state: Option<[u8; 32]>,
}

impl Store {
    /// Recomputes the tree and checks every stored entry, node, checkpoint
    /// and tracked object; with `older`, also proves the log consistent with
    /// a checkpoint kept elsewhere. `Ok(Err(problem))` names the first
    /// problem found; `Err` means the check itself could not run.
    pub async fn verify_log(
        &self,
        key: &VerifierKey,
        older: Option<&str>,
    ) -> Result<std::result::Result<VerifyReport, LogProblem>> {
        // Checkpoints to meet while walking the entries: stored ones and the given one.
        let stored: Vec<(i64, String)> = on_pool!(&self.db, pool => {
            sqlx::query_as("SELECT size, note FROM log_checkpoints ORDER BY size").fetch_all(pool).await?
        });
        let mut expected_roots: Vec<(u64, Hash, &'static str)> = Vec::new();
        for (size, note) in &stored {
            match key.verify(note) {
                Ok(cp) if i64::try_from(cp.size).ok() == Some(*size) => {
                    expected_roots.push((cp.size, cp.root, "stored"))
                }
                Ok(_) => {
                    return Ok(Err(checkpoint_problem(
                        *size,
                        "its text names another size",
                    )));
                }
                Err(e) => return Ok(Err(checkpoint_problem(*size, &e.to_string()))),
            }
        }
        let older = match older.map(|note| key.verify(note)) {
            None => None,
            Some(Ok(cp)) => Some(cp),
            Some(Err(e)) => {
                return Ok(Err(LogProblem::Checkpoint {
                    size: 0,
                    reason: format!("the given checkpoint: {e}"),
                }));
            }
        };
        if let Some(cp) = &older {
            expected_roots.push((cp.size, cp.root, "given"));
        }
        expected_roots.sort_by_key(|(size, _, _)| *size);

        // Walk the entries in pages, recomputing leaves, nodes and roots.
        let mut frontier = Frontier::default();
        let mut levels: Vec<Vec<Hash>> = Vec::new();
        let mut last: HashMap<(String, String), LastEntry> = HashMap::new();
        let mut expected = ExpectedRoots {
            roots: &expected_roots,
            next: 0,
        };
        if let Err(p) = expected.at(0, Hash::empty()) {
            return Ok(Err(p));
        }
        loop {
            let rows: Vec<EntryRow> = on_pool!(&self.db, pool => {
                sqlx::query_as(
                    "SELECT idx, leaf, leaf_hash, actor, action, object_type, object_id FROM log_entries \
                     WHERE idx >= $1 ORDER BY idx LIMIT $2",
                )
                .bind(i64::try_from(frontier.size()).unwrap_or(i64::MAX))
                .bind(PAGE)
                .fetch_all(pool)
                .await?
            });
            if rows.is_empty() {
                break;
            }
            for EntryRow {
                idx,
                leaf,
                leaf_hash: stored_hash,
                actor,
                action,
                object_type,
                object_id,
            } in rows
            {
                let index = frontier.size();
                if u64::try_from(idx).ok() != Some(index) {
                    return Ok(Err(LogProblem::Entry {
                        index,
                        reason: format!("missing (the next stored entry is {idx})"),
                    }));
                }
                let hash = leaf_hash(&leaf);
                if stored_hash != hash.0 {
                    return Ok(Err(entry_problem(
                        index,
                        "its leaf hash does not match its bytes",
                    )));
                }
                let entry = match Entry::decode(&leaf) {
                    Ok(e) => e,
                    Err(e) => return Ok(Err(entry_problem(index, &format!("unreadable: {e}")))),
                };
                if entry.actor_user != actor
                    || entry.action != action
                    || entry.object_type != object_type
                    || entry.object_id != object_id
                {
                    return Ok(Err(entry_problem(
                        index,
                        "its columns disagree with its signed bytes",
                    )));
                }
                for (node, h) in frontier
                    .push(hash)
                    .into_iter()
                    .filter(|(node, _)| super::is_stored(*node))
                {
                    let level = usize::from(node.level);
                    if levels.len() <= level {
                        levels.resize_with(level + 1, Vec::new);
                    }
                    levels[level].push(h);
                }
                // Events (a read, a decision) record no state: the object's
                // last change is what its stored row must match.
                if entry.content_hash.is_some() || entry.action == "delete" {
                    last.insert(
                        (entry.object_type, entry.object_id),
                        LastEntry {
                            index,
                            action: entry.action,
                            state: entry.content_hash,
                        },
                    );
                }
                if let Err(p) = expected.at(frontier.size(), frontier.root()) {
                    return Ok(Err(p));
                }
            }
        }
        let size = frontier.size();
        let root = frontier.root();
        if let Some((cp_size, _, origin)) = expected.roots.get(expected.next) {
            return Ok(Err(checkpoint_problem_u(
                *cp_size,
                &format!(
                    "the {origin} checkpoint is larger than the log ({size} entries): entries were removed"
                ),
            )));
        }

        // Derived data: every stored node and the head must be what the entries give.
        if let Err(p) = self.check_nodes(&levels).await? {
            return Ok(Err(p));
        }
        let head = self.log_head().await;
        match head {
            Ok(h) if h == frontier => {}
            _ => {
                return Ok(Err(LogProblem::Derived(
                    "the log head does not match the entries".into(),
                )));
            }
        }

        // A proof, as an outside verifier would check it, for the given checkpoint.
        let consistent_with = match &older {
            None => None,
            Some(cp) => {
                let proof = self.log_consistency_proof(cp.size, size).await?;
                if let Err(e) = verify_consistency(cp.size, size, cp.root, root, &proof) {
                    return Ok(Err(checkpoint_problem_u(
                        cp.size,
                        &format!("consistency proof fails: {e}"),
                    )));
                }
                Some(cp.size)
            }
        };

        // Objects: each stored one must hash to the last entry about it.
        let current = self.tracked_states().await?;
        let mut problems: Vec<LogProblem> = Vec::new();
        let objects = current.len();
        for (object_type, object_id, state) in current {
            match last.remove(&(object_type.to_owned(), object_id.clone())) {
                None => problems.push(LogProblem::Object {
                    object_type: object_type.into(),
                    object_id,
                    index: None,
                    reason: "stored without any log entry".into(),
                }),
                Some(l) if l.state != Some(state) => problems.push(LogProblem::Object {
                    object_type: object_type.into(),
                    object_id,
                    index: Some(l.index),
                    reason: "changed outside the log (its state does not match its last entry)"
                        .into(),
                }),
                Some(_) => {}
            }
        }
        for ((object_type, object_id), l) in last {
            if TRACKED.contains(&object_type.as_str()) && l.action != "delete" {
                problems.push(LogProblem::Object {
                    object_type,
                    object_id,
                    index: Some(l.index),
                    reason: "deleted outside the log".into(),
                });
            }
        }
        problems.sort_by_key(|p| match p {
            LogProblem::Object { index, .. } => index.unwrap_or(u64::MAX),
            _ => u64::MAX,
        });
        if let Some(first) = problems.into_iter().next() {
            return Ok(Err(first));
        }
        Ok(Ok(VerifyReport {
            size,
            root,
            checkpoints: stored.len(),
            objects,
            consistent_with,
        }))
    }

    async fn check_nodes(
        &self,
        levels: &[Vec<Hash>],
    ) -> Result<std::result::Result<(), LogProblem>> {
        let expected: usize = levels.iter().map(Vec::len).sum();
        let mut seen = 0usize;
        let mut after: (i32, i64) = (-1, -1);
        loop {
            let rows: Vec<(i32, i64, Vec<u8>)> = on_pool!(&self.db, pool => {
                sqlx::query_as(
                    "SELECT level, idx, hash FROM log_nodes WHERE level > $1 OR (level = $1 AND idx > $2) \
                     ORDER BY level, idx LIMIT $3",
                )
                .bind(after.0)
                .bind(after.1)
                .bind(PAGE)
                .fetch_all(pool)
                .await?
            });
            if rows.is_empty() {
                break;
            }
            for (level, idx, hash) in rows {
                after = (level, idx);
                seen += 1;
                let computed = usize::try_from(level)
                    .ok()
                    .and_then(|l| levels.get(l))
                    .and_then(|l| l.get(usize::try_from(idx).ok()?));
                if computed.map(|h| h.0.as_slice()) != Some(hash.as_slice()) {
                    let node = NodeId {
                        level: u8::try_from(level).unwrap_or(u8::MAX),
                        index: u64::try_from(idx).unwrap_or(0),
                    };
                    return Ok(Err(LogProblem::Derived(format!(
                        "stored node {}/{} (leaves from {}) does not match the entries",
                        node.level,
                        node.index,
                        node.first_leaf()
                    ))));
                }
            }
        }
        if seen != expected {
            return Ok(Err(LogProblem::Derived(format!(
                "{seen} stored nodes where the entries give {expected}"
            ))));
        }
        Ok(Ok(()))
    }

    /// (kind, id, state hash) of every object the log vouches for, as stored now.
    pub(crate) async fn tracked_states(&self) -> Result<Vec<(&'static str, String, [u8; 32])>> {
        let mut out = Vec::new();
        let countries: Vec<(String, String, String, String, String)> = on_pool!(&self.db, pool => {
            sqlx::query_as("SELECT code, iso2, name_fr, name_en, currency FROM countries").fetch_all(pool).await?
        });
        for (code, iso2, fr, en, cur) in countries {
            let h = state::country(&code, &iso2, &fr, &en, &cur);
            out.push(("country", code, h));
        }
        let levels: Vec<LevelRow> = on_pool!(&self.db, pool => {
            sqlx::query_as(
                "SELECT country, rank, code, name_fr, name_en, max_years, illustrative, source FROM classification_levels",
            )
            .fetch_all(pool)
            .await?
        });
        for LevelRow {
            country,
            rank,
            code,
            name_fr: fr,
            name_en: en,
            max_years: max,
            illustrative: ill,
            source,
        } in levels
        {
            let h = state::level(&country, rank, &code, &fr, &en, max, ill, &source);
            out.push(("classification_level", state::level_id(&country, rank), h));
        }
        let categories: Vec<state::CategoryRecord> = on_pool!(&self.db, pool => {
            sqlx::query_as(
                "SELECT code, treatment, default_level, tshwane, name_fr, name_en, description_fr, description_en, source \
                 FROM classification_categories",
            )
            .fetch_all(pool)
            .await?
        });
        for c in categories {
            let h = state::category(&c);
            out.push(("classification_category", c.code, h));
        }
        let authorities: Vec<state::AuthorityRecord> = on_pool!(&self.db, pool => {
            sqlx::query_as(
                "SELECT country, level, action, authority_fr, authority_en, illustrative, source FROM classification_authorities",
            )
            .fetch_all(pool)
            .await?
        });
        for a in authorities {
            let h = state::authority(&a);
            out.push((
                "classification_authority",
                state::authority_id(&a.country, &a.level, &a.action),
                h,
            ));
        }
        let institutions: Vec<InstitutionRow> = on_pool!(&self.db, pool => {
            sqlx::query_as("SELECT code, kind, country, acronym, name_fr, name_en, illustrative, source FROM institutions")
                .fetch_all(pool)
                .await?
        });
        for InstitutionRow {
            code,
            kind,
            country,
            acronym,
            name_fr: fr,
            name_en: en,
            illustrative: ill,
            source,
        } in institutions
        {
            let h = state::institution(
                &code,
                &kind,
                country.as_deref(),
                acronym.as_deref(),
                &fr,
                &en,
                ill,
                &source,
            );
            out.push(("institution", code, h));
        }
        let users: Vec<(i64, String, String, bool, String)> = on_pool!(&self.db, pool => {
            sqlx::query_as(
                "SELECT u.id, u.username, i.code, u.disabled, u.password_hash FROM users u \
                 JOIN institutions i ON i.id = u.institution_id",
            )
            .fetch_all(pool)
            .await?
        });
        let roles: Vec<(i64, String)> = on_pool!(&self.db, pool => {
            sqlx::query_as("SELECT user_id, role FROM user_roles").fetch_all(pool).await?
        });
        let mut roles_of: HashMap<i64, Vec<String>> = HashMap::new();
        for (id, role) in roles {
            roles_of.entry(id).or_default().push(role);
        }
        let mut usernames: HashMap<i64, String> = HashMap::new();
        for (id, username, institution, disabled, hash) in users {
            let roles: Vec<&str> = roles_of
                .get(&id)
                .map(|r| r.iter().map(String::as_str).collect())
                .unwrap_or_default();
            out.push((
                "user",
                username.clone(),
                state::user(&username, &institution, &roles, disabled, &hash),
            ));
            usernames.insert(id, username);
        }
        let clearances: Vec<(i64, i32)> = on_pool!(&self.db, pool => {
            sqlx::query_as("SELECT user_id, rank FROM clearances").fetch_all(pool).await?
        });
        for (user_id, rank) in clearances {
            let username = usernames.get(&user_id).cloned().unwrap_or_default();
            let h = state::clearance(&username, rank);
            out.push(("clearance", username, h));
        }
        out.extend(self.documents().states().await?);
        out.extend(self.budget().states().await?);
        out.extend(self.procurement().states().await?);
        out.extend(self.meetings().states().await?);
        out.extend(self.governance().states().await?);
        out.extend(self.conferences().states().await?);
        out.extend(self.findings().states().await?);
        out.extend(self.recommendations().states().await?);
        out.extend(self.second_factor_states().await?);
        let tokens: Vec<TokenStateRow> = on_pool!(&self.db, pool => {
            sqlx::query_as("SELECT id, user_id, label, token_hash, revoked_at IS NOT NULL, scope, expires_at FROM api_tokens")
                .fetch_all(pool)
                .await?
        });
        for (id, user_id, label, hash, revoked, scope, expires_at) in tokens {
            let username = usernames
                .get(&user_id)
                .map(String::as_str)
                .unwrap_or_default();
            out.push((
                "api_token",
                id.to_string(),
                state::api_token(
                    username,
                    &label,
                    &hash,
                    revoked,
                    &scope,
                    expires_at.map(OffsetDateTime::unix_timestamp),
                ),
            ));
        }
        let observations: Vec<(String, ObservationState)> = self.sipri_rows().await?;
        let mut by_dataset: HashMap<String, Vec<ObservationState>> = HashMap::new();
        for (dataset, row) in observations {
            by_dataset.entry(dataset).or_default().push(row);
        }
        for (dataset, rows) in by_dataset {
            let h = state::sipri_dataset(&dataset, &rows);
            out.push(("sipri_dataset", dataset, h));
        }
        let meta: Vec<(String, String)> = on_pool!(&self.db, pool => {
            sqlx::query_as("SELECT key, value FROM instance_meta").fetch_all(pool).await?
        });
        for (key, value) in meta {
            let h = state::meta(&key, &value);
            out.push(("instance_meta", key, h));
        }
        Ok(out)
    }

    pub(crate) async fn sipri_rows(&self) -> Result<Vec<(String, ObservationState)>> {
        #[derive(sqlx::FromRow)]
        struct Row {
            dataset: String,
            #[sqlx(flatten)]
            state: ObservationState,
        }
        let rows: Vec<Row> = on_pool!(&self.db, pool => {
            sqlx::query_as(
                "SELECT dataset, country, year, indicator, value, unit, flag, note_symbol, source FROM sipri_observations",
            )
            .fetch_all(pool)
            .await?
        });
        Ok(rows.into_iter().map(|r| (r.dataset, r.state)).collect())
    }
}

fn entry_problem(index: u64, reason: &str) -> LogProblem {
    LogProblem::Entry {
        index,
        reason: reason.to_owned(),
    }
}

fn checkpoint_problem(size: i64, reason: &str) -> LogProblem {
    checkpoint_problem_u(u64::try_from(size).unwrap_or(0), reason)
}

fn checkpoint_problem_u(size: u64, reason: &str) -> LogProblem {
    LogProblem::Checkpoint {
        size,
        reason: reason.to_owned(),
    }
}
