//! Constant US dollars, to compare a budget across years and with SIPRI.
//!
//! SIPRI publishes, for each country and year, military expenditure in
//! current local currency, in current US dollars and in constant (2022) US
//! dollars. Dividing those series by each other gives the market exchange
//! rate and the deflator SIPRI itself used. Converting a national budget with
//! the same factors puts it on SIPRI's scale exactly, so the ratio of the two
//! measures coverage (what SIPRI counts that the budget lines do not, or the
//! reverse), not differences in exchange rates or price indices.
//!
//! Units: SIPRI figures are in **millions** (of local currency, of US
//! dollars); budget lines are in **units** of local currency.

use std::collections::{BTreeMap, BTreeSet};

use rust_decimal::{Decimal, RoundingStrategy};

use super::{Formula, percent, totals, two_places};
use crate::FiscalYear;
use crate::budget::{BudgetLine, Stage};

/// The price base of SIPRI's constant-dollar series in the release Vigie
/// uses (2023 release, constant 2022 US$).
pub const SIPRI_BASE_YEAR: i32 = 2022;

/// The conversion formula.
pub const CONSTANT_USD_FORMULA: Formula = Formula {
    en: "Constant 2022 US$ (millions) = amount in local currency (millions) × SIPRI constant \
         2022 US$ ÷ SIPRI local currency, same year; that is, divided by the exchange rate \
         (SIPRI local currency ÷ SIPRI current US$) and by the deflator (SIPRI current US$ ÷ \
         SIPRI constant 2022 US$).",
    fr: "US$ constants de 2022 (millions) = montant en monnaie locale (millions) × US$ constants \
         2022 du SIPRI ÷ monnaie locale du SIPRI, même année ; c'est-à-dire divisé par le taux \
         de change (monnaie locale SIPRI ÷ US$ courants SIPRI) et par le déflateur (US$ courants \
         SIPRI ÷ US$ constants 2022 SIPRI).",
};

/// Where the conversion factors come from.
pub const SIPRI_FACTORS_SOURCE: Formula = Formula {
    en: "Implied by SIPRI's own series for that year: exchange rate = SIPRI local currency ÷ \
         SIPRI current US$; deflator = SIPRI current US$ ÷ SIPRI constant 2022 US$.",
    fr: "Déduits des propres séries du SIPRI pour l'année : taux de change = monnaie locale \
         SIPRI ÷ US$ courants SIPRI ; déflateur = US$ courants SIPRI ÷ US$ constants 2022 SIPRI.",
};

/// The budget-to-SIPRI ratio formula.
pub const SIPRI_RATIO_FORMULA: Formula = Formula {
    en: "Budget against SIPRI = budget paid (payment orders when payments are not given), in \
         constant 2022 US$ ÷ SIPRI military expenditure in constant 2022 US$ × 100.",
    fr: "Budget rapporté au SIPRI = budget payé (ordonnancé quand les paiements ne sont pas \
         donnés), en US$ constants 2022 ÷ dépenses militaires du SIPRI en US$ constants 2022 \
         × 100.",
};

/// One year of SIPRI's military expenditure for a country.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SipriYear {
    /// The year (calendar year, the fiscal year of all five states).
    pub year: FiscalYear,
    /// Millions of local currency, current prices.
    pub local_current: Decimal,
    /// Millions of US dollars, current prices and exchange rates.
    pub current_usd: Decimal,
    /// Millions of US dollars, constant 2022 prices and exchange rates.
    pub constant_usd: Decimal,
}

/// The factors SIPRI's series imply for a year.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SipriFactors {
    /// The year.
    pub year: FiscalYear,
    /// The price base of the constant dollars ([`SIPRI_BASE_YEAR`]).
    pub base_year: i32,
    /// Local currency per current US dollar (local current ÷ current US$),
    /// to four decimals.
    pub local_per_usd: Decimal,
    /// The year's US-dollar price level relative to the base year (current
    /// US$ ÷ constant US$; 1 in the base year), to four decimals.
    pub deflator: Decimal,
    /// Where the factors come from ([`SIPRI_FACTORS_SOURCE`]).
    pub source: Formula,
}

