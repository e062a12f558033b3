//! Budgets: importing a ministry's table (all or nothing, idempotent), and
//! the view of a country's budget one reader may have.
//!
//! Secrecy where it belongs, and only there: a classified line counts in
//! every public total (Tshwane Principles: the overall defence budget is
//! public) but its own label and amount reach only readers the policies
//! entitle (`budget-detail`). [`BudgetView`] holds the sums of every line
//! privately (kept at write time, migration 0020) and hands out the visible
//! ones and aggregates; [`Budget::lines`] reads the lines it admits, a page
//! at a time. Nothing else in Vigie reads the `budget_lines` table for
//! display.

mod import;
mod indicators;
mod lines;
mod rows;
mod view;

pub use import::BudgetImport;
pub use indicators::{Indicators, Pefa};
pub use lines::{LinePage, LineQuery};
pub use view::{BudgetView, VisibleLine, Withheld};

crate::area::area!(
    /// The budget area (`store.budget()`): budget lines (imports, the
    /// view one reader may have, indicators) and SIPRI's series.
    Budget,
    budget
);
