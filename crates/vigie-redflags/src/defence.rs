//! What the defence flags (decision 0011) share: money in the settings
//! currency, the value of a process, and the compact cross-process
//! aggregates (per buyer and year, per buyer and supplier, near-threshold
//! contracts, founding dates).

use std::collections::HashMap;

use time::Date;

use crate::dates::parse_date;
use crate::indicators::{Ctx, d001, d002, d003, d005, d006, d007, d008, d009};
use crate::model::{Release, Value};
use crate::partial::Partial;

/// Money for comparisons: in the settings currency (converted at `date` with
/// `[vigie] exchange_rates`), or, without a settings currency, in its own
/// currency (then only ratios within one currency are formed).
pub(crate) fn money(ctx: &Ctx<'_>, value: &Value<'_>, date: Option<Date>) -> Option<(f64, String)> {
    let (amount, currency) = value.money()?;
    match ctx.settings.currency.as_deref() {
        None => Some((amount, currency.to_owned())),
        Some(target) if target == currency => Some((amount, currency.to_owned())),
        Some(target) => {
            let rate = ctx
                .settings
                .vigie
                .exchange_rates
                .as_ref()?
                .rate(currency, date?)?;
            Some((amount * rate, target.to_owned()))
        }
    }
}

/// The date of an award: its own, else the release's.
pub(crate) fn award_date(release: &Release<'_>, award: &crate::model::Award<'_>) -> Option<Date> {
    award.date.get().or(release.date.get()).and_then(parse_date)
}

/// The value of a process: the sum of its active awards (one currency), else `tender/value`.
pub(crate) fn process_value(ctx: &Ctx<'_>, release: &Release<'_>) -> Option<(f64, String)> {
    let mut total: Option<(f64, String)> = None;
    for award in release.awards.items.iter().map(|a| &a.value) {
        if award.status.get() != Some("active") {
            continue;
        }
        let Some((amount, currency)) = money(ctx, &award.value.value, award_date(release, award))
        else {
            continue;
        };
        match &mut total {
            None => total = Some((amount, currency)),
            Some((sum, c)) if *c == currency => *sum += amount,
            Some(_) => return None,
        }
    }
    total.or_else(|| {
        let date = release.date.get().and_then(parse_date);
        money(ctx, &release.tender.value.value.value, date)
    })
}

/// One buyer's awarded value in one currency, by supplier and beneficial owner.
#[derive(Debug, Default, Clone)]
pub(crate) struct BuyerSpend {
    pub total: f64,
    pub processes: usize,
    pub suppliers: HashMap<String, f64>,
    pub owners: HashMap<String, (f64, Vec<String>)>,
}

/// A contract just under the D007 threshold.
#[derive(Debug, Clone)]
pub(crate) struct NearThreshold {
    pub line: u64,
    pub ocid: String,
    pub buyer: String,
    pub supplier: String,
    pub date: Date,
}

#[derive(Debug, Default)]
pub(crate) struct Aggregates {
    /// D002: (buyer, year, currency) → (derogatory value, total value).
    pub by_year: HashMap<(String, i32, String), (f64, f64)>,
    /// D003, D004: (buyer, currency) → spend.
    pub by_buyer: HashMap<(String, String), BuyerSpend>,
    pub near_threshold: Vec<NearThreshold>,
    /// D008: earliest founding date and earliest award date per supplier.
    pub founded: HashMap<String, Date>,
    pub first_award: HashMap<String, Date>,
}

impl Aggregates {
    pub fn merge(&mut self, other: Aggregates) {
        for (key, (derogatory, total)) in other.by_year {
            let entry = self.by_year.entry(key).or_default();
            entry.0 += derogatory;
            entry.1 += total;
        }
        for (key, spend) in other.by_buyer {
            let entry = self.by_buyer.entry(key).or_default();
            entry.total += spend.total;
            entry.processes += spend.processes;
            for (id, amount) in spend.suppliers {
                *entry.suppliers.entry(id).or_default() += amount;
            }
            for (id, (amount, suppliers)) in spend.owners {
                let owner = entry.owners.entry(id).or_default();
                owner.0 += amount;
                for supplier in suppliers {
                    if !owner.1.contains(&supplier) {
                        owner.1.push(supplier);
                    }
                }
            }
        }
        self.near_threshold.extend(other.near_threshold);
        for (mine, theirs) in [
            (&mut self.founded, other.founded),
            (&mut self.first_award, other.first_award),
        ] {
            for (id, date) in theirs {
                let entry = mine.entry(id).or_insert(date);
                *entry = (*entry).min(date);
            }
        }
    }
}

/// Folds the enabled D flags.
pub(crate) fn fold(
    ctx: &Ctx<'_>,
    release: &Release<'_>,
    line: u64,
    ocid: &str,
    partial: &mut Partial,
) {
    let d = &ctx.settings.d;
    if d[0].is_some() {
        d001::fold(release, line, ocid, partial);
    }
    if d[1].is_some() {
        d002::fold(ctx, release, partial);
    }
    if d[2].is_some() || d[3].is_some() {
        d003::fold(ctx, release, partial);
    }
    if let Some(flag) = &d[4] {
        d005::fold(flag, release, line, ocid, partial);
    }
    if d[5].is_some() {
        d006::fold(release, line, ocid, partial);
    }
    if let Some(flag) = &d[6] {
        d007::fold(ctx, flag, release, line, ocid, partial);
    }
    if d[7].is_some() {
        d008::fold(release, partial);
    }
    if let Some(flag) = &d[8] {
        d009::fold(ctx, flag, release, line, ocid, partial);
    }
}

/// Whether a text field is missing or blank.
pub(crate) fn blank(text: Option<&str>) -> bool {
    text.is_none_or(|t| t.trim().is_empty())
}
