//! PEFA PI-1, aggregate expenditure outturn: did the sector spend what the
//! budget law voted? Over- and under-spending both count: a budget that is
//! not executed as voted is not the budget parliament approved.

use rust_decimal::Decimal;

use super::{PEFA_APPROVED_STAGE, Score, best_band, grade, three_years};
use crate::FiscalYear;
use crate::budget::indicators::{Formula, percent, sector_total};
use crate::budget::{BudgetLine, Stage};

/// The PI-1 formula and scoring rule.
pub const PI1_FORMULA: Formula = Formula {
    en: "Aggregate outturn (PEFA PI-1) = actual expenditure (payment orders) ÷ originally \
         approved budget (LFI) × 100. Scored on the last three completed years: A if between \
         95 % and 105 % in at least two of them, B between 90 % and 110 %, C between 85 % and \
         115 %, D otherwise. A year that publishes payments but no payment orders is read on \
         payments (paid basis, as PEFA asks of cash-based systems), and says so. A year \
         without an approved budget or without actual figures counts as the outlier year.",
    fr: "Exécution globale (PEFA PI-1) = dépenses effectives (ordonnancements) ÷ budget \
         initialement approuvé (LFI) × 100. Notée sur les trois derniers exercices clos : A si \
         entre 95 % et 105 % pour au moins deux d'entre eux, B entre 90 % et 110 %, C entre \
         85 % et 115 %, D sinon. Un exercice qui publie des paiements mais pas \
         d'ordonnancements est lu sur les paiements (base caisse, comme PEFA le demande des \
         systèmes de comptabilité de caisse), et l'indique. Un exercice sans budget approuvé \
         ou sans données d'exécution compte comme l'année atypique.",
};

/// PI-1 over three years.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Pi1 {
    /// The stage taken as approved: always the initial appropriation.
    pub approved_stage: Stage,
    /// The stage taken as actual expenditure where a year has it; a year
    /// without it may be read on payments (see [`Pi1Year::actual_stage`]).
    pub actual_stage: Stage,
    /// The three years, oldest first.
    pub years: Vec<Pi1Year>,
    /// The letter; `None` when not rated (no figure in any of the years).
    pub score: Option<Score>,
    /// Missing figures may have lowered the score: it is a floor (PEFA's D*).
    pub insufficient_information: bool,
}

/// One year of PI-1.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Pi1Year {
    /// The fiscal year.
    pub year: FiscalYear,
    /// Sector total at the initial appropriation; `None` when not given.
    pub approved: Option<Decimal>,
    /// Sector total at the actual stage; `None` when not given.
    pub actual: Option<Decimal>,
    /// The stage `actual` was read at: the indicator's actual stage, or
    /// payments ([`Stage::Paid`]) for a year that publishes payments but not
    /// that stage; `None` when the year has neither.
    pub actual_stage: Option<Stage>,
    /// Actual as a percentage of approved; `None` when either is missing or
    /// approved is zero.
    pub outturn: Option<Decimal>,
    /// The best band the year meets (D when outside 85–115 %); `None` when
    /// there is no outturn, which meets no band.
    pub band: Option<Score>,
}

/// PI-1 of the sector over the three fiscal years ending at `to`, with
/// `actual` as the expenditure stage (normally [`super::PEFA_ACTUAL_STAGE`]).
/// Bands are inclusive: exactly 95 % or 105 % is A.
///
/// A year that publishes payments but not the `actual` stage (a treasury
/// that reports what it paid, not what was ordered) is read on payments:
/// payments are PEFA's own basis for cash-based systems, and calling such
/// a year "insufficient information" would blame a state for publishing
/// the later, harder figure. The year says which stage it was read at.
pub fn pi1(lines: &[BudgetLine], to: FiscalYear, actual: Stage) -> Pi1 {
    let years: Vec<Pi1Year> = three_years(to)
        .into_iter()
        .map(|year| {
            let approved = sector_total(lines, year, PEFA_APPROVED_STAGE);
            let (spent, actual_stage) = match sector_total(lines, year, actual) {
                Some(spent) => (Some(spent), Some(actual)),
                None => match sector_total(lines, year, Stage::Paid) {
                    Some(paid) => (Some(paid), Some(Stage::Paid)),
                    None => (None, None),
                },
            };
            let ratio = approved.zip(spent).and_then(|(a, s)| s.checked_div(a));
            Pi1Year {
                year,
                approved,
                actual: spent,
                actual_stage,
                outturn: approved.zip(spent).and_then(|(a, s)| percent(s, a)),
                band: ratio.map(outturn_band),
            }
        })
        .collect();
    let bands: Vec<Option<Score>> = years.iter().map(|y| y.band).collect();
    let any_data = years
        .iter()
        .any(|y| y.approved.is_some() || y.actual.is_some());
    let (score, insufficient_information) = grade(&bands, any_data);
    Pi1 {
        approved_stage: PEFA_APPROVED_STAGE,
        actual_stage: actual,
        years,
        score,
        insufficient_information,
    }
}

