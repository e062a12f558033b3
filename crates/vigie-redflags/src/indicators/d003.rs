//! D003 — a supplier capturing a buyer: one supplier wins at least
//! `threshold` (0.5) of a buyer's awarded value, counted only for buyers with
//! at least `minimum_contracting_processes` (3) processes, so that a buyer
//! with one contract does not flag its only supplier. The value is the
//! highest share. (The fold also feeds D004.)

use crate::defence::{award_date, money};
use crate::indicators::{Code, Ctx, Group};
use crate::model::Release;
use crate::partial::Partial;
use crate::report::Results;
use crate::settings::DFlag;

pub(crate) fn fold(ctx: &Ctx<'_>, release: &Release<'_>, partial: &mut Partial) {
    let Some(buyer) = release.buyer.value.id() else {
        return;
    };
    let consortia = ctx.settings.vigie.consortia;
    let mut counted = Vec::new();
    for award in release.awards.items.iter().map(|a| &a.value) {
        if award.status.get() != Some("active") {
            continue;
        }
        let suppliers: Vec<&str> = award
            .suppliers
            .items
            .iter()
            .filter_map(|s| s.value.id())
            .collect();
        if suppliers.is_empty() || (suppliers.len() > 1 && !consortia) {
            continue;
        }
        let Some((amount, currency)) = money(ctx, &award.value.value, award_date(release, award))
        else {
            continue;
        };
        #[expect(clippy::cast_precision_loss, reason = "a handful of suppliers")]
        let share = amount / suppliers.len() as f64;
        let spend = partial
            .defence
            .by_buyer
            .entry((buyer.to_owned(), currency.clone()))
            .or_default();
        if !counted.contains(&currency) {
            spend.processes += 1;
            counted.push(currency);
        }
        spend.total += amount;
        for supplier in suppliers {
            *spend.suppliers.entry(supplier.to_owned()).or_default() += share;
            let owners = release
                .party(supplier)
                .map(|p| &p.beneficial_owners.items[..])
                .unwrap_or_default();
            for owner in owners.iter().filter_map(|o| o.value.id()) {
                let entry = spend.owners.entry(owner.to_owned()).or_default();
                entry.0 += share;
                if !entry.1.iter().any(|s| s == supplier) {
                    entry.1.push(supplier.to_owned());
                }
            }
        }
    }
}

pub(crate) fn finalize(flag: &DFlag, partial: &Partial, out: &mut Results) {
    let threshold = flag.threshold.unwrap_or(0.5);
    let minimum = flag.minimum_contracting_processes.unwrap_or(3);
    let mut shares: Vec<(&String, f64)> = Vec::new();
    for spend in partial.defence.by_buyer.values() {
        if spend.processes < minimum || spend.total <= 0.0 {
            continue;
        }
        for (supplier, amount) in &spend.suppliers {
            let share = amount / spend.total;
            if share >= threshold {
                match shares.iter_mut().find(|(s, _)| *s == supplier) {
                    Some(entry) => entry.1 = entry.1.max(share),
                    None => shares.push((supplier, share)),
                }
            }
        }
    }
    shares.sort_by(|a, b| a.0.cmp(b.0));
    for (supplier, share) in shares {
        out.set(Group::Tenderer, supplier, Code::D003, share);
    }
}
