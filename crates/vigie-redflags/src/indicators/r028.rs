//! R028 — identical bid prices: two submitted bids with the same amount and
//! currency from different sets of tenderers. A tenderer may repeat its own price.

use hashbrown::{HashMap, HashSet};

use crate::indicators::{Code, Ctx, Group};
use crate::model::Release;
use crate::partial::Partial;

pub(crate) fn fold(
    ctx: &Ctx<'_>,
    release: &Release<'_>,
    line: u64,
    ocid: &str,
    partial: &mut Partial,
) {
    if !ctx.compares_prices(release) {
        return;
    }
    let mut prices: HashMap<(u64, &str), HashSet<&str>> = HashMap::new();
    let mut flagged = false;
    let mut tenderers: Vec<&str> = Vec::new();
    for bid in release.submitted_bids() {
        if !bid.tenderers.present {
            continue;
        }
        let Some((amount, currency)) = bid.value.value.money() else {
            continue;
        };
        let ids: HashSet<&str> = bid
            .tenderers
            .items
            .iter()
            .filter_map(|t| t.value.id())
            .collect();
        if ids.is_empty() {
            continue;
        }
        // 0.0 and -0.0 are the same price (ordered_float hashes them alike).
        let key = (if amount == 0.0 { 0 } else { amount.to_bits() }, currency);
        if let Some(other) = prices.get(&key)
            && *other != ids
        {
            flagged = true;
            for id in ids.iter().chain(other) {
                if !tenderers.contains(id) {
                    tenderers.push(id);
                }
            }
        }
        prices.insert(key, ids);
    }
    if flagged {
        partial.flag(line, Group::Ocid, ocid, Code::R028, 1.0);
        for id in tenderers {
            partial.flag(line, Group::Tenderer, id, Code::R028, 1.0);
        }
    }
}
