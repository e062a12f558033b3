//! D007 — split purchases: at least two contracts between the same buyer and
//! supplier, signed within `window_days` (90) of each other, each valued
//! within `margin` (0.1, i.e. 10 %) under `threshold` — the amount above
//! which a competitive procedure or an approval is required. No default
//! threshold exists (it is each country's law), so D007 runs only when one
//! is given. The value is the number of contracts in the window.

use crate::dates::{days_between, parse_date};
use crate::defence::{NearThreshold, money};
use crate::indicators::{Code, Ctx, Group};
use crate::model::Release;
use crate::partial::Partial;
use crate::report::Results;
use crate::settings::DFlag;

pub(crate) fn fold(
    ctx: &Ctx<'_>,
    flag: &DFlag,
    release: &Release<'_>,
    line: u64,
    ocid: &str,
    partial: &mut Partial,
) {
    let Some(threshold) = flag.threshold else {
        return;
    };
    let margin = flag.margin.unwrap_or(0.1);
    let Some(buyer) = release.buyer.value.id() else {
        return;
    };
    for contract in release.contracts() {
        let award = release
            .awards
            .items
            .iter()
            .map(|a| &a.value)
            .find(|a| a.id.get().is_some() && a.id.get() == contract.award_id.get());
        let Some(award) = award else { continue };
        let [supplier] = &award.suppliers.items[..] else {
            continue;
        };
        let Some(supplier) = supplier.value.id() else {
            continue;
        };
        let date = contract
            .date_signed
            .get()
            .or(award.date.get())
            .and_then(parse_date);
        let Some(date) = date else { continue };
        let Some((amount, _)) = money(ctx, &contract.value.value, Some(date)) else {
            continue;
        };
        if amount < threshold && amount >= threshold * (1.0 - margin) {
            partial.defence.near_threshold.push(NearThreshold {
                line,
                ocid: ocid.to_owned(),
                buyer: buyer.to_owned(),
                supplier: supplier.to_owned(),
                date,
            });
        }
    }
}

pub(crate) fn finalize(flag: &DFlag, partial: &Partial, out: &mut Results) {
    let window = flag.window_days.unwrap_or(90);
    let near = &partial.defence.near_threshold;
    for (i, contract) in near.iter().enumerate() {
        let count = near
            .iter()
            .enumerate()
            .filter(|(j, other)| {
                *j == i
                    || (other.buyer == contract.buyer
                        && other.supplier == contract.supplier
                        && days_between(contract.date, other.date).abs() <= window)
            })
            .count();
        if count >= 2 {
            #[expect(clippy::cast_precision_loss, reason = "a count of contracts")]
            out.set(Group::Ocid, &contract.ocid, Code::D007, count as f64);
        }
    }
}
