//! Pure arithmetic over validated assessments: the score of each risk area
//! (the mean of its questions' scores), the overall score (the mean of the
//! areas, so that each area weighs the same whatever its number of
//! questions), and the matrix that compares countries across years.

use std::collections::{BTreeMap, BTreeSet};

use rust_decimal::Decimal;

use super::{Assessment, Framework};
use crate::CountryCode;

/// One area's score.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct AreaScore {
    /// The area's code.
    pub area: String,
    /// The mean of its questions' scores, two decimals; `None` if none was scored.
    pub score: Option<Decimal>,
}

/// An assessment's scores, area by area and overall.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ScoreSummary {
    /// In the framework's order.
    pub areas: Vec<AreaScore>,
    /// The mean of the area scores as shown (two decimals), rounded half to even.
    pub overall: Option<Decimal>,
}

fn mean(values: &[Decimal]) -> Option<Decimal> {
    if values.is_empty() {
        return None;
    }
    let sum: Decimal = values.iter().sum();
    Some((sum / Decimal::from(values.len())).round_dp(2))
}

/// The scores of `assessment` against `framework` (questions it does not
/// score are left out of their area's mean).
pub fn summarize(framework: &Framework, assessment: &Assessment) -> ScoreSummary {
    let areas: Vec<AreaScore> = framework
        .areas
        .iter()
        .map(|area| {
            let scores: Vec<Decimal> = area
                .questions
                .iter()
                .filter_map(|q| assessment.score(&q.code))
                .map(|s| Decimal::from(s.score))
                .collect();
            AreaScore {
                area: area.code.clone(),
                score: mean(&scores),
            }
        })
        .collect();
    let scored: Vec<Decimal> = areas.iter().filter_map(|a| a.score).collect();
    ScoreSummary {
        overall: mean(&scored),
        areas,
    }
}

/// Overall scores by country and year, for one framework version.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Matrix {
    /// Countries with at least one assessment, sorted.
    pub countries: Vec<CountryCode>,
    /// Years with at least one assessment, ascending.
    pub years: Vec<i32>,
    /// The summary of each (country, year) assessed.
    pub cells: BTreeMap<(CountryCode, i32), ScoreSummary>,
}

impl Matrix {
    /// The matrix of the `assessments` of `framework` (others are ignored).
    pub fn of<'a>(
        framework: &Framework,
        assessments: impl IntoIterator<Item = &'a Assessment>,
    ) -> Matrix {
        let mut cells = BTreeMap::new();
        let mut countries = BTreeSet::new();
        let mut years = BTreeSet::new();
        for a in assessments {
            if a.framework != framework.code || a.version != framework.version {
                continue;
            }
            countries.insert(a.country);
            years.insert(a.year);
            cells.insert((a.country, a.year), summarize(framework, a));
        }
        Matrix {
            countries: countries.into_iter().collect(),
            years: years.into_iter().collect(),
            cells,
        }
    }

    /// The summary for `country` in `year`.
    pub fn get(&self, country: CountryCode, year: i32) -> Option<&ScoreSummary> {
        self.cells.get(&(country, year))
    }

    /// Each country's most recent year and its summary.
    pub fn latest(&self) -> Vec<(CountryCode, i32, &ScoreSummary)> {
        self.countries
            .iter()
            .filter_map(|c| {
                self.years
                    .iter()
                    .rev()
                    .find_map(|y| self.get(*c, *y).map(|s| (*c, *y, s)))
            })
            .collect()
    }
}
