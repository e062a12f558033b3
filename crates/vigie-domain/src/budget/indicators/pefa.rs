//! PEFA 2016 budget-reliability indicators applied to the defence and
//! security sector: PI-1 (aggregate expenditure outturn) and PI-2.1 / PI-2.2
//! (expenditure composition outturn by programme and by economic nature).
//!
//! PEFA assesses a whole government; Vigie reads the same tests on one
//! sector's lines, which is what an oversight body can ask of a defence
//! budget. The results are PEFA-style readings, not PEFA assessments.
//!
//! Shared rules:
//!
//! - **Approved** is the originally approved budget, the initial
//!   appropriation (LFI): PEFA measures against it, never against amending
//!   laws, which would absorb the very deviations measured.
//! - **Actual** is [`PEFA_ACTUAL_STAGE`], payment orders (ordonnancement):
//!   UEMOA and CEMAC budget execution reports are drawn on that basis, so it
//!   is the outturn the five states publish most often. PEFA's guidance asks
//!   for payments in cash-based systems; every function takes the actual
//!   stage as a parameter, and the result names the stage it used.
//! - **Period**: the three fiscal years ending at `to` (the last completed
//!   year), oldest first. A grade is met when it is met in at least two of the
//!   three years, so one outlier year does not decide the score.
//! - **Missing years**: a year without approved or actual figures cannot
//!   meet any band; PEFA counts a year without an approved budget as the
//!   outlier year, and Vigie extends that to a year without published
//!   execution. When the missing figures could have raised the grade, the
//!   result says `insufficient_information` (PEFA writes such a D as "D*").
//! - **Not rated**: when none of the three years has a single approved or
//!   actual line, there is nothing to grade: `score` is `None` (shown as
//!   "NR"), rather than a D that would blame the state for Vigie's empty
//!   store.

use crate::FiscalYear;
use crate::budget::Stage;

mod aggregate;
mod composition;

pub use aggregate::{PI1_FORMULA, Pi1, Pi1Year, pi1};
pub use composition::{
    Composition, Head, HeadOutturn, PI2_FORMULA, Pi2, Pi2Detail, Pi2DetailYear, Pi2Year, pi2,
    pi2_detail,
};

/// The stage PEFA compares outturns against: the initial appropriation
/// (LFI), the *originally approved* budget.
pub const PEFA_APPROVED_STAGE: Stage = Stage::Initial;

/// The stage Vigie counts as actual expenditure for PEFA indicators: payment
/// orders (ordonnancement), the basis of UEMOA and CEMAC execution reports.
/// Change it here (or pass another stage) to score on payments.
pub const PEFA_ACTUAL_STAGE: Stage = Stage::Ordered;

/// A PEFA letter grade, A best. Serialized as `"A"` … `"D"`.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum Score {
    /// Best performance.
    A,
    /// Second band.
    B,
    /// Basic level of performance.
    C,
    /// Below the basic level, or not evidenced.
    D,
}

/// The three fiscal years ending at `to`, oldest first (fewer only at the
/// very start of the accepted range).
fn three_years(to: FiscalYear) -> Vec<FiscalYear> {
    let mut years = vec![to];
    while years.len() < 3 {
        match years[0].previous() {
            Some(year) => years.insert(0, year),
            None => break,
        }
    }
    years
}

/// The best grade met in at least two of the years (`None` is a year that
/// meets no band); D when even C is not.
fn met_in_two_years(bands: &[Option<Score>]) -> Score {
    [Score::A, Score::B, Score::C]
        .into_iter()
        .find(|&grade| {
            bands
                .iter()
                .filter(|band| band.is_some_and(|b| b <= grade))
                .count()
                >= 2
        })
        .unwrap_or(Score::D)
}

/// The score and whether missing years may have lowered it (the grade they
/// would give if every missing year had met the A band is better).
/// `any_data` false means not rated.
fn grade(bands: &[Option<Score>], any_data: bool) -> (Option<Score>, bool) {
    if !any_data {
        return (None, true);
    }
    let score = met_in_two_years(bands);
    let at_best: Vec<Option<Score>> = bands.iter().map(|b| b.or(Some(Score::A))).collect();
    (Some(score), met_in_two_years(&at_best) < score)
}

/// The band one year falls in: the best grade whose test it passes, D when
/// it passes none.
fn best_band(passes: impl Fn(Score) -> bool) -> Score {
    [Score::A, Score::B, Score::C]
        .into_iter()
        .find(|&grade| passes(grade))
        .unwrap_or(Score::D)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::budget::indicators::fixture::fy;
    use Score::{A, B, C, D};

    #[test]
    fn two_of_three_years_decide() {
        // A, A, D: A is met twice.
        assert_eq!(met_in_two_years(&[Some(A), Some(D), Some(A)]), A);
        // B, B, D → B: the outlier year is forgiven.
        assert_eq!(met_in_two_years(&[Some(B), Some(B), Some(D)]), B);
        // A, C, D: A once, B once (A counts as B), C twice → C.
        assert_eq!(met_in_two_years(&[Some(A), Some(C), Some(D)]), C);
        // A and two missing years: met once only → D.
        assert_eq!(met_in_two_years(&[Some(A), None, None]), D);
    }

    #[test]
    fn missing_years_mark_the_score_as_a_floor() {
        // A, missing, C: scored C; had the missing year been A, it would be A.
        assert_eq!(grade(&[Some(A), None, Some(C)], true), (Some(C), true));
        // D, D, missing: D whatever the missing year was.
        assert_eq!(grade(&[Some(D), Some(D), None], true), (Some(D), false));
        // Complete years are never a floor.
        assert_eq!(grade(&[Some(B), Some(A), Some(D)], true), (Some(B), false));
        // Nothing at all: not rated.
        assert_eq!(grade(&[None, None, None], false), (None, true));
    }

    #[test]
    fn the_period_ends_at_the_year_given() {
        assert_eq!(three_years(fy(2023)), vec![fy(2021), fy(2022), fy(2023)]);
        assert_eq!(three_years(fy(FiscalYear::MIN)).len(), 1);
    }
}
