//! PEFA PI-2.1 and PI-2.2, expenditure composition outturn: was the money
//! spent where it was voted? Reallocations between programmes (2.1) or
//! between economic natures (2.2) during the year show here even when the
//! total matches the vote.
//!
//! The aggregate deviation is removed first: each head's approved amount is
//! scaled by total actual ÷ total approved, so a budget that is 10 % overspent
//! evenly has no composition variance (that is PI-1's business).
//!
//! Departures from PEFA, for one sector: every head is compared (PEFA caps
//! administrative comparisons at the 20 largest heads), economic natures are
//! the UEMOA/CEMAC titles rather than two-digit GFS, and contingency
//! reserves (2.3) are not computed.
//!
//! [`Pi2`] carries only totals and percentages, safe for every reader.
//! [`Pi2Detail`] names each head, classified ones included, for entitled
//! readers only.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::{PEFA_APPROVED_STAGE, Score, best_band, grade, three_years};
use crate::FiscalYear;
use crate::budget::indicators::{Formula, ProgramHead, percent, two_places};
use crate::budget::{BudgetLine, EconomicNature, Scope, Stage};

/// The PI-2 formula and scoring rule.
pub const PI2_FORMULA: Formula = Formula {
    en: "Composition variance (PEFA PI-2.1 by programme, PI-2.2 by economic nature) = sum over \
         heads of |actual − approved × (total actual ÷ total approved)| ÷ sum of the adjusted \
         approved amounts × 100, with approved = initial budget (LFI) and actual = payment \
         orders. Scored on the last three completed years: A if under 5 % in at least two of \
         them, B under 10 %, C under 15 %, D otherwise.",
    fr: "Variance de composition (PEFA PI-2.1 par programme, PI-2.2 par nature économique) = \
         somme sur les postes de |dépense effective − montant approuvé × (total effectif ÷ total \
         approuvé)| ÷ somme des montants approuvés ajustés × 100, avec approuvé = budget initial \
         (LFI) et effectif = ordonnancements. Notée sur les trois derniers exercices clos : A si \
         moins de 5 % pour au moins deux d'entre eux, B moins de 10 %, C moins de 15 %, D sinon.",
};

/// The classification PI-2 compares by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Composition {
    /// PI-2.1: programme heads (section and programme).
    ByProgram,
    /// PI-2.2: economic nature.
    ByNature,
}

impl Composition {
    /// The PEFA dimension: `"2.1"` or `"2.2"`.
    pub fn dimension(self) -> &'static str {
        match self {
            Composition::ByProgram => "2.1",
            Composition::ByNature => "2.2",
        }
    }

    fn head(self, line: &BudgetLine) -> Head {
        match self {
            Composition::ByProgram => Head::Program(ProgramHead::of(line)),
            Composition::ByNature => Head::Nature {
                nature: line.nature,
            },
        }
    }
}

/// A head compared by PI-2. Serialized with a `by` tag: `{"by": "program",
/// "section": …, "program": …}` or `{"by": "nature", "nature": …}`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(tag = "by", rename_all = "snake_case")]
pub enum Head {
    /// A programme head.
    Program(ProgramHead),
    /// An economic nature (`None` for lines given without one).
    Nature {
        /// The nature.
        nature: Option<EconomicNature>,
    },
}

/// PI-2.1 or PI-2.2 over three years, without head labels: safe for every
/// reader.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Pi2 {
    /// By programme (2.1) or by economic nature (2.2).
    pub composition: Composition,
    /// The stage taken as approved: always the initial appropriation.
    pub approved_stage: Stage,
    /// The stage taken as actual expenditure.
    pub actual_stage: Stage,
    /// The three years, oldest first.
    pub years: Vec<Pi2Year>,
    /// The letter; `None` when not rated (no figure in any of the years).
    pub score: Option<Score>,
    /// Missing figures may have lowered the score: it is a floor (PEFA's D*).
    pub insufficient_information: bool,
}

/// One year of PI-2.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Pi2Year {
    /// The fiscal year.
    pub year: FiscalYear,
    /// Sector total at the initial appropriation; `None` when not given.
    pub approved: Option<Decimal>,
    /// Sector total at the actual stage; `None` when not given.
    pub actual: Option<Decimal>,
    /// Composition variance in percent; `None` when either total is missing
    /// or zero.
    pub variance: Option<Decimal>,
    /// The best band the year meets (D at 15 % or more); `None` when there is
    /// no variance, which meets no band.
    pub band: Option<Score>,
}

/// PI-2 with each head's figures. **For entitled readers only**: it names
/// every head, classified ones included; public pages use [`Pi2`].
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Pi2Detail {
    /// By programme (2.1) or by economic nature (2.2).
    pub composition: Composition,
    /// The stage taken as approved: always the initial appropriation.
    pub approved_stage: Stage,
    /// The stage taken as actual expenditure.
    pub actual_stage: Stage,
    /// The three years, oldest first.
    pub years: Vec<Pi2DetailYear>,
}

/// One year of PI-2, head by head.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Pi2DetailYear {
    /// The fiscal year.
    pub year: FiscalYear,
    /// Every head with an approved or actual amount, in head order.
    pub heads: Vec<HeadOutturn>,
}

/// One head's outturn in one year.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct HeadOutturn {
    /// The head.
    pub head: Head,
    /// Initial appropriation of the head (zero when it had none).
    pub approved: Decimal,
    /// Actual expenditure of the head (zero when it had none).
    pub actual: Decimal,
    /// Approved × total actual ÷ total approved, to two decimals; `None`
    /// when a total is missing or zero.
    pub adjusted: Option<Decimal>,
    /// |actual − adjusted|, to two decimals; `None` with `adjusted`.
    pub deviation: Option<Decimal>,
    /// Whether any line of the head carries a classification level: the web
    /// layer redacts such heads for readers below it.
    pub classified: bool,
}

