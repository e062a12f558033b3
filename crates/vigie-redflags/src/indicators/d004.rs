//! D004 — one owner behind several suppliers: suppliers sharing a
//! beneficial owner (`parties/beneficialOwners`) together win at least
//! `threshold` (0.5) of a buyer's awarded value (buyers with at least
//! `minimum_contracting_processes`, 3, processes). At least two suppliers
//! are needed: one supplier alone is D003. Each is flagged with the share.

use crate::indicators::{Code, Group};
use crate::partial::Partial;
use crate::report::Results;
use crate::settings::DFlag;

pub(crate) fn finalize(flag: &DFlag, partial: &Partial, out: &mut Results) {
    let threshold = flag.threshold.unwrap_or(0.5);
    let minimum = flag.minimum_contracting_processes.unwrap_or(3);
    let mut shares: Vec<(&String, f64)> = Vec::new();
    for spend in partial.defence.by_buyer.values() {
        if spend.processes < minimum || spend.total <= 0.0 {
            continue;
        }
        for (amount, suppliers) in spend.owners.values() {
            let share = amount / spend.total;
            if suppliers.len() < 2 || share < threshold {
                continue;
            }
            for supplier in suppliers {
                match shares.iter_mut().find(|(s, _)| *s == supplier) {
                    Some(entry) => entry.1 = entry.1.max(share),
                    None => shares.push((supplier, share)),
                }
            }
        }
    }
    shares.sort_by(|a, b| a.0.cmp(b.0));
    for (supplier, share) in shares {
        out.set(Group::Tenderer, supplier, Code::D004, share);
    }
}