impl SipriYear {
    /// The year's exchange rate and deflator, rounded for display (the
    /// conversion uses the unrounded ratio); `None` unless all three figures
    /// are positive.
    pub fn factors(&self) -> Option<SipriFactors> {
        if !self.is_usable() {
            return None;
        }
        let four_places =
            |v: Decimal| v.round_dp_with_strategy(4, RoundingStrategy::MidpointAwayFromZero);
        Some(SipriFactors {
            year: self.year,
            base_year: SIPRI_BASE_YEAR,
            local_per_usd: four_places(self.local_current.checked_div(self.current_usd)?),
            deflator: four_places(self.current_usd.checked_div(self.constant_usd)?),
            source: SIPRI_FACTORS_SOURCE,
        })
    }

    /// An amount in **units** of local currency, in **millions** of constant
    /// 2022 US dollars, to two decimals: amount ÷ 10^6 × constant US$ ÷
    /// local current. `None` unless all three figures are positive.
    pub fn to_constant_usd(&self, local: Decimal) -> Option<Decimal> {
        if !self.is_usable() {
            return None;
        }
        let usd = local
            .checked_mul(self.constant_usd)?
            .checked_div(self.local_current.checked_mul(MILLION)?)?;
        Some(two_places(usd))
    }

    fn is_usable(&self) -> bool {
        [self.local_current, self.current_usd, self.constant_usd]
            .iter()
            .all(|v| *v > Decimal::ZERO)
    }
}

/// SIPRI counts in millions.
const MILLION: Decimal = Decimal::from_parts(1_000_000, 0, 0, false, 0);

/// One year of the budget against SIPRI.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SipriComparison {
    /// The year.
    pub year: FiscalYear,
    /// The budget stage compared: paid, or ordered when the year has no
    /// payment; `None` when it has neither.
    pub stage: Option<Stage>,
    /// The sector total at that stage, in units of local currency.
    pub budget_local: Option<Decimal>,
    /// The same in millions of constant 2022 US$, to two decimals; `None`
    /// without a usable SIPRI year.
    pub budget_constant_usd: Option<Decimal>,
    /// SIPRI's figure, millions of constant 2022 US$.
    pub sipri_constant_usd: Option<Decimal>,
    /// Budget as a percentage of SIPRI's figure (computed unrounded).
    pub ratio: Option<Decimal>,
    /// The factors used, with their source.
    pub factors: Option<SipriFactors>,
}

