//! R036 — lowest bid disqualified: the lowest submitted bid (in the currency)
//! is disqualified while a valid bid with a value exists, in a process with an
//! active award. Candidates are kept per currency until the merge knows the
//! file's currency (see `slbr`).

use std::borrow::Cow;

use crate::indicators::{Ctx, slbr};
use crate::model::Release;
use crate::partial::{Candidate, Partial};

pub(crate) fn fold(
    ctx: &Ctx<'_>,
    release: &Release<'_>,
    line: u64,
    ocid: &str,
    partial: &mut Partial,
) {
    if !ctx.compares_prices(release) || !release.awards.present {
        return;
    }
    if !release
        .awards
        .items
        .iter()
        .any(|a| a.value.status.get() == Some("active"))
    {
        return;
    }
    // Converted at the bid's date with `[vigie] exchange_rates`.
    let bids: Vec<(&str, f64, Cow<'_, str>)> = release
        .submitted_bids()
        .filter_map(|b| {
            let (amount, currency) = slbr::amount(ctx, release, b)?;
            Some((b.status.get()?, amount, currency))
        })
        .collect();
    let Some((_, _, first)) = bids.first() else {
        return;
    };
    partial.observe_currency(line, 1, first);
    let fixed = ctx.settings.currency.as_deref();
    let mut currencies: Vec<&str> = Vec::new();
    match fixed {
        Some(currency) => currencies.push(currency),
        None => {
            for (_, _, currency) in &bids {
                if !currencies.contains(&currency.as_ref()) {
                    currencies.push(currency);
                }
            }
        }
    }
    for currency in currencies {
        let mut lowest: Option<f64> = None;
        let mut lowest_disqualified = false;
        let mut valid = false;
        for &(status, amount, _) in bids.iter().filter(|b| b.2 == currency) {
            if lowest.is_none_or(|other| amount < other) {
                lowest = Some(amount);
                lowest_disqualified = status == "disqualified";
            }
            valid |= status == "valid";
        }
        if valid && lowest_disqualified {
            partial.r036.push(Candidate {
                line,
                ocid: ocid.to_owned(),
                currency: fixed.is_none().then(|| currency.to_owned()),
            });
        }
    }
}
