//! The gap between a military programming law (loi de programmation) and
//! what the yearly budget laws vote and the treasury pays.
//!
//! A programming law promises multi-year resources; whether the budget
//! follows the promise is a question for parliament every year. The gap is
//! computed against the total planned for the year and, when several laws
//! plan the same year (one replacing another), against each law as well: the
//! total then adds both promises, and the per-law gaps are the ones to read.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::{Formula, percent, totals};
use crate::FiscalYear;
use crate::budget::{BudgetLine, Scope, Stage};

/// The programming-gap formula.
pub const PROGRAMMING_GAP_FORMULA: Formula = Formula {
    en: "Gap to the programming law = amount voted (LFI) or paid − amount the law plans for the \
         year; as a percentage: gap ÷ planned amount × 100.",
    fr: "Écart à la loi de programmation = montant voté (LFI) ou payé − montant prévu par la loi \
         pour l'année ; en pourcentage : écart ÷ montant prévu × 100.",
};

/// One year's plan against the budget.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ProgrammingGap {
    /// The fiscal year.
    pub year: FiscalYear,
    /// Sum of the year's planned lines, every law included.
    pub planned: Decimal,
    /// The plan law by law, in law-reference order.
    pub laws: Vec<LawPlan>,
    /// Initial appropriation; `None` when not given.
    pub initial: Option<Decimal>,
    /// Revised appropriation; `None` when not given.
    pub revised: Option<Decimal>,
    /// Payments; `None` when not given.
    pub paid: Option<Decimal>,
    /// Initial − planned; `None` when no initial appropriation is given.
    pub initial_gap: Option<Gap>,
    /// Paid − planned; `None` when no payment is given.
    pub paid_gap: Option<Gap>,
}

/// One programming law's plan for a year.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct LawPlan {
    /// The law's reference, as imported.
    pub law: String,
    /// What this law plans for the year.
    pub planned: Decimal,
    /// Initial − this law's plan.
    pub initial_gap: Option<Gap>,
    /// Paid − this law's plan.
    pub paid_gap: Option<Gap>,
}

/// A difference to a planned amount.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Gap {
    /// Amount − planned: negative when the budget falls short of the plan.
    pub amount: Decimal,
    /// The gap in percent of the planned amount; `None` when it is zero.
    pub percent: Option<Decimal>,
}

impl Gap {
    fn between(amount: Option<Decimal>, planned: Decimal) -> Option<Gap> {
        let gap = amount? - planned;
        Some(Gap {
            amount: gap,
            percent: percent(gap, planned),
        })
    }
}

/// The gap for every year a programming law plans, oldest first.
pub fn programming_gap(lines: &[BudgetLine]) -> Vec<ProgrammingGap> {
    let totals = totals(lines);
    let mut by_year: BTreeMap<FiscalYear, BTreeMap<String, Decimal>> = BTreeMap::new();
    for plan in lines
        .iter()
        .filter(|l| l.scope == Scope::Sector && l.stage == Stage::Planned)
    {
        // A stored plan always names its law (`BudgetLine::check`).
        let law = plan.law.clone().unwrap_or_default();
        *by_year
            .entry(plan.year)
            .or_default()
            .entry(law)
            .or_default() += plan.amount.amount();
    }
    by_year
        .into_iter()
        .map(|(year, laws)| {
            let at = |stage: Stage| totals.get(&(year, stage)).copied();
            let (initial, paid) = (at(Stage::Initial), at(Stage::Paid));
            let planned = laws.values().copied().sum();
            ProgrammingGap {
                year,
                planned,
                laws: laws
                    .into_iter()
                    .map(|(law, planned)| LawPlan {
                        law,
                        planned,
                        initial_gap: Gap::between(initial, planned),
                        paid_gap: Gap::between(paid, planned),
                    })
                    .collect(),
                initial,
                revised: at(Stage::Revised),
                paid,
                initial_gap: Gap::between(initial, planned),
                paid_gap: Gap::between(paid, planned),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::budget::indicators::fixture::{d, fy, line, plan};

    fn gap(amount: &str, percent: &str) -> Option<Gap> {
        Some(Gap {
            amount: d(amount),
            percent: Some(d(percent)),
        })
    }

    #[test]
    fn gaps_to_the_plan_in_amount_and_percent() {
        let lines = vec![
            // 2023: voted, no plan → no row.
            line(2023, Stage::Initial, 400),
            // 2024: law A plans 300 + 200 = 500; LFI 450, LFR 480, paid 400.
            plan(2024, "LPM A", 300),
            plan(2024, "LPM A", 200),
            line(2024, Stage::Initial, 450),
            line(2024, Stage::Revised, 480),
            line(2024, Stage::Paid, 400),
            // 2025: law A plans 600, law B (replacing it) 100; LFI 770; no payment yet.
            plan(2025, "LPM A", 600),
            plan(2025, "LPM B", 100),
            line(2025, Stage::Initial, 770),
        ];
        let rows = programming_gap(&lines);
        assert_eq!(rows.len(), 2);

        let y2024 = &rows[0];
        assert_eq!(y2024.year, fy(2024));
        assert_eq!(y2024.planned, d("500"));
        assert_eq!(y2024.revised, Some(d("480")));
        // 450 − 500 = −50; −50 / 500 = −10 %
        assert_eq!(y2024.initial_gap, gap("-50", "-10"));
        // 400 − 500 = −100; −100 / 500 = −20 %
        assert_eq!(y2024.paid_gap, gap("-100", "-20"));
        assert_eq!(y2024.laws.len(), 1);
        assert_eq!(y2024.laws[0].initial_gap, y2024.initial_gap);

        let y2025 = &rows[1];
        // Both laws together: 600 + 100 = 700; 770 − 700 = +70 → +10 %.
        assert_eq!(y2025.planned, d("700"));
        assert_eq!(y2025.initial_gap, gap("70", "10"));
        assert_eq!(y2025.paid, None);
        assert_eq!(y2025.paid_gap, None);
        // Law by law: 770 − 600 = 170 → 28.333… % → 28.33;
        // 770 − 100 = 670 → 670 %.
        let laws: Vec<(&str, Option<Gap>)> = y2025
            .laws
            .iter()
            .map(|l| (l.law.as_str(), l.initial_gap.clone()))
            .collect();
        assert_eq!(
            laws,
            vec![("LPM A", gap("170", "28.33")), ("LPM B", gap("670", "670"))]
        );
    }

    #[test]
    fn a_zero_plan_has_a_gap_but_no_percentage() {
        let lines = vec![plan(2024, "LPM", 0), line(2024, Stage::Initial, 10)];
        let rows = programming_gap(&lines);
        assert_eq!(
            rows[0].initial_gap,
            Some(Gap {
                amount: d("10"),
                percent: None
            })
        );
    }
}