/// The budget against SIPRI for every year either covers, oldest first.
///
/// SIPRI counts actual outlays, so payments are compared, or payment orders
/// where payments are not given. (For Chad and Mauritania SIPRI notes that
/// its figures are adopted budgets: the ratio there compares execution with
/// a vote.) One SIPRI entry per year is expected; for a repeated year the
/// first is used.
pub fn compare_with_sipri(lines: &[BudgetLine], sipri: &[SipriYear]) -> Vec<SipriComparison> {
    let totals = totals(lines);
    let mut by_year: BTreeMap<FiscalYear, &SipriYear> = BTreeMap::new();
    for entry in sipri {
        by_year.entry(entry.year).or_insert(entry);
    }
    let budget_years = totals
        .keys()
        .filter(|(_, stage)| matches!(stage, Stage::Paid | Stage::Ordered))
        .map(|(year, _)| *year);
    let years: BTreeSet<FiscalYear> = budget_years.chain(by_year.keys().copied()).collect();
    years
        .into_iter()
        .map(|year| {
            let budget = [Stage::Paid, Stage::Ordered]
                .into_iter()
                .find_map(|stage| Some((stage, *totals.get(&(year, stage))?)));
            let (stage, budget_local) = (budget.map(|b| b.0), budget.map(|b| b.1));
            let sipri = by_year.get(&year).filter(|s| s.is_usable());
            let ratio = sipri
                .zip(budget_local)
                .and_then(|(s, amount)| percent(amount, s.local_current.checked_mul(MILLION)?));
            SipriComparison {
                year,
                stage,
                budget_local,
                budget_constant_usd: sipri
                    .zip(budget_local)
                    .and_then(|(s, a)| s.to_constant_usd(a)),
                sipri_constant_usd: by_year.get(&year).map(|s| s.constant_usd),
                ratio,
                factors: sipri.and_then(|s| s.factors()),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::budget::indicators::fixture::{d, fy, line};

    /// SIPRI 2023 release, Burkina Faso.
    fn bfa() -> Vec<SipriYear> {
        vec![
            SipriYear {
                year: fy(2021),
                local_current: d("254201"),
                current_usd: d("458.279098"),
                constant_usd: d("465.835508"),
            },
            // 2022 is the price base: current and constant dollars coincide.
            SipriYear {
                year: fy(2022),
                local_current: d("350865.5"),
                current_usd: d("562.583349"),
                constant_usd: d("562.583349"),
            },
            SipriYear {
                year: fy(2023),
                local_current: d("501728"),
                current_usd: d("826.357641"),
                constant_usd: d("793.373482"),
            },
        ]
    }

    #[test]
    fn factors_implied_by_sipri() {
        let f = bfa()[2].factors().unwrap();
        // 501 728 ÷ 826.357641 = 607.15600014… XOF per US$ → 607.1560
        assert_eq!(f.local_per_usd, d("607.1560"));
        // 826.357641 ÷ 793.373482 = 1.04157456… → 1.0416: 2023 dollars are
        // worth 4.16 % less than 2022 dollars.
        assert_eq!(f.deflator, d("1.0416"));
        assert_eq!(f.base_year, 2022);
        assert_eq!(f.source, SIPRI_FACTORS_SOURCE);
        // In the base year the deflator is exactly 1;
        // 350 865.5 ÷ 562.583349 = 623.66847… → 623.6685.
        let base = bfa()[1].factors().unwrap();
        assert_eq!(base.deflator, d("1"));
        assert_eq!(base.local_per_usd, d("623.6685"));
        // A zero figure gives no factors rather than a division by zero.
        let broken = SipriYear {
            current_usd: Decimal::ZERO,
            ..bfa()[2]
        };
        assert_eq!(broken.factors(), None);
        assert_eq!(broken.to_constant_usd(d("1")), None);
    }

    #[test]
    fn budget_in_constant_dollars_against_sipri() {
        let lines = vec![
            // 2022: payment orders only: 300 bn XOF.
            line(2022, Stage::Ordered, 300_000_000_000),
            // 2023: paid 450 bn XOF (ordered 460 bn, not used: payments exist).
            line(2023, Stage::Ordered, 460_000_000_000),
            line(2023, Stage::Paid, 450_000_000_000),
            // 2024: paid, but no SIPRI figure yet.
            line(2024, Stage::Paid, 500_000_000_000),
        ];
        let rows = compare_with_sipri(&lines, &bfa());
        let years: Vec<i32> = rows.iter().map(|r| r.year.year()).collect();
        assert_eq!(years, vec![2021, 2022, 2023, 2024]);

        // 2021: SIPRI only.
        assert_eq!(rows[0].stage, None);
        assert_eq!(rows[0].budget_local, None);
        assert_eq!(rows[0].sipri_constant_usd, Some(d("465.835508")));
        assert_eq!(rows[0].ratio, None);

        // 2022: 300 000 m XOF × 562.583349 ÷ 350 865.5 = 168 775 004.7 ÷
        // 350 865.5 = 481.02479… → 481.02 m US$;
        // ratio 300 000 ÷ 350 865.5 = 85.50284…% → 85.50.
        let r = &rows[1];
        assert_eq!(r.stage, Some(Stage::Ordered));
        assert_eq!(r.budget_constant_usd, Some(d("481.02")));
        assert_eq!(r.ratio, Some(d("85.50")));

        // 2023: 450 000 m XOF × 793.373482 ÷ 501 728 = 357 018 066.9 ÷
        // 501 728 = 711.57692… → 711.58 m US$ (constant 2022);
        // against SIPRI's 793.37: 450 000 ÷ 501 728 = 89.69003…% → 89.69.
        let r = &rows[2];
        assert_eq!(r.stage, Some(Stage::Paid));
        assert_eq!(r.budget_local, Some(d("450000000000")));
        assert_eq!(r.budget_constant_usd, Some(d("711.58")));
        assert_eq!(r.sipri_constant_usd, Some(d("793.373482")));
        assert_eq!(r.ratio, Some(d("89.69")));
        assert_eq!(r.factors.as_ref().map(|f| f.deflator), Some(d("1.0416")));

        // 2024: no SIPRI year, no conversion.
        let r = &rows[3];
        assert_eq!(r.budget_local, Some(d("500000000000")));
        assert_eq!(
            (r.budget_constant_usd, r.ratio, r.factors.clone()),
            (None, None, None)
        );
    }
}
