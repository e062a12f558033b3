//! D006 — paid before delivery: a contract's payment (`implementation/
//! transactions/date`) is earlier than its first recorded delivery
//! (`milestones` of type `delivery`, status `met`, `dateMet`). Contracts
//! without a recorded delivery are not judged. The value is the number of
//! such payments. Advance payments exist, but must be visible and explained.

use std::cmp::Ordering;

use crate::dates::compare;
use crate::indicators::{Code, Group};
use crate::model::Release;
use crate::partial::Partial;

pub(crate) fn fold(release: &Release<'_>, line: u64, ocid: &str, partial: &mut Partial) {
    let mut early = 0_u32;
    for contract in release.contracts() {
        let implementation = &contract.implementation.value;
        let delivery = implementation
            .milestones
            .items
            .iter()
            .map(|m| &m.value)
            .filter(|m| m.kind.get() == Some("delivery") && m.status.get() == Some("met"))
            .filter_map(|m| m.date_met.get())
            .min_by(|a, b| compare(a, b, true));
        let Some(delivery) = delivery else { continue };
        early += u32::try_from(
            implementation
                .transactions
                .items
                .iter()
                .filter_map(|t| t.value.date.get())
                .filter(|date| compare(date, delivery, true) == Ordering::Less)
                .count(),
        )
        .unwrap_or(u32::MAX);
    }
    if early > 0 {
        partial.flag(line, Group::Ocid, ocid, Code::D006, f64::from(early));
    }
}
