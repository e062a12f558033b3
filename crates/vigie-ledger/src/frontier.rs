//! The right edge of the tree: what appending needs.

use crate::proof::range_nodes;
use crate::{Hash, NodeId, node_hash, range_hash};

/// The complete subtrees that make up the whole tree, left to right (one
/// per bit set in the size, so at most 64). Enough to append a leaf, to
/// name the subtrees the append completes, and to compute the root —
/// without reading anything else.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Frontier {
    size: u64,
    nodes: Vec<(NodeId, Hash)>,
}

impl Frontier {
    /// The complete subtrees a frontier of `size` leaves consists of: the
    /// store fetches their hashes to rebuild it with [`Frontier::from_nodes`].
    pub fn node_ids(size: u64) -> Vec<NodeId> {
        range_nodes(0, size)
    }

    /// Rebuilds a frontier from its subtrees' hashes, in [`Frontier::node_ids`] order.
    pub fn from_nodes(size: u64, hashes: &[Hash]) -> Option<Frontier> {
        let ids = Frontier::node_ids(size);
        (ids.len() == hashes.len()).then(|| Frontier {
            size,
            nodes: ids.into_iter().zip(hashes.iter().copied()).collect(),
        })
    }

    /// The frontier as stored: its hashes, concatenated.
    pub fn to_bytes(&self) -> Vec<u8> {
        self.nodes.iter().flat_map(|(_, h)| h.0).collect()
    }

    /// Reads a stored frontier back; `None` if the bytes do not fit the size.
    pub fn from_bytes(size: u64, bytes: &[u8]) -> Option<Frontier> {
        if !bytes.len().is_multiple_of(32) {
            return None;
        }
        let hashes: Vec<Hash> = bytes
            .chunks_exact(32)
            .filter_map(Hash::from_slice)
            .collect();
        Frontier::from_nodes(size, &hashes)
    }

    /// How many leaves the tree has.
    pub fn size(&self) -> u64 {
        self.size
    }

    /// The root of the tree.
    pub fn root(&self) -> Hash {
        let hashes: Vec<Hash> = self.nodes.iter().map(|(_, h)| *h).collect();
        range_hash(&hashes)
    }

    /// Appends a leaf hash; returns the interior nodes (level ≥ 1) this
    /// completes, lowest first, for the store to keep.
    pub fn push(&mut self, leaf: Hash) -> Vec<(NodeId, Hash)> {
        let mut completed = Vec::new();
        let mut node = (
            NodeId {
                level: 0,
                index: self.size,
            },
            leaf,
        );
        // Like a binary increment: merge while the last subtree has the
        // same height as the new one.
        while let Some(&(left_id, left_hash)) = self.nodes.last() {
            if left_id.level != node.0.level {
                break;
            }
            self.nodes.pop();
            node = (
                NodeId {
                    level: left_id.level + 1,
                    index: left_id.index / 2,
                },
                node_hash(&left_hash, &node.1),
            );
            completed.push(node);
        }
        self.nodes.push(node);
        self.size += 1;
        completed
    }
}
