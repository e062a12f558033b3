//! Procurement: contracting processes as OCDS compiled releases (decision
//! 0011), imported all or nothing, and seen by each reader without the
//! fields their clearance does not reach.
//!
//! Secrecy where it belongs: a field named by the process's `classification`
//! list is removed from the compiled release before anything is derived from
//! it for a reader who may not see it — page, download and red flags alike.
//! [`ProcessView`] is the only way out of the `procurement_processes` table
//! for display, and it is built redacted.

mod compiled;
pub mod dashboard;
pub mod flags;
mod import;
pub mod overview;
pub(crate) mod packed;
mod view;

pub use compiled::{Classified, award_supplier_ids, listed_day};
pub use import::ProcurementImport;
pub use view::{ListKey, ProcessView, ProcurementView, WithheldField};

crate::area::area!(
    /// The procurement area (`store.procurement()`): OCDS releases,
    /// compiled processes, the dashboard, suppliers and their flags.
    Procurement,
    procurement
);
