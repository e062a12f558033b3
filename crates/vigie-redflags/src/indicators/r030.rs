//! R030 — late bid won: a valid bid dated after `tender/tenderPeriod/endDate`
//! from a tenderer that is a supplier of an active award. Cardinal compares
//! the dates as text; `[vigie] parse_dates` compares instants.

use hashbrown::HashSet;
use std::cmp::Ordering;

use crate::dates::compare;
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
    let Some(end) = release.tender.value.tender_period.value.end_date.get() else {
        return;
    };
    let details = &release.bids.value.details;
    if !release.awards.present || !release.bids.present || !details.present {
        return;
    }
    let suppliers: HashSet<&str> = release
        .awards
        .items
        .iter()
        .map(|a| &a.value)
        .filter(|a| a.status.get() == Some("active") && a.suppliers.present)
        .flat_map(|a| a.suppliers.items.iter().filter_map(|s| s.value.id()))
        .collect();
    let parse = ctx.settings.vigie.parse_dates;
    for bid in details.items.iter().map(|b| &b.value) {
        let Some(date) = bid.date.get() else { continue };
        if bid.status.get() != Some("valid") || !bid.tenderers.present {
            continue;
        }
        if compare(date, end, parse) != Ordering::Greater {
            continue;
        }
        for id in bid.tenderers.items.iter().filter_map(|t| t.value.id()) {
            if suppliers.contains(id) {
                partial.flag(line, Group::Ocid, ocid, Code::R030, 1.0);
                partial.flag(line, Group::Tenderer, id, Code::R030, 1.0);
            }
        }
    }
}
