//! D005 — amendments inflating a contract: from the first amendment's
//! `previousValue` to the last amendment's `newValue` (same currency), the
//! value rises by more than `threshold` (0.25, i.e. 25 %). The value is the
//! largest rise. Post-award inflation hides the real price from the competition.

use crate::indicators::{Code, Group};
use crate::model::Release;
use crate::partial::Partial;
use crate::settings::DFlag;

pub(crate) fn fold(
    flag: &DFlag,
    release: &Release<'_>,
    line: u64,
    ocid: &str,
    partial: &mut Partial,
) {
    let threshold = flag.threshold.unwrap_or(0.25);
    let mut largest: Option<f64> = None;
    for contract in release.contracts() {
        let amendments = &contract.amendments.items;
        let before = amendments
            .iter()
            .find_map(|a| a.value.previous_value.value.money());
        let after = amendments
            .iter()
            .rev()
            .find_map(|a| a.value.new_value.value.money());
        if let (Some((before, c1)), Some((after, c2))) = (before, after)
            && c1 == c2
            && before > 0.0
        {
            let rise = (after - before) / before;
            if rise > threshold && largest.is_none_or(|l| rise > l) {
                largest = Some(rise);
            }
        }
    }
    if let Some(rise) = largest {
        partial.flag(line, Group::Ocid, ocid, Code::D005, rise);
    }
}
