//! Inclusion and consistency proofs, as RFC 9162 §2.1.3 and §2.1.4 define
//! them, built from the hashes of complete subtrees.
//!
//! Building a proof is split in three so that the store can fetch what it
//! needs in one query: [`inclusion_ranges`] / [`consistency_ranges`] say
//! which leaf ranges' hashes make up the proof, [`range_nodes`] which stored
//! complete subtrees cover a range, and [`range_hash`] folds those into the
//! range's hash. Verification ([`verify_inclusion`], [`verify_consistency`])
//! needs only the proof, the sizes and the roots: it runs offline.

use crate::{Hash, node_hash};

/// A complete subtree: the `2^level` leaves from `index << level`. Level 0
/// is a leaf. Complete subtrees never change once the log has grown past
/// them, which is why they can be stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NodeId {
    /// Height of the subtree; 0 for a leaf.
    pub level: u8,
    /// Position among the subtrees of that height, from the left.
    pub index: u64,
}

impl NodeId {
    /// The first leaf the subtree covers.
    pub fn first_leaf(self) -> u64 {
        self.index << self.level
    }
}

/// Why a proof was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProofError {
    /// The index or sizes cannot describe a proof (`index >= size`, `from > to`).
    #[error("invalid proof request: {0}")]
    Invalid(&'static str),
    /// The proof has the wrong number of hashes.
    #[error("proof has the wrong length")]
    WrongLength,
    /// The hashes do not lead to the expected root.
    #[error("proof does not match the root")]
    RootMismatch,
}

/// The largest power of two strictly below `n` (for `n > 1`).
fn split(n: u64) -> u64 {
    debug_assert!(n > 1);
    1 << (63 - (n - 1).leading_zeros())
}

/// The complete subtrees that make up the leaf range `[start, end)`, left to
/// right, following the tree's own shape (RFC 9162 §2.1.1: split at the
/// largest power of two below the size).
pub fn range_nodes(start: u64, end: u64) -> Vec<NodeId> {
    let mut nodes = Vec::new();
    let mut start = start;
    while start < end {
        let size = end - start;
        let chunk = if size.is_power_of_two() {
            size
        } else {
            split(size)
        };
        debug_assert_eq!(start % chunk, 0, "ranges of the tree are aligned");
        nodes.push(NodeId {
            level: u8::try_from(chunk.trailing_zeros()).unwrap_or(u8::MAX),
            index: start / chunk,
        });
        start += chunk;
    }
    nodes
}

/// The root of a complete subtree from its `2^k` descendants `k` levels
/// down, left to right; `None` unless the count is a power of two.
pub fn subtree_hash(descendants: &[Hash]) -> Option<Hash> {
    if !descendants.len().is_power_of_two() {
        return None;
    }
    let mut level = descendants.to_vec();
    while level.len() > 1 {
        level = level
            .chunks_exact(2)
            .map(|p| node_hash(&p[0], &p[1]))
            .collect();
    }
    level.first().copied()
}

/// The hash of a range, from the hashes of its [`range_nodes`], in order.
pub fn range_hash(node_hashes: &[Hash]) -> Hash {
    let Some((last, rest)) = node_hashes.split_last() else {
        return Hash::empty();
    };
    rest.iter().rev().fold(*last, |acc, h| node_hash(h, &acc))
}

/// The leaf ranges whose hashes form the inclusion proof of leaf `index` in
/// the tree of `size` leaves, in proof order (RFC 9162 §2.1.3.1, `PATH`).
pub fn inclusion_ranges(index: u64, size: u64) -> Result<Vec<(u64, u64)>, ProofError> {
    if index >= size {
        return Err(ProofError::Invalid("index must be below the tree size"));
    }
    let mut out = Vec::new();
    path(index, 0, size, &mut out);
    Ok(out)
}

fn path(m: u64, start: u64, end: u64, out: &mut Vec<(u64, u64)>) {
    let n = end - start;
    if n <= 1 {
        return;
    }
    let k = split(n);
    if m < k {
        path(m, start, start + k, out);
        out.push((start + k, end));
    } else {
        path(m - k, start + k, end, out);
        out.push((start, start + k));
    }
}

