//! R035 — all except the winning bid disqualified: one tenderer's valid bids,
//! all awarded to it, and at least `threshold` other tenderers disqualified.
//! Not for several winners: a buyer may aggregate bids into one award.

use hashbrown::HashSet;

use crate::indicators::{Code, Group};
use crate::model::Release;
use crate::partial::Partial;

pub(crate) fn fold(
    release: &Release<'_>,
    line: u64,
    ocid: &str,
    threshold: usize,
    partial: &mut Partial,
) {
    let Some((awards, details)) = release.complete_awards_if_final() else {
        return;
    };
    let suppliers: HashSet<&str> = awards
        .iter()
        .filter(|a| a.suppliers.present)
        .flat_map(|a| a.suppliers.items.iter().filter_map(|s| s.value.id()))
        .collect();
    let mut valid = HashSet::new();
    let mut disqualified = HashSet::new();
    for bid in details.iter().map(|b| &b.value) {
        if !bid.tenderers.present {
            continue;
        }
        let set = match bid.status.get() {
            Some("valid") => &mut valid,
            Some("disqualified") => &mut disqualified,
            _ => continue,
        };
        set.extend(bid.tenderers.items.iter().filter_map(|t| t.value.id()));
    }
    if valid.len() == 1 && valid == suppliers {
        let difference = disqualified.difference(&valid).count();
        if difference >= threshold
            && let Some(id) = valid.iter().next()
        {
            #[expect(clippy::cast_precision_loss, reason = "a count of tenderers")]
            partial.flag(line, Group::Ocid, ocid, Code::R035, difference as f64);
            partial.flag(line, Group::Tenderer, id, Code::R035, 0.0);
        }
    }
}
