//! Reading the log: size and root, entries, proofs, tiles, checkpoints.

use time::OffsetDateTime;
use vigie_ledger::tiles::{Tile, entry_bundle};
use vigie_ledger::{
    Checkpoint, Frontier, Hash, NodeId, SigningKey, consistency_ranges, inclusion_ranges,
    range_hash, range_nodes, subtree_hash,
};

use crate::db::on_pool;
use crate::{Result, Store, StoreError};

/// Most entries one call returns.
pub const MAX_ENTRIES: u64 = 1000;

impl Store {
    /// The tree as it stands: its size and the frontier (root included).
    pub async fn log_head(&self) -> Result<Frontier> {
        let (size, bytes): (i64, Vec<u8>) = on_pool!(&self.db, pool => {
            sqlx::query_as("SELECT size, frontier FROM log_head WHERE id = 1").fetch_one(pool).await?
        });
        u64::try_from(size)
            .ok()
            .and_then(|size| Frontier::from_bytes(size, &bytes))
            .ok_or_else(|| StoreError::Corrupt("the log head does not match its size".into()))
    }

    /// The number of entries in the log: the data's version. Every write
    /// (and every read of what is classified) adds an entry, so that what
    /// the store holds is a function of this number; it is public (every
    /// checkpoint publishes it), so answers keyed on it tell nobody more.
    pub async fn data_version(&self) -> Result<u64> {
        let size: i64 = on_pool!(&self.db, pool => {
            sqlx::query_scalar("SELECT size FROM log_head WHERE id = 1").fetch_one(pool).await?
        });
        u64::try_from(size).map_err(|_| StoreError::Corrupt("the log's size is negative".into()))
    }

    /// The current checkpoint, signed: stored the first time it is made
    /// for a size, so that the history of published heads is kept (by the
    /// primary: a replica's store signs and keeps nothing).
    /// Ed25519 signatures are deterministic: the same head always gives the
    /// same text.
    pub async fn log_checkpoint(&self, key: &SigningKey) -> Result<String> {
        let head = self.log_head().await?;
        let checkpoint = Checkpoint {
            origin: key.verifier().name().to_owned(),
            size: head.size(),
            root: head.root(),
        };
        let note = key.sign(&checkpoint);
        if self.read_only {
            // A replica signs the head it has replayed; the primary keeps
            // the history of checkpoints.
            return Ok(note);
        }
        on_pool!(&self.db, pool => {
            sqlx::query("INSERT INTO log_checkpoints (size, note, created_at) VALUES ($1, $2, $3) ON CONFLICT (size) DO NOTHING")
                .bind(to_i64(head.size()))
                .bind(&note)
                .bind(OffsetDateTime::now_utc())
                .execute(pool)
                .await?;
        });
        Ok(note)
    }

    /// Entries `[start, end)` as (index, exact leaf bytes), at most
    /// [`MAX_ENTRIES`] of them.
    pub async fn log_entries(&self, start: u64, end: u64) -> Result<Vec<(u64, Vec<u8>)>> {
        let end = end.min(start.saturating_add(MAX_ENTRIES));
        let rows: Vec<(i64, Vec<u8>)> = on_pool!(&self.db, pool => {
            sqlx::query_as("SELECT idx, leaf FROM log_entries WHERE idx >= $1 AND idx < $2 ORDER BY idx")
                .bind(to_i64(start))
                .bind(to_i64(end))
                .fetch_all(pool)
                .await?
        });
        Ok(rows
            .into_iter()
            .map(|(i, leaf)| (u64::try_from(i).unwrap_or(0), leaf))
            .collect())
    }

    /// The inclusion proof of entry `index` in the tree of `size` entries.
    pub async fn log_inclusion_proof(&self, index: u64, size: u64) -> Result<Vec<Hash>> {
        self.check_size(size).await?;
        let ranges =
            inclusion_ranges(index, size).map_err(|e| StoreError::Conflict(e.to_string()))?;
        self.range_hashes(&ranges).await
    }

