//! D008 — newly founded supplier: a supplier registered
//! (`parties/details/foundingDate`) less than `days` (180) before its first
//! award in the data. The value is the number of days. Shell companies made
//! for one contract are a classic of arms and equipment procurement.

use crate::dates::{days_between, parse_date};
use crate::defence::award_date;
use crate::indicators::{Code, Group};
use crate::model::Release;
use crate::partial::Partial;
use crate::report::Results;
use crate::settings::DFlag;

pub(crate) fn fold(release: &Release<'_>, partial: &mut Partial) {
    for award in release.awards.items.iter().map(|a| &a.value) {
        if award.status.get() != Some("active") {
            continue;
        }
        let Some(date) = award_date(release, award) else {
            continue;
        };
        for supplier in award.suppliers.items.iter().filter_map(|s| s.value.id()) {
            let entry = partial
                .defence
                .first_award
                .entry(supplier.to_owned())
                .or_insert(date);
            *entry = (*entry).min(date);
            let founded = release
                .party(supplier)
                .and_then(|p| p.details.value.founding_date.get())
                .and_then(parse_date);
            if let Some(founded) = founded {
                let entry = partial
                    .defence
                    .founded
                    .entry(supplier.to_owned())
                    .or_insert(founded);
                *entry = (*entry).min(founded);
            }
        }
    }
}

pub(crate) fn finalize(flag: &DFlag, partial: &Partial, out: &mut Results) {
    let limit = flag.days.unwrap_or(180);
    let mut young: Vec<(&String, i64)> = partial
        .defence
        .founded
        .iter()
        .filter_map(|(id, founded)| {
            let first = partial.defence.first_award.get(id)?;
            let days = days_between(*founded, *first);
            (days < limit).then_some((id, days))
        })
        .collect();
    young.sort();
    for (id, days) in young {
        #[expect(clippy::cast_precision_loss, reason = "a number of days")]
        out.set(Group::Tenderer, id, Code::D008, days as f64);
    }
}
