//! D002 — a buyer whose derogatory spending dominates: in some year, the
//! value of its derogatory-regime processes is at least `threshold` (0.5) of
//! the value of all its processes. The value is the highest yearly share.
//! The exception becoming the rule is the pattern audits of defence
//! procurement in the Sahel keep finding.

use crate::defence::{award_date, process_value};
use crate::indicators::{Code, Ctx, Group};
use crate::model::Release;
use crate::partial::Partial;
use crate::report::Results;
use crate::settings::DFlag;

pub(crate) fn fold(ctx: &Ctx<'_>, release: &Release<'_>, partial: &mut Partial) {
    let Some(buyer) = release.buyer.value.id() else {
        return;
    };
    let Some((amount, currency)) = process_value(ctx, release) else {
        return;
    };
    let date = release
        .awards
        .items
        .iter()
        .map(|a| &a.value)
        .filter(|a| a.status.get() == Some("active"))
        .find_map(|a| award_date(release, a))
        .or_else(|| release.date.get().and_then(crate::dates::parse_date));
    let Some(date) = date else { return };
    let entry = partial
        .defence
        .by_year
        .entry((buyer.to_owned(), date.year(), currency))
        .or_default();
    if release.is_derogatory() {
        entry.0 += amount;
    }
    entry.1 += amount;
}

pub(crate) fn finalize(flag: &DFlag, partial: &Partial, out: &mut Results) {
    let threshold = flag.threshold.unwrap_or(0.5);
    let mut shares: Vec<(&String, f64)> = Vec::new();
    for ((buyer, _, _), (derogatory, total)) in &partial.defence.by_year {
        if *total > 0.0 && derogatory / total >= threshold {
            let share = derogatory / total;
            match shares.iter_mut().find(|(b, _)| *b == buyer) {
                Some(entry) => entry.1 = entry.1.max(share),
                None => shares.push((buyer, share)),
            }
        }
    }
    shares.sort_by(|a, b| a.0.cmp(b.0));
    for (buyer, share) in shares {
        out.set(Group::Buyer, buyer, Code::D002, share);
    }
}
