#![doc = include_str!("../README.md")]
#![deny(missing_docs)]

mod checkpoint;
mod entry;
mod frontier;
mod hash;
mod proof;
mod state;
pub mod tiles;

pub use checkpoint::{Checkpoint, CheckpointError, SigningKey, VerifierKey};
pub use entry::{Decision, Entry, EntryError};
pub use frontier::Frontier;
pub use hash::{Hash, leaf_hash, node_hash};
pub use proof::{
    NodeId, ProofError, consistency_ranges, inclusion_ranges, range_hash, range_nodes,
    subtree_hash, verify_consistency, verify_inclusion,
};
pub use state::state_hash;
