//! The sector's share of the state budget, for each year and stage where
//! both are given: the measure of the weight defence and security take from
//! every other public service.

use rust_decimal::Decimal;

use super::{Formula, percent, state_totals, totals};
use crate::FiscalYear;
use crate::budget::{BudgetLine, Stage};

/// The share formula.
pub const STATE_SHARE_FORMULA: Formula = Formula {
    en: "Share of the state budget = defence and security total ÷ total state budget × 100, \
         for the same year and stage.",
    fr: "Part du budget de l'État = total défense et sécurité ÷ budget total de l'État × 100, \
         pour la même année et la même étape.",
};

/// The sector's share of the state budget for one year and stage.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct StateShare {
    /// The fiscal year.
    pub year: FiscalYear,
    /// The stage.
    pub stage: Stage,
    /// Defence and security total.
    pub sector: Decimal,
    /// Total state budget.
    pub state_total: Decimal,
    /// Percent of the state total; `None` when the state total is zero.
    pub share: Option<Decimal>,
}

/// The share for every year and stage that has both a sector total and a
/// state total, by year then stage.
pub fn state_share(lines: &[BudgetLine]) -> Vec<StateShare> {
    let sector = totals(lines);
    state_totals(lines)
        .into_iter()
        .filter_map(|((year, stage), state_total)| {
            let sector = *sector.get(&(year, stage))?;
            Some(StateShare {
                year,
                stage,
                sector,
                state_total,
                share: percent(sector, state_total),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::budget::indicators::fixture::{d, fy, line, state};

    #[test]
    fn share_where_both_totals_are_given() {
        let lines = vec![
            // 2023 initial: sector 200 + 100 = 300 of a state budget of 2 000.
            line(2023, Stage::Initial, 200),
            line(2023, Stage::Initial, 100),
            state(2023, Stage::Initial, 2000),
            // 2023 paid: sector 1 of a state total of 3.
            line(2023, Stage::Paid, 1),
            state(2023, Stage::Paid, 3),
            // 2023 ordered: no state total → no row.
            line(2023, Stage::Ordered, 250),
            // 2022: state total without sector lines → no row.
            state(2022, Stage::Initial, 1000),
        ];
        let rows = state_share(&lines);
        assert_eq!(
            rows,
            vec![
                StateShare {
                    year: fy(2023),
                    stage: Stage::Initial,
                    sector: d("300"),
                    state_total: d("2000"),
                    // 300 / 2000 = 15 %
                    share: Some(d("15")),
                },
                StateShare {
                    year: fy(2023),
                    stage: Stage::Paid,
                    sector: d("1"),
                    state_total: d("3"),
                    // 1 / 3 = 33.333… % → 33.33
                    share: Some(d("33.33")),
                },
            ]
        );
    }
}