/// The band of an outturn ratio (actual ÷ approved, not in percent): within
/// 5, 10 or 15 points of 100 %, bounds included.
fn outturn_band(ratio: Decimal) -> Score {
    best_band(|grade| {
        let tolerance = match grade {
            Score::A => Decimal::new(5, 2),
            Score::B => Decimal::new(10, 2),
            Score::C => Decimal::new(15, 2),
            Score::D => return true,
        };
        (ratio - Decimal::ONE).abs() <= tolerance
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::budget::indicators::PEFA_ACTUAL_STAGE;
    use crate::budget::indicators::fixture::{d, fy, line, state};
    use Score::{A, B, C, D};

    /// Approved (LFI) and ordered amounts for a year.
    fn year(y: i32, approved: i64, ordered: i64) -> [BudgetLine; 2] {
        [
            line(y, Stage::Initial, approved),
            line(y, Stage::Ordered, ordered),
        ]
    }

    fn bands(p: &Pi1) -> Vec<Option<Score>> {
        p.years.iter().map(|y| y.band).collect()
    }

    #[test]
    fn exactly_95_and_105_percent_are_inside_the_a_band() {
        let lines = [
            year(2021, 100, 95),
            year(2022, 200, 210),
            year(2023, 100, 80),
        ]
        .concat();
        let p = pi1(&lines, fy(2023), PEFA_ACTUAL_STAGE);
        // 2021: 95 / 100 = 95 % → A (bound included)
        // 2022: 210 / 200 = 105 % → A (bound included)
        // 2023: 80 / 100 = 80 % → outside 85–115 → D
        let outturns: Vec<Option<Decimal>> = p.years.iter().map(|y| y.outturn).collect();
        assert_eq!(outturns, vec![Some(d("95")), Some(d("105")), Some(d("80"))]);
        assert_eq!(bands(&p), vec![Some(A), Some(A), Some(D)]);
        // A in two of three years → A.
        assert_eq!(p.score, Some(A));
        assert!(!p.insufficient_information);
        assert_eq!(
            (p.approved_stage, p.actual_stage),
            (Stage::Initial, Stage::Ordered)
        );
    }

    #[test]
    fn just_outside_a_bound_falls_to_the_next_band() {
        // 9 499 / 10 000 = 94.99 % → not A; within 90–110 → B.
        // 11 001 / 10 000 = 110.01 % → not B; within 85–115 → C.
        // 8 500 / 10 000 = 85 % → C (bound included).
        let lines = [
            year(2021, 10_000, 9_499),
            year(2022, 10_000, 11_001),
            year(2023, 10_000, 8_500),
        ]
        .concat();
        let p = pi1(&lines, fy(2023), PEFA_ACTUAL_STAGE);
        assert_eq!(bands(&p), vec![Some(B), Some(C), Some(C)]);
        assert_eq!(p.years[0].outturn, Some(d("94.99")));
        // B once, C three times → C.
        assert_eq!(p.score, Some(C));
    }

    #[test]
    fn two_years_in_b_and_one_in_d_score_b() {
        // 2021: 93 / 100 = 93 % → outside 95–105, inside 90–110 → B
        // 2022: 108 / 100 = 108 % → B
        // 2023: 70 / 100 = 70 % → D
        let lines = [
            year(2021, 100, 93),
            year(2022, 100, 108),
            year(2023, 100, 70),
        ]
        .concat();
        let p = pi1(&lines, fy(2023), PEFA_ACTUAL_STAGE);
        assert_eq!(bands(&p), vec![Some(B), Some(B), Some(D)]);
        assert_eq!(p.score, Some(B));
        assert!(!p.insufficient_information);
    }

    #[test]
    fn a_missing_year_is_the_outlier_and_makes_the_score_a_floor() {
        // 2021: no line at all.
        // 2022: 100 / 100 = 100 % → A
        // 2023: 112 / 100 = 112 % → C
        // A once, B once (A counts), C twice → C; with 2021 in A it would be A.
        let lines = [year(2022, 100, 100), year(2023, 100, 112)].concat();
        let p = pi1(&lines, fy(2023), PEFA_ACTUAL_STAGE);
        assert_eq!(p.years[0].year, fy(2021));
        assert_eq!((p.years[0].approved, p.years[0].outturn), (None, None));
        assert_eq!(bands(&p), vec![None, Some(A), Some(C)]);
        assert_eq!(p.score, Some(C));
        assert!(p.insufficient_information);
    }

    #[test]
    fn a_year_with_payments_but_no_payment_orders_is_read_on_payments() {
        // 2021 and 2022 publish payment orders (and payments, which are
        // ignored there); 2023 only payments: 98 / 100 = 98 % → A, on the
        // paid basis, and not a missing year.
        let lines = [
            year(2021, 100, 100).to_vec(),
            vec![line(2021, Stage::Paid, 60)],
            year(2022, 100, 120).to_vec(),
            vec![line(2023, Stage::Initial, 100), line(2023, Stage::Paid, 98)],
        ]
        .concat();
        let p = pi1(&lines, fy(2023), PEFA_ACTUAL_STAGE);
        let read_at: Vec<Option<Stage>> = p.years.iter().map(|y| y.actual_stage).collect();
        assert_eq!(
            read_at,
            vec![
                Some(Stage::Ordered),
                Some(Stage::Ordered),
                Some(Stage::Paid)
            ]
        );
        assert_eq!(p.years[0].outturn, Some(d("100")), "orders first");
        assert_eq!(p.years[2].outturn, Some(d("98")));
        assert_eq!(bands(&p), vec![Some(A), Some(D), Some(A)]);
        assert_eq!(p.score, Some(A));
        assert!(!p.insufficient_information);
    }

    #[test]
    fn a_voted_budget_without_execution_scores_d_star() {
        // Three voted budgets, no payment order published: no year meets a
        // band → D, and only for lack of information.
        let lines: Vec<BudgetLine> = (2021..=2023)
            .map(|y| line(y, Stage::Initial, 100))
            .collect();
        let p = pi1(&lines, fy(2023), PEFA_ACTUAL_STAGE);
        assert_eq!(p.years[2].actual, None);
        assert_eq!(p.years[2].actual_stage, None);
        assert_eq!(p.score, Some(D));
        assert!(p.insufficient_information);
    }

    #[test]
    fn nothing_in_the_period_is_not_rated() {
        // Lines exist, but outside 2021–2023, or for the state as a whole.
        let lines = [
            year(2019, 100, 100).to_vec(),
            vec![
                state(2022, Stage::Initial, 1000),
                state(2022, Stage::Ordered, 900),
            ],
        ]
        .concat();
        let p = pi1(&lines, fy(2023), PEFA_ACTUAL_STAGE);
        assert_eq!(p.score, None);
        assert_eq!(p.years.len(), 3);
    }

    #[test]
    fn approved_is_the_initial_budget_and_actual_the_stage_given() {
        // 2023: LFI 100, LFR 150, ordered 140, paid 100.
        let lines = vec![
            line(2023, Stage::Initial, 100),
            line(2023, Stage::Revised, 150),
            line(2023, Stage::Ordered, 140),
            line(2023, Stage::Paid, 100),
        ];
        // Ordered: 140 / 100 = 140 % (not 140 / 150 = 93 %: the LFR is not
        // the approved budget) → D.
        let ordered = pi1(&lines, fy(2023), Stage::Ordered);
        assert_eq!(ordered.years[2].outturn, Some(d("140")));
        assert_eq!(ordered.years[2].band, Some(D));
        // Paid: 100 / 100 = 100 % → A.
        let paid = pi1(&lines, fy(2023), Stage::Paid);
        assert_eq!(paid.years[2].outturn, Some(d("100")));
        assert_eq!(paid.years[2].band, Some(A));
        assert_eq!(paid.actual_stage, Stage::Paid);
    }

    #[test]
    fn a_zero_approved_budget_meets_no_band() {
        let lines = year(2023, 0, 50).to_vec();
        let p = pi1(&lines, fy(2023), PEFA_ACTUAL_STAGE);
        assert_eq!((p.years[2].outturn, p.years[2].band), (None, None));
        assert_eq!(p.score, Some(D));
    }
}
