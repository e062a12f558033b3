//! The tamper-evident log in the database: every write appends entries in
//! the same transaction as the change it records.
//!
//! The tree itself is `vigie-ledger`'s business; this module stores it:
//! leaves in `log_entries`, complete subtrees in `log_nodes`, the right edge
//! in `log_head`, signed checkpoints in `log_checkpoints`. No code path
//! updates or deletes those rows.

mod append;
mod key;
mod read;
pub mod state;
mod verify;

use vigie_domain::{InstitutionCode, Username};
pub use vigie_ledger::Decision;

pub(crate) use append::LogConn;
pub(crate) use key::write_private;
pub use key::{KEY_FILE, load_or_create_signing_key, load_signing_key};
pub use verify::{LogProblem, VerifyReport};

/// Whether a complete subtree's hash is kept in `log_nodes`: those at the
/// C2SP tile levels (heights 8, 16, …). Any other is folded from at most
/// 128 stored hashes below it (leaf hashes live in `log_entries`), which
/// keeps appends to about one row per entry.
pub(crate) fn is_stored(node: vigie_ledger::NodeId) -> bool {
    node.level > 0 && node.level.is_multiple_of(vigie_ledger::tiles::HEIGHT)
}

/// Who a log entry says acted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Actor {
    /// A signed-in user.
    User {
        /// Their username.
        username: Username,
        /// Their institution.
        institution: InstitutionCode,
    },
    /// Someone at the server's command line (`vigie user add`…).
    Cli,
    /// Vigie itself (demo load, scheduled tasks, first log of a database
    /// that predates the log).
    System,
    /// Someone not signed in (a refused look at a classified document).
    Public,
}

impl Actor {
    /// The acting user of a session or token.
    pub fn user(user: &crate::User) -> Actor {
        Actor::User {
            username: user.username.clone(),
            institution: user.institution.clone(),
        }
    }

    /// (user, institution) as entries record them. `@cli` and `@system`
    /// cannot be usernames, which never start with `@`.
    pub(crate) fn names(&self) -> (String, String) {
        match self {
            Actor::User {
                username,
                institution,
            } => (username.to_string(), institution.to_string()),
            Actor::Cli => ("@cli".into(), String::new()),
            Actor::System => ("@system".into(), String::new()),
            Actor::Public => ("@public".into(), String::new()),
        }
    }
}

/// One change to record: what was done to which object, and the hash of
/// the object's state afterwards (`None` for a deletion or an event).
#[derive(Debug, Clone)]
pub(crate) struct Change {
    pub action: &'static str,
    pub object_type: &'static str,
    pub object_id: String,
    pub state: Option<[u8; 32]>,
    pub decision: Option<Decision>,
}

impl Change {
    pub fn new(
        action: &'static str,
        object_type: &'static str,
        object_id: impl Into<String>,
        state: Option<[u8; 32]>,
    ) -> Self {
        Change {
            action,
            object_type,
            object_id: object_id.into(),
            state,
            decision: None,
        }
    }
}

/// An event to log that changes no tracked object: a read of classified
/// material, an access decision, a sign-in.
#[derive(Debug, Clone)]
pub struct Event {
    /// What was done (`read`, `decide`…).
    pub action: &'static str,
    /// The kind of object it concerns.
    pub object_type: &'static str,
    /// The object's id.
    pub object_id: String,
    /// The policy decision taken, if any.
    pub decision: Option<Decision>,
}

impl crate::Store {
    /// Appends events to the log, in one transaction, and returns the index
    /// of the first. For actions that change no stored object; changes are
    /// logged by the `Store` method that makes them.
    pub async fn record_events(&self, actor: &Actor, events: &[Event]) -> crate::Result<u64> {
        let changes: Vec<Change> = events
            .iter()
            .map(|e| Change {
                action: e.action,
                object_type: e.object_type,
                object_id: e.object_id.clone(),
                state: None,
                decision: e.decision.clone(),
            })
            .collect();
        let first = crate::db::on_pool!(&self.db, pool => {
            let mut tx = crate::db::BeginWrite::begin_write(pool).await?;
            // The index is the one `append` read under the head's lock: one
            // read before it could be overtaken by another writer.
            let first = tx.append(actor, &changes).await?;
            tx.commit().await?;
            first
        });
        Ok(first)
    }

    /// A database that predates the log (or was filled by hand) gets a
    /// first series of entries recording its objects as found, by the
    /// system, so that from then on every change is covered. Does nothing
    /// once the log has entries.
    pub(crate) async fn log_existing_state(&self) -> crate::Result<()> {
        if self.log_head().await?.size() > 0 {
            return Ok(());
        }
        let changes: Vec<Change> = self
            .tracked_states()
            .await?
            .into_iter()
            .map(|(kind, id, state)| Change::new("record_existing", kind, id, Some(state)))
            .collect();
        if changes.is_empty() {
            return Ok(());
        }
        crate::db::on_pool!(&self.db, pool => {
            let mut tx = crate::db::BeginWrite::begin_write(pool).await?;
            let size: i64 = sqlx::query_scalar("SELECT size FROM log_head WHERE id = 1").fetch_one(&mut *tx).await?;
            if size == 0 {
                tx.append(&Actor::System, &changes).await?;
            }
            tx.commit().await?;
        });
        Ok(())
    }
}
