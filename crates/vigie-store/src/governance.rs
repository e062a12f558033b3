//! Governance: the inventory of oversight institutions (profiles with legal
//! bases, access powers and reporting lines) and the assessment frameworks
//! with their assessments per country and year (issue 7, items 1 and 2).
//!
//! Imported from JSON files all or nothing, each record vouched for by the
//! log (`institution_profile`, `assessment_framework`, `assessment`). How
//! each is stored, and why, is in [`records`].

mod import;
mod read;
mod records;

crate::area::area!(
    /// The governance area (`store.governance()`): institution profiles,
    /// assessment frameworks and assessments.
    Governance,
    governance
);