/// PI-2 of the sector over the three fiscal years ending at `to`, by
/// programme (2.1) or economic nature (2.2), with `actual` as the
/// expenditure stage (normally [`super::PEFA_ACTUAL_STAGE`]). Bands are
/// strict: exactly 5 % is B.
pub fn pi2(lines: &[BudgetLine], to: FiscalYear, actual: Stage, by: Composition) -> Pi2 {
    let years: Vec<Pi2Year> = three_years(to)
        .into_iter()
        .map(|year| {
            let heads = HeadSums::of_year(lines, year, actual, by);
            let variance = heads.variance();
            Pi2Year {
                year,
                approved: heads.approved_total,
                actual: heads.actual_total,
                variance: variance.and_then(|v| percent(v, Decimal::ONE)),
                band: variance.map(variance_band),
            }
        })
        .collect();
    let bands: Vec<Option<Score>> = years.iter().map(|y| y.band).collect();
    let any_data = years
        .iter()
        .any(|y| y.approved.is_some() || y.actual.is_some());
    let (score, insufficient_information) = grade(&bands, any_data);
    Pi2 {
        composition: by,
        approved_stage: PEFA_APPROVED_STAGE,
        actual_stage: actual,
        years,
        score,
        insufficient_information,
    }
}

/// PI-2's head-by-head figures over the same three years (entitled readers
/// only: see [`Pi2Detail`]).
pub fn pi2_detail(
    lines: &[BudgetLine],
    to: FiscalYear,
    actual: Stage,
    by: Composition,
) -> Pi2Detail {
    let years = three_years(to)
        .into_iter()
        .map(|year| {
            let sums = HeadSums::of_year(lines, year, actual, by);
            let scale = sums
                .approved_total
                .zip(sums.actual_total)
                .and_then(|(approved, spent)| spent.checked_div(approved));
            let heads = sums
                .heads
                .into_iter()
                .map(|(head, sum)| {
                    let adjusted = scale.and_then(|s| sum.approved.checked_mul(s));
                    HeadOutturn {
                        head,
                        approved: sum.approved,
                        actual: sum.actual,
                        adjusted: adjusted.map(two_places),
                        deviation: adjusted.map(|a| two_places((sum.actual - a).abs())),
                        classified: sum.classified,
                    }
                })
                .collect();
            Pi2DetailYear { year, heads }
        })
        .collect();
    Pi2Detail {
        composition: by,
        approved_stage: PEFA_APPROVED_STAGE,
        actual_stage: actual,
        years,
    }
}

/// One head's sums in one year.
#[derive(Debug, Default)]
struct Sum {
    approved: Decimal,
    actual: Decimal,
    classified: bool,
}

/// The heads of one year and the two totals (`None` when no line exists).
#[derive(Debug)]
struct HeadSums {
    heads: BTreeMap<Head, Sum>,
    approved_total: Option<Decimal>,
    actual_total: Option<Decimal>,
}

impl HeadSums {
    fn of_year(lines: &[BudgetLine], year: FiscalYear, actual: Stage, by: Composition) -> Self {
        let mut sums = HeadSums {
            heads: BTreeMap::new(),
            approved_total: None,
            actual_total: None,
        };
        for line in lines
            .iter()
            .filter(|l| l.scope == Scope::Sector && l.year == year)
        {
            let is_approved = line.stage == PEFA_APPROVED_STAGE;
            if !is_approved && line.stage != actual {
                continue;
            }
            let amount = line.amount.amount();
            let total = if is_approved {
                &mut sums.approved_total
            } else {
                &mut sums.actual_total
            };
            *total = Some(total.unwrap_or_default() + amount);
            let sum = sums.heads.entry(by.head(line)).or_default();
            if is_approved {
                sum.approved += amount;
            } else {
                sum.actual += amount;
            }
            sum.classified |= line.classification.is_some();
        }
        sums
    }

    /// The composition variance as a ratio (not in percent).
    ///
    /// With A and B the actual and approved totals, head i's deviation is
    /// |actualᵢ − approvedᵢ × A ÷ B| and the adjusted amounts sum to A, so
    /// the variance is Σ |actualᵢ × B − approvedᵢ × A| ÷ (A × B): one
    /// division, so a variance of exactly 5 % is exactly 0.05. `None` when a
    /// total is missing or zero, or (beyond any real budget: totals above
    /// 10^14) when the products leave the decimal range.
    fn variance(&self) -> Option<Decimal> {
        let (approved, spent) = (self.approved_total?, self.actual_total?);
        let mut deviations = Decimal::ZERO;
        for sum in self.heads.values() {
            let gap = sum
                .actual
                .checked_mul(approved)?
                .checked_sub(sum.approved.checked_mul(spent)?)?;
            deviations = deviations.checked_add(gap.abs())?;
        }
        deviations.checked_div(spent.checked_mul(approved)?)
    }
}

/// The band of a variance ratio: under 5, 10 or 15 %, bounds excluded.
fn variance_band(variance: Decimal) -> Score {
    best_band(|grade| {
        let limit = match grade {
            Score::A => Decimal::new(5, 2),
            Score::B => Decimal::new(10, 2),
            Score::C => Decimal::new(15, 2),
            Score::D => return true,
        };
        variance < limit
    })
}

#[cfg(test)]
mod tests;
