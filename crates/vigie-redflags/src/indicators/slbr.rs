//! The second-lowest bid ratio shared by R024 and R058 (Cardinal's
//! `SecondLowestBidRatio`): with exactly one active award, to exactly one
//! supplier, `(lowest other valid bid − winner's lowest bid) / winner's bid`,
//! if the lowest bid won (otherwise price was not the only criterion).
//!
//! Cardinal keeps only the first currency it meets when none is set; workers
//! cannot know which currency comes first in the file, so each process's ratio
//! is computed for each currency of its bids and the merge keeps the first.
//!
//! `[vigie]` options widen what is evaluated: `lots` (each active award of a
//! process with several is a unit), `consortia` (several suppliers and
//! tenderers: the winning bid is the one whose tenderers are the suppliers),
//! `related_bids` (a unit's bids are its award's `relatedBids`), and
//! `exchange_rates` (bids in other currencies converted at their date).

use std::borrow::Cow;

use crate::dates::parse_date;
use crate::indicators::Ctx;
use crate::model::{Award, Bid, Release};
use crate::partial::{Partial, Ratio};

/// An award and the bids that competed for it.
pub(crate) struct Unit<'r, 'a> {
    pub suppliers: Vec<&'r str>,
    pub bids: Vec<&'r Bid<'a>>,
}

/// The units of evaluation: Cardinal's one award with one supplier, or more with `[vigie]` options.
pub(crate) fn units<'r, 'a>(ctx: &Ctx<'_>, release: &'r Release<'a>) -> Vec<Unit<'r, 'a>> {
    let vigie = &ctx.settings.vigie;
    let Some((awards, details)) = release.complete_awards_if_final() else {
        return Vec::new();
    };
    if awards.len() != 1 && !(vigie.lots && awards.len() > 1) {
        return Vec::new();
    }
    awards
        .iter()
        .filter_map(|award| {
            let suppliers: Option<Vec<&str>> =
                award.suppliers.items.iter().map(|s| s.value.id()).collect();
            let mut suppliers = suppliers?;
            // One supplier, as Cardinal, or a consortium of several with `consortia`.
            let usable = suppliers.len() == 1 || (vigie.consortia && suppliers.len() > 1);
            if !usable {
                return None;
            }
            suppliers.sort_unstable();
            Some(Unit {
                suppliers,
                bids: bids_of(ctx, award, details.iter().map(|b| &b.value)),
            })
        })
        .collect()
}

fn bids_of<'r, 'a>(
    ctx: &Ctx<'_>,
    award: &Award<'_>,
    all: impl Iterator<Item = &'r Bid<'a>>,
) -> Vec<&'r Bid<'a>> {
    let related = &award.related_bids.items;
    if ctx.settings.vigie.related_bids && !related.is_empty() {
        all.filter(|b| {
            b.id.get()
                .is_some_and(|id| related.iter().any(|r| r.get() == Some(id)))
        })
        .collect()
    } else {
        all.collect()
    }
}

/// A bid's tenderers (sorted), amount and currency; `None` if Cardinal would not use it.
pub(crate) type Priced<'r> = (Vec<&'r str>, f64, Cow<'r, str>);

/// A bid's value in the settings currency when `[vigie] exchange_rates` can
/// convert it (at the bid's date, else the release's), else as it is.
pub(crate) fn amount<'r>(
    ctx: &Ctx<'_>,
    release: &Release<'_>,
    bid: &'r Bid<'_>,
) -> Option<(f64, Cow<'r, str>)> {
    let (amount, currency) = bid.value.value.money()?;
    if let (Some(target), Some(rates)) = (
        ctx.settings.currency.as_deref(),
        &ctx.settings.vigie.exchange_rates,
    ) && currency != target
        && let Some(date) = bid.date.get().or(release.date.get()).and_then(parse_date)
        && let Some(rate) = rates.rate(currency, date)
    {
        return Some((amount * rate, Cow::Owned(target.to_owned())));
    }
    Some((amount, Cow::Borrowed(currency)))
}

/// Valid bids with a value and one tenderer (any number with `consortia`).
pub(crate) fn valid_bids<'r>(
    ctx: &Ctx<'_>,
    release: &Release<'_>,
    bids: &[&'r Bid<'_>],
) -> Vec<Priced<'r>> {
    bids.iter()
        .filter_map(|bid| {
            let (amount, currency) = amount(ctx, release, bid)?;
            let tenderers = tenderers(ctx, bid)?;
            (bid.status.get() == Some("valid")).then_some((tenderers, amount, currency))
        })
        .collect()
}

/// A bid's tenderer ids, sorted: exactly one, or several with `consortia`.
pub(crate) fn tenderers<'r>(ctx: &Ctx<'_>, bid: &'r Bid<'_>) -> Option<Vec<&'r str>> {
    let items = &bid.tenderers.items;
    let usable = items.len() == 1 || (ctx.settings.vigie.consortia && items.len() > 1);
    if !usable {
        return None;
    }
    let mut ids: Vec<&str> = items.iter().map(|t| t.value.id()).collect::<Option<_>>()?;
    ids.sort_unstable();
    Some(ids)
}

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
    for (index, unit) in units(ctx, release).iter().enumerate() {
        let bids = valid_bids(ctx, release, &unit.bids);
        let Some((_, _, first)) = bids.first() else {
            continue;
        };
        partial.observe_currency(line, 0, first);
        let fixed = ctx.settings.currency.as_deref();
        let mut currencies: Vec<&str> = fixed.into_iter().collect();
        if fixed.is_none() {
            for (_, _, currency) in &bids {
                if !currencies.contains(&currency.as_ref()) {
                    currencies.push(currency);
                }
            }
        }
        for currency in currencies {
            let mut winner: Option<(&Vec<&str>, f64)> = None;
            let mut lowest: Option<(&Vec<&str>, f64)> = None;
            for (tenderers, amount, _) in bids.iter().filter(|b| b.2 == currency) {
                let slot = if *tenderers == unit.suppliers {
                    &mut winner
                } else {
                    &mut lowest
                };
                if slot.is_none_or(|(_, other)| *amount < other) {
                    *slot = Some((tenderers, *amount));
                }
            }
            if let (Some((winner, w)), Some((lowest, l))) = (winner, lowest)
                && l >= w
            {
                let mut names = |ids: &Vec<&str>| ids.iter().map(|s| partial.name(s)).collect();
                let (winner, lowest_non_winner) = (names(winner), names(lowest));
                partial.ratios.push(Ratio {
                    line,
                    unit: index,
                    ocid: ocid.into(),
                    currency: fixed.is_none().then(|| Box::from(currency)),
                    ratio: (l - w) / w,
                    winner,
                    lowest_non_winner,
                });
            }
        }
    }
}
