//! Execution rates: how much of the appropriation went through each stage of
//! the expenditure chain, and how much of each stage reached the next.
//!
//! The base is the revised appropriation (LFR) because that is the
//! authorisation in force at year end; measuring against the initial one
//! would count every amending law as over- or under-spending. When no revised
//! appropriation is given for a year, the initial one (LFI) is the base, and
//! the result says so in [`Execution::base`].

use std::collections::BTreeSet;

use rust_decimal::Decimal;

use super::{Formula, percent, totals};
use crate::FiscalYear;
use crate::budget::{BudgetLine, Stage};

/// The execution-rate formula.
pub const EXECUTION_RATE_FORMULA: Formula = Formula {
    en: "Execution rate of a stage = amount at that stage ÷ revised appropriation (LFR) × 100; \
         the initial appropriation (LFI) is the base when no revised appropriation is given.",
    fr: "Taux d'exécution d'une étape = montant à cette étape ÷ crédits révisés (LFR) × 100 ; \
         les crédits initiaux (LFI) servent de base quand aucune LFR n'est donnée.",
};

/// The stage-to-stage (funnel) formula.
pub const FUNNEL_RATE_FORMULA: Formula = Formula {
    en: "Stage-to-stage rate = amount at a stage ÷ amount at the stage before it × 100: \
         commitments over the appropriation, verifications over commitments, payment orders \
         over verifications, payments over payment orders.",
    fr: "Taux d'une étape sur la précédente = montant à l'étape ÷ montant à l'étape précédente \
         × 100 : engagements sur crédits, liquidations sur engagements, ordonnancements sur \
         liquidations, paiements sur ordonnancements.",
};

/// The execution of one fiscal year's sector budget.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Execution {
    /// The fiscal year.
    pub year: FiscalYear,
    /// Initial appropriation (LFI); `None` when not given.
    pub initial: Option<Decimal>,
    /// Revised appropriation (LFR); `None` when not given.
    pub revised: Option<Decimal>,
    /// The appropriation the rates are measured against: [`Stage::Revised`]
    /// when any revised line exists for the year, [`Stage::Initial`] otherwise.
    pub base: Stage,
    /// Committed, verified, ordered and paid, always these four, in order.
    pub stages: Vec<StageExecution>,
}

/// One execution stage of a year.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct StageExecution {
    /// The stage.
    pub stage: Stage,
    /// The amount at this stage; `None` when not given.
    pub amount: Option<Decimal>,
    /// Percent of the base appropriation; `None` when either is missing or
    /// the base is zero.
    pub rate: Option<Decimal>,
    /// Percent of the stage before (the base appropriation for commitments,
    /// so there it equals `rate`); `None` when either is missing or the
    /// stage before is zero.
    pub of_previous: Option<Decimal>,
}

/// Execution rates of every year that has a voted or executed sector line,
/// oldest first.
pub fn execution(lines: &[BudgetLine]) -> Vec<Execution> {
    let totals = totals(lines);
    let years: BTreeSet<FiscalYear> = totals
        .keys()
        .filter(|(_, stage)| Stage::CHAIN.contains(stage))
        .map(|(year, _)| *year)
        .collect();
    years
        .into_iter()
        .map(|year| {
            let at = |stage: Stage| totals.get(&(year, stage)).copied();
            let initial = at(Stage::Initial);
            let revised = at(Stage::Revised);
            let (base, base_amount) = match revised {
                Some(r) => (Stage::Revised, Some(r)),
                None => (Stage::Initial, initial),
            };
            let mut previous = base_amount;
            let stages = Stage::EXECUTION
                .into_iter()
                .map(|stage| {
                    let amount = at(stage);
                    let ratio = |of: Option<Decimal>| percent(amount?, of?);
                    let row = StageExecution {
                        stage,
                        amount,
                        rate: ratio(base_amount),
                        of_previous: ratio(previous),
                    };
                    previous = amount;
                    row
                })
                .collect();
            Execution {
                year,
                initial,
                revised,
                base,
                stages,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::budget::indicators::fixture::{d, fy, line, plan, state};

    fn rates(e: &Execution) -> Vec<(Option<Decimal>, Option<Decimal>)> {
        e.stages.iter().map(|s| (s.rate, s.of_previous)).collect()
    }

    #[test]
    fn rates_against_the_revised_appropriation_and_the_funnel() {
        let lines = vec![
            line(2022, Stage::Initial, 1000),
            line(2022, Stage::Revised, 1200),
            line(2022, Stage::Committed, 1100),
            line(2022, Stage::Verified, 1000),
            line(2022, Stage::Ordered, 900),
            line(2022, Stage::Paid, 720),
            // Neither the state budget nor a plan makes a year of execution.
            state(2021, Stage::Initial, 9000),
            plan(2030, "LPM", 5000),
        ];
        let years = execution(&lines);
        assert_eq!(years.len(), 1);
        let e = &years[0];
        assert_eq!(e.year, fy(2022));
        assert_eq!(e.base, Stage::Revised);
        assert_eq!((e.initial, e.revised), (Some(d("1000")), Some(d("1200"))));
        let stages: Vec<Stage> = e.stages.iter().map(|s| s.stage).collect();
        assert_eq!(stages, Stage::EXECUTION);
        assert_eq!(
            rates(e),
            vec![
                // committed 1100 / revised 1200 = 91.666… → 91.67; the stage
                // before commitments is the base, so the same.
                (Some(d("91.67")), Some(d("91.67"))),
                // verified 1000 / 1200 = 83.333… → 83.33; / committed 1100 = 90.909… → 90.91
                (Some(d("83.33")), Some(d("90.91"))),
                // ordered 900 / 1200 = 75; / verified 1000 = 90
                (Some(d("75")), Some(d("90"))),
                // paid 720 / 1200 = 60; / ordered 900 = 80
                (Some(d("60")), Some(d("80"))),
            ]
        );
    }

    #[test]
    fn without_a_revised_appropriation_the_initial_one_is_the_base() {
        let lines = vec![
            // 2023: LFI 800, no LFR; committed 600, nothing verified or
            // ordered given, paid 400.
            line(2023, Stage::Initial, 800),
            line(2023, Stage::Committed, 600),
            line(2023, Stage::Paid, 400),
            // 2024: LFI of zero: no rate can be computed against it.
            line(2024, Stage::Initial, 0),
            line(2024, Stage::Committed, 10),
        ];
        let years = execution(&lines);
        let e = &years[0];
        assert_eq!(e.base, Stage::Initial);
        assert_eq!(e.revised, None);
        assert_eq!(
            rates(e),
            vec![
                // 600 / 800 = 75 %
                (Some(d("75")), Some(d("75"))),
                // verified missing: no rate, and none for the next stage's funnel
                (None, None),
                (None, None),
                // paid 400 / 800 = 50 %; the stage before (ordered) is missing
                (Some(d("50")), None),
            ]
        );
        assert_eq!(years[1].year, fy(2024));
        assert_eq!(years[1].stages[0].amount, Some(d("10")));
        assert_eq!(years[1].stages[0].rate, None);
    }
}
