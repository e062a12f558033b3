//! Indicators computed from a country's budget lines: totals, execution
//! rates, growth, share of the state budget, PEFA PI-1 and PI-2, the gap to
//! the programming law, and constant US dollars against SIPRI.
//!
//! Why here: the figures a parliamentary committee or a journalist argues
//! about must be computed the same way on every page, in every export and in
//! every language, and must be checkable by hand. Each indicator therefore
//! lives in a pure function over `&[BudgetLine]`, and its formula, in words,
//! is in [`FORMULAS`] for the interface to print beside the figure.
//!
//! Conventions shared by every indicator:
//!
//! - **Input**: all the lines of **one country**, any years. The store keeps
//!   one currency per country, so amounts are summed as plain decimals
//!   (`line.amount.amount()`) without a currency check: passing the lines of
//!   two countries at once is a caller's error these functions cannot see.
//! - **Scope**: sector lines ([`Scope::Sector`]) make the defence and
//!   security budget; state-total lines ([`Scope::StateTotal`]) are read only
//!   for the share of the state budget.
//! - **Missing is not zero**: a total is `None` when no line exists for that
//!   year and stage; a ratio is `None` when its base is missing or zero.
//! - **Percentages** are [`Decimal`] in percent (`93.25` means 93.25 %),
//!   rounded half away from zero to exactly two decimals, so they serialize
//!   as `"93.25"` and `"95.00"`. Grades are decided on the exact, unrounded
//!   value: a 94.996 % outturn shows as `95.00` yet misses the A band.
//! - **Amounts** are sums of stored amounts, unrounded, in the country's
//!   currency; derived amounts (adjusted budgets, US dollars) are rounded to
//!   two decimals.
//! - Results derive `serde::Serialize` with snake_case field names; the JSON
//!   API serves them as they are.

use std::collections::BTreeMap;

use rust_decimal::{Decimal, RoundingStrategy};

use super::{BudgetLine, Scope, Stage};
use crate::FiscalYear;

mod constant_usd;
mod execution;
mod formula;
mod growth;
mod pefa;
mod programming;
mod share;
mod totals;

#[cfg(test)]
mod fixture;

pub use constant_usd::{
    CONSTANT_USD_FORMULA, SIPRI_BASE_YEAR, SIPRI_FACTORS_SOURCE, SIPRI_RATIO_FORMULA,
    SipriComparison, SipriFactors, SipriYear, compare_with_sipri,
};
pub use execution::{
    EXECUTION_RATE_FORMULA, Execution, FUNNEL_RATE_FORMULA, StageExecution, execution,
};
pub use formula::{FORMULAS, Formula};
pub use growth::{GROWTH_FORMULA, Growth, growth};
pub use pefa::{
    Composition, Head, HeadOutturn, PEFA_ACTUAL_STAGE, PEFA_APPROVED_STAGE, PI1_FORMULA,
    PI2_FORMULA, Pi1, Pi1Year, Pi2, Pi2Detail, Pi2DetailYear, Pi2Year, Score, pi1, pi2, pi2_detail,
};
pub use programming::{Gap, LawPlan, PROGRAMMING_GAP_FORMULA, ProgrammingGap, programming_gap};
pub use share::{STATE_SHARE_FORMULA, StateShare, state_share};
pub use totals::{ProgramHead, state_totals, totals, totals_by_nature, totals_by_program};

/// Sums the amounts of the lines of one scope, grouped by a key.
///
/// Decimal addition cannot overflow here: each stored amount fits an `i64`
/// of minor units (under 10^19) and a decimal holds 7.9 × 10^28, so it would
/// take ten billion lines.
fn sum_by<K: Ord>(
    lines: &[BudgetLine],
    scope: Scope,
    key: impl Fn(&BudgetLine) -> K,
) -> BTreeMap<K, Decimal> {
    let mut sums = BTreeMap::new();
    for line in lines.iter().filter(|l| l.scope == scope) {
        *sums.entry(key(line)).or_insert(Decimal::ZERO) += line.amount.amount();
    }
    sums
}

/// Sector total for one year and stage; `None` when no line exists.
fn sector_total(lines: &[BudgetLine], year: FiscalYear, stage: Stage) -> Option<Decimal> {
    lines
        .iter()
        .filter(|l| l.scope == Scope::Sector && l.year == year && l.stage == stage)
        .map(|l| l.amount.amount())
        .reduce(|a, b| a + b)
}

/// `part` as a percentage of `whole`, rounded to two decimals (see the
/// module's conventions); `None` when `whole` is zero.
fn percent(part: Decimal, whole: Decimal) -> Option<Decimal> {
    part.checked_mul(Decimal::ONE_HUNDRED)?
        .checked_div(whole)
        .map(two_places)
}

/// Rounds half away from zero to exactly two decimals (`95` becomes `95.00`,
/// so that every figure of a column prints alike).
fn two_places(value: Decimal) -> Decimal {
    let mut rounded = value.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    rounded.rescale(2);
    rounded
}

#[cfg(test)]
mod tests {
    use super::*;
    use fixture::d;

    #[test]
    fn percentages_are_rounded_half_away_from_zero_to_two_places() {
        // 1 / 3 = 33.333… % → 33.33; 2 / 3 = 66.666… % → 66.67.
        assert_eq!(percent(d("1"), d("3")), Some(d("33.33")));
        assert_eq!(percent(d("2"), d("3")), Some(d("66.67")));
        // 1 / 20 000 = 0.005 % exactly → 0.01, not 0.00: half away from zero,
        // not half to even.
        assert_eq!(percent(d("1"), d("20000")), Some(d("0.01")));
        assert_eq!(percent(d("1"), Decimal::ZERO), None);
        // Always two decimals, even for whole numbers.
        assert_eq!(
            percent(d("95"), d("100")).map(|p| p.to_string()),
            Some("95.00".into())
        );
    }
}