/// The leaf ranges whose hashes form the consistency proof from the tree of
/// `from` leaves to the tree of `to` leaves (RFC 9162 §2.1.4.1, `PROOF`).
pub fn consistency_ranges(from: u64, to: u64) -> Result<Vec<(u64, u64)>, ProofError> {
    if from > to {
        return Err(ProofError::Invalid(
            "the older size must not exceed the newer",
        ));
    }
    let mut out = Vec::new();
    if from > 0 && from < to {
        subproof(from, 0, to, true, &mut out);
    }
    Ok(out)
}

fn subproof(m: u64, start: u64, end: u64, whole: bool, out: &mut Vec<(u64, u64)>) {
    let n = end - start;
    if m == n {
        if !whole {
            out.push((start, end));
        }
        return;
    }
    let k = split(n);
    if m <= k {
        subproof(m, start, start + k, whole, out);
        out.push((start + k, end));
    } else {
        subproof(m - k, start + k, end, false, out);
        out.push((start, start + k));
    }
}

/// Checks that `leaf` is leaf `index` of the tree of `size` leaves whose
/// root is `root` (RFC 9162 §2.1.3.2).
pub fn verify_inclusion(
    index: u64,
    size: u64,
    leaf: Hash,
    proof: &[Hash],
    root: Hash,
) -> Result<(), ProofError> {
    if index >= size {
        return Err(ProofError::Invalid("index must be below the tree size"));
    }
    let (mut fn_, mut sn) = (index, size - 1);
    let mut r = leaf;
    for p in proof {
        if sn == 0 {
            return Err(ProofError::WrongLength);
        }
        if fn_ & 1 == 1 || fn_ == sn {
            r = node_hash(p, &r);
            while fn_ & 1 == 0 && fn_ != 0 {
                fn_ >>= 1;
                sn >>= 1;
            }
        } else {
            r = node_hash(&r, p);
        }
        fn_ >>= 1;
        sn >>= 1;
    }
    if sn != 0 {
        return Err(ProofError::WrongLength);
    }
    if r == root {
        Ok(())
    } else {
        Err(ProofError::RootMismatch)
    }
}

/// Checks that the tree of `from` leaves with root `from_root` is a prefix
/// of the tree of `to` leaves with root `to_root` (RFC 9162 §2.1.4.2).
pub fn verify_consistency(
    from: u64,
    to: u64,
    from_root: Hash,
    to_root: Hash,
    proof: &[Hash],
) -> Result<(), ProofError> {
    if from > to {
        return Err(ProofError::Invalid(
            "the older size must not exceed the newer",
        ));
    }
    if from == to || from == 0 {
        if !proof.is_empty() {
            return Err(ProofError::WrongLength);
        }
        return if from == 0 || from_root == to_root {
            Ok(())
        } else {
            Err(ProofError::RootMismatch)
        };
    }
    let mut path: Vec<Hash> = Vec::with_capacity(proof.len() + 1);
    if from.is_power_of_two() {
        path.push(from_root);
    }
    path.extend_from_slice(proof);
    let Some((first, rest)) = path.split_first() else {
        return Err(ProofError::WrongLength);
    };
    let (mut fn_, mut sn) = (from - 1, to - 1);
    while fn_ & 1 == 1 {
        fn_ >>= 1;
        sn >>= 1;
    }
    let (mut fr, mut sr) = (*first, *first);
    for c in rest {
        if sn == 0 {
            return Err(ProofError::WrongLength);
        }
        if fn_ & 1 == 1 || fn_ == sn {
            fr = node_hash(c, &fr);
            sr = node_hash(c, &sr);
            while fn_ & 1 == 0 && fn_ != 0 {
                fn_ >>= 1;
                sn >>= 1;
            }
        } else {
            sr = node_hash(&sr, c);
        }
        fn_ >>= 1;
        sn >>= 1;
    }
    if sn != 0 {
        return Err(ProofError::WrongLength);
    }
    if fr == from_root && sr == to_root {
        Ok(())
    } else {
        Err(ProofError::RootMismatch)
    }
}

#[cfg(test)]
mod tests;
