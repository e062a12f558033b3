//! Year-on-year growth of the sector budget at one stage.
//!
//! Growth is nominal, in current local currency: it mixes inflation with
//! effort. Real comparisons go through constant US dollars
//! ([`super::compare_with_sipri`]).

use rust_decimal::Decimal;

use super::{Formula, percent, totals};
use crate::FiscalYear;
use crate::budget::{BudgetLine, Stage};

/// The growth formula.
pub const GROWTH_FORMULA: Formula = Formula {
    en: "Year-on-year growth = (amount this year − amount last year) ÷ amount last year × 100, \
         at the same stage, in current local currency (nominal).",
    fr: "Croissance annuelle = (montant de l'année − montant de l'année précédente) ÷ montant \
         de l'année précédente × 100, à la même étape, en monnaie locale courante (nominale).",
};

/// The growth of one year at one stage.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Growth {
    /// The fiscal year.
    pub year: FiscalYear,
    /// The stage compared.
    pub stage: Stage,
    /// The year's total at that stage.
    pub amount: Decimal,
    /// The previous year's total at that stage; `None` when not given.
    pub previous: Option<Decimal>,
    /// Percent change on the previous year; `None` when the previous year is
    /// missing or zero.
    pub growth: Option<Decimal>,
}

/// Growth at one stage (initial and paid are the usual two) for every year
/// that has that stage, oldest first. A gap in the years leaves the year
/// after it without growth: it is not measured over two years.
pub fn growth(lines: &[BudgetLine], stage: Stage) -> Vec<Growth> {
    let totals = totals(lines);
    totals
        .iter()
        .filter(|((_, s), _)| *s == stage)
        .map(|(&(year, _), &amount)| {
            let previous = year
                .previous()
                .and_then(|last| totals.get(&(last, stage)).copied());
            Growth {
                year,
                stage,
                amount,
                previous,
                growth: previous.and_then(|p| percent(amount - p, p)),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::budget::indicators::fixture::{d, fy, line};

    #[test]
    fn growth_skips_missing_years_and_zero_bases() {
        let lines = vec![
            line(2020, Stage::Initial, 100),
            line(2021, Stage::Initial, 125),
            // 2022 missing.
            line(2023, Stage::Initial, 150),
            line(2024, Stage::Initial, 120),
            line(2020, Stage::Paid, 0),
            line(2021, Stage::Paid, 50),
        ];
        let rows: Vec<(FiscalYear, Option<Decimal>)> = growth(&lines, Stage::Initial)
            .into_iter()
            .map(|g| (g.year, g.growth))
            .collect();
        assert_eq!(
            rows,
            vec![
                // first year: nothing to compare with
                (fy(2020), None),
                // (125 − 100) / 100 = +25 %
                (fy(2021), Some(d("25"))),
                // 2022 missing: no growth over two years
                (fy(2023), None),
                // (120 − 150) / 150 = −20 %
                (fy(2024), Some(d("-20"))),
            ]
        );

        let paid = growth(&lines, Stage::Paid);
        // 2021 paid 50 after 0: growth on a zero base is undefined.
        assert_eq!(paid[1].previous, Some(d("0")));
        assert_eq!(paid[1].growth, None);
        assert_eq!(paid[1].amount, d("50"));
    }
}
