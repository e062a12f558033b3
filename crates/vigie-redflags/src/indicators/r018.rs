//! R018 — single bid received: `tender/numberOfTenderers` is 1 in an open or
//! selective process (methods configurable). With `[vigie] r018_sources`, a
//! process without that field falls back to the number of `tender/tenderers`,
//! else to the distinct tenderers of its submitted bids.

use hashbrown::HashSet;

use crate::indicators::{Code, Ctx, Group};
use crate::lenient::Num;
use crate::model::Release;
use crate::partial::Partial;

pub(crate) fn fold(
    ctx: &Ctx<'_>,
    release: &Release<'_>,
    line: u64,
    ocid: &str,
    partial: &mut Partial,
) {
    if !Ctx::matches_method(release, &ctx.r018_methods) {
        return;
    }
    let tender = &release.tender.value;
    let count = match tender.number_of_tenderers {
        // Cardinal: `as_u64().unwrap_or_default()` of any JSON number.
        Num::Absent => {
            if !ctx.settings.vigie.r018_sources {
                return;
            }
            if tender.tenderers.present {
                tender.tenderers.items.len() as u64
            } else {
                let ids: HashSet<&str> = release
                    .submitted_bids()
                    .flat_map(|b| b.tenderers.items.iter().filter_map(|t| t.value.id()))
                    .collect();
                if ids.is_empty() {
                    return;
                }
                ids.len() as u64
            }
        }
        number => number.as_u64().unwrap_or_default(),
    };
    if count == 1 {
        partial.flag(line, Group::Ocid, ocid, Code::R018, 1.0);
    }
}
