//! Totals of the sector budget per year and stage, whole or broken down by
//! economic nature or by programme head: the building blocks of every other
//! indicator.
//!
//! The breakdowns carry the labels of the heads. A head may be classified
//! (a line's `classification`): maps by programme are for readers entitled
//! to every line they sum, and public pages show only the totals.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::sum_by;
use crate::FiscalYear;
use crate::budget::{BudgetLine, EconomicNature, Scope, Stage};

/// A programme head as the budget law votes it: a programme within a
/// section (ministry). The unit PEFA PI-2.1 compares.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
pub struct ProgramHead {
    /// Ministry or budget section, as printed in the budget law.
    pub section: String,
    /// Programme, as printed in the budget law.
    pub program: String,
}

impl ProgramHead {
    /// The head a line belongs to.
    pub fn of(line: &BudgetLine) -> Self {
        ProgramHead {
            section: line.section.clone(),
            program: line.program.clone(),
        }
    }
}

/// Defence and security total per fiscal year and stage: the sum of the
/// sector lines. A pair is absent when no line exists for it (missing is not
/// zero).
pub fn totals(lines: &[BudgetLine]) -> BTreeMap<(FiscalYear, Stage), Decimal> {
    sum_by(lines, Scope::Sector, |l| (l.year, l.stage))
}

/// Total state budget per fiscal year and stage: the sum of the state-total
/// lines (normally one per year and stage).
pub fn state_totals(lines: &[BudgetLine]) -> BTreeMap<(FiscalYear, Stage), Decimal> {
    sum_by(lines, Scope::StateTotal, |l| (l.year, l.stage))
}

/// Sector totals per fiscal year and stage, by economic nature. `None` is
/// the nature of lines given as one figure (plans); voted and executed
/// sector lines always name theirs.
pub fn totals_by_nature(
    lines: &[BudgetLine],
) -> BTreeMap<(FiscalYear, Stage), BTreeMap<Option<EconomicNature>, Decimal>> {
    nest(sum_by(lines, Scope::Sector, |l| {
        ((l.year, l.stage), l.nature)
    }))
}

/// Sector totals per fiscal year and stage, by programme head. For entitled
/// readers only: the map names every head, classified ones included.
pub fn totals_by_program(
    lines: &[BudgetLine],
) -> BTreeMap<(FiscalYear, Stage), BTreeMap<ProgramHead, Decimal>> {
    nest(sum_by(lines, Scope::Sector, |l| {
        ((l.year, l.stage), ProgramHead::of(l))
    }))
}

/// Turns `(outer, inner) → sum` into `outer → inner → sum`.
fn nest<O: Ord, I: Ord>(flat: BTreeMap<(O, I), Decimal>) -> BTreeMap<O, BTreeMap<I, Decimal>> {
    let mut nested: BTreeMap<O, BTreeMap<I, Decimal>> = BTreeMap::new();
    for ((outer, inner), sum) in flat {
        nested.entry(outer).or_default().insert(inner, sum);
    }
    nested
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::budget::indicators::fixture::{d, fy, head, line, plan, state};
    use EconomicNature::{Investment, Personnel};

    fn lines() -> Vec<BudgetLine> {
        vec![
            // 2023 initial: P1 personnel 300 + P2 investment 200 = 500.
            line(2023, Stage::Initial, 300),
            head(2023, Stage::Initial, "P2", Investment, 200),
            // P1 again, investment this time: 50, so P1 = 350, investment = 250.
            head(2023, Stage::Initial, "P1", Investment, 50),
            // 2023 paid: 400 in one line.
            line(2023, Stage::Paid, 400),
            // A plan given as one figure (no nature, no programme).
            plan(2023, "LPM", 700),
            // The state budget is not part of the sector.
            state(2023, Stage::Initial, 5_000),
        ]
    }

    #[test]
    fn sector_totals_per_year_and_stage() {
        let t = totals(&lines());
        // 300 + 200 + 50 = 550; the state's 5 000 is not added.
        assert_eq!(t[&(fy(2023), Stage::Initial)], d("550"));
        assert_eq!(t[&(fy(2023), Stage::Paid)], d("400"));
        assert_eq!(t[&(fy(2023), Stage::Planned)], d("700"));
        // No revised line: absent, not zero.
        assert_eq!(t.get(&(fy(2023), Stage::Revised)), None);
        assert_eq!(t.len(), 3);

        let s = state_totals(&lines());
        assert_eq!(s[&(fy(2023), Stage::Initial)], d("5000"));
        assert_eq!(s.len(), 1);
    }

    #[test]
    fn breakdowns_by_nature_and_by_programme() {
        let by_nature = totals_by_nature(&lines());
        let initial = &by_nature[&(fy(2023), Stage::Initial)];
        // Personnel: 300; investment: 200 + 50 = 250.
        assert_eq!(initial[&Some(Personnel)], d("300"));
        assert_eq!(initial[&Some(Investment)], d("250"));
        assert_eq!(by_nature[&(fy(2023), Stage::Planned)][&None], d("700"));

        let by_program = totals_by_program(&lines());
        let initial = &by_program[&(fy(2023), Stage::Initial)];
        let p = |program: &str| ProgramHead {
            section: "Défense".into(),
            program: program.into(),
        };
        // P1: 300 + 50 = 350; P2: 200.
        assert_eq!(initial[&p("P1")], d("350"));
        assert_eq!(initial[&p("P2")], d("200"));
        assert_eq!(initial.len(), 2);
    }
}
