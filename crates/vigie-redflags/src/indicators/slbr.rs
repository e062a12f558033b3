//! The second-lowest bid ratio shared by R024 and R058 (Cardinal's
//! `SecondLowestBidRatio`): with exactly one active award, to exactly one
//! supplier, `(lowest other valid bid − winner's lowest bid) / winner's bid`,
//! if the lowest bid won (otherwise price was not the only criterion).
//!
//! Cardinal keeps only the first currency it meets when none is set; workers
//! cannot know which currency comes first in the file, so each process's ratio
//! is computed for each currency of its bids and the merge keeps the first.

use crate::indicators::Ctx;
use crate::lenient::Obj;
use crate::model::{Bid, Release};
use crate::partial::{Partial, Ratio};

/// (tenderer, amount, currency) of valid bids with one tenderer and a value.
pub(crate) fn valid_bids<'r>(details: &'r [Obj<Bid<'_>>]) -> Vec<(&'r str, f64, &'r str)> {
    details
        .iter()
        .filter_map(|bid| {
            let bid = &bid.value;
            let (amount, currency) = bid.value.value.money()?;
            let [tenderer] = &bid.tenderers.items[..] else {
                return None;
            };
            let id = tenderer.value.id()?;
            (bid.status.get() == Some("valid")).then_some((id, amount, currency))
        })
        .collect()
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
    let Some((awards, details)) = release.complete_awards_if_final() else {
        return;
    };
    let [award] = &awards[..] else { return };
    let [supplier] = &award.suppliers.items[..] else {
        return;
    };
    let Some(supplier) = supplier.value.id() else {
        return;
    };
    let bids = valid_bids(details);
    let Some(&(_, _, first)) = bids.first() else {
        return;
    };
    partial.observe_currency(line, 0, first);

    let fixed = ctx.settings.currency.as_deref();
    let mut currencies: Vec<&str> = Vec::new();
    match fixed {
        Some(currency) => currencies.push(currency),
        None => {
            for &(_, _, currency) in &bids {
                if !currencies.contains(&currency) {
                    currencies.push(currency);
                }
            }
        }
    }
    for currency in currencies {
        let mut winner: Option<(&str, f64)> = None;
        let mut lowest: Option<(&str, f64)> = None;
        for &(tenderer, amount, _) in bids.iter().filter(|b| b.2 == currency) {
            let slot = if tenderer == supplier {
                &mut winner
            } else {
                &mut lowest
            };
            if slot.is_none_or(|(_, other)| amount < other) {
                *slot = Some((tenderer, amount));
            }
        }
        if let (Some((winner, w)), Some((lowest, l))) = (winner, lowest)
            && l >= w
        {
            partial.ratios.push(Ratio {
                line,
                ocid: ocid.to_owned(),
                currency: fixed.is_none().then(|| currency.to_owned()),
                ratio: (l - w) / w,
                winner: winner.to_owned(),
                lowest_non_winner: lowest.to_owned(),
            });
        }
    }
}
