//! Conference editions: imported whole from one JSON file (all or nothing,
//! logged as one object of kind `conference`), and read back whole.
//!
//! The rules of an edition live in `vigie_domain::conference`; this module
//! adds what only the store knows (which institutions, countries and
//! documents exist), names the line of every problem, and writes the rows.

mod import;
mod read;

pub use read::{ConferenceSummary, StoredEdition};

crate::area::area!(
    /// The conference area (`store.conferences()`): editions, their
    /// programme, roles, participants and documents.
    Conferences,
    conferences
);

/// The state the log records for an edition: every row of it, through the
/// edition's canonical JSON, so that a change to any of them (a session's
/// title, a role, a participant count) no longer matches its last entry.
pub(crate) fn state(edition: &vigie_domain::conference::Edition) -> [u8; 32] {
    let json = serde_json::to_string(edition).unwrap_or_default();
    vigie_ledger::state_hash("conference", &[("edition", json.as_str())])
}