    /// The consistency proof from the tree of `from` entries to the tree of `to`.
    pub async fn log_consistency_proof(&self, from: u64, to: u64) -> Result<Vec<Hash>> {
        self.check_size(to).await?;
        let ranges =
            consistency_ranges(from, to).map_err(|e| StoreError::Conflict(e.to_string()))?;
        self.range_hashes(&ranges).await
    }

    /// The bytes of a C2SP tile or entry bundle, or `None` if the tree is
    /// not (yet) large enough for it.
    pub async fn log_tile(&self, tile: Tile) -> Result<Option<Vec<u8>>> {
        if !tile.exists_in(self.log_head().await?.size()) {
            return Ok(None);
        }
        if tile.level.is_none() {
            let (start, end) = tile.entry_range();
            let entries = self.log_entries(start, end).await?;
            return Ok(entry_bundle(
                entries.iter().map(|(_, leaf)| leaf.as_slice()),
            ));
        }
        let nodes = tile.nodes();
        let (Some(first), Some(last)) = (nodes.first(), nodes.last()) else {
            return Ok(None);
        };
        let hashes = self
            .stored_range(first.level, first.index, last.index + 1)
            .await?;
        if hashes.len() != nodes.len() {
            return Err(StoreError::Corrupt(format!(
                "log tile {} is missing hashes",
                tile.path()
            )));
        }
        Ok(Some(hashes.iter().flat_map(|h| h.0).collect()))
    }

    async fn check_size(&self, size: u64) -> Result<()> {
        let current = self.log_head().await?.size();
        if size > current {
            return Err(StoreError::Conflict(format!(
                "the log has {current} entries, not {size}"
            )));
        }
        Ok(())
    }

    async fn range_hashes(&self, ranges: &[(u64, u64)]) -> Result<Vec<Hash>> {
        let mut out = Vec::with_capacity(ranges.len());
        for &(start, end) in ranges {
            out.push(range_hash(
                &self.node_hashes(&range_nodes(start, end)).await?,
            ));
        }
        Ok(out)
    }

    /// The hashes of complete subtrees, in the order asked: read where
    /// stored, folded from the stored level below otherwise.
    pub(crate) async fn node_hashes(&self, ids: &[NodeId]) -> Result<Vec<Hash>> {
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            let base = id.level - id.level % vigie_ledger::tiles::HEIGHT;
            let span = 1u64 << (id.level - base);
            let (first, end) = (id.index * span, (id.index + 1) * span);
            let hashes = self.stored_range(base, first, end).await?;
            let hash = (hashes.len() as u64 == span)
                .then(|| subtree_hash(&hashes))
                .flatten()
                .ok_or_else(|| {
                    StoreError::Corrupt(format!("log node {}/{} is missing", id.level, id.index))
                })?;
            out.push(hash);
        }
        Ok(out)
    }

    /// The stored hashes of subtrees `[first, end)` at a stored level (0:
    /// the leaf hashes), in order, in one query.
    async fn stored_range(&self, level: u8, first: u64, end: u64) -> Result<Vec<Hash>> {
        let rows: Vec<Vec<u8>> = on_pool!(&self.db, pool => {
            if level == 0 {
                sqlx::query_scalar("SELECT leaf_hash FROM log_entries WHERE idx >= $1 AND idx < $2 ORDER BY idx")
                    .bind(to_i64(first))
                    .bind(to_i64(end))
                    .fetch_all(pool)
                    .await?
            } else {
                sqlx::query_scalar("SELECT hash FROM log_nodes WHERE level = $1 AND idx >= $2 AND idx < $3 ORDER BY idx")
                    .bind(i32::from(level))
                    .bind(to_i64(first))
                    .bind(to_i64(end))
                    .fetch_all(pool)
                    .await?
            }
        });
        Ok(rows.iter().filter_map(|b| Hash::from_slice(b)).collect())
    }
}

pub(crate) fn to_i64(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}
