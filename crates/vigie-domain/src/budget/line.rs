//! One budget amount and the rules every line keeps, whatever its source.

use crate::{CountryCode, FiscalYear, Invalid, Money};

use super::{Cofog, EconomicNature, Scope, Stage};

/// One amount of a budget: a heading at one stage of one fiscal year.
///
/// Text fields are the labels as the budget law prints them ("Section 24 —
/// Ministère de la Défense"); Vigie does not impose a nomenclature on five
/// states that each have their own. An empty `action` means the line is at
/// programme level.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct BudgetLine {
    /// The state.
    pub country: CountryCode,
    /// The fiscal year.
    pub year: FiscalYear,
    /// Sector line, or the total state budget.
    pub scope: Scope,
    /// Ministry or budget section.
    pub section: String,
    /// Programme.
    pub program: String,
    /// Action within the programme; empty at programme level.
    pub action: String,
    /// Economic nature; `None` for state totals and plans given as one figure.
    pub nature: Option<EconomicNature>,
    /// COFOG function, where known.
    pub function: Option<Cofog>,
    /// The stage this amount is at.
    pub stage: Stage,
    /// The amount.
    pub amount: Money,
    /// The programming law this plan comes from (its reference), for
    /// [`Stage::Planned`] only.
    pub law: Option<String>,
    /// The classification level's code in the country's scheme; `None` is
    /// public. Checked against the scheme when stored (the domain does not
    /// know the schemes).
    pub classification: Option<String>,
}

/// What makes a line the same line on a second import: everything but the
/// amount and the classification. Re-importing a file matches on this key, so
/// the same file twice changes nothing and a corrected file updates amounts.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct BudgetKey {
    /// The state.
    pub country: CountryCode,
    /// The fiscal year.
    pub year: FiscalYear,
    /// Sector or state total.
    pub scope: Scope,
    /// Section.
    pub section: String,
    /// Programme.
    pub program: String,
    /// Action.
    pub action: String,
    /// Economic nature code, empty when none.
    pub nature: Option<EconomicNature>,
    /// COFOG code, when known.
    pub function: Option<Cofog>,
    /// Stage.
    pub stage: Stage,
    /// Programming law reference, for plans.
    pub law: Option<String>,
}

impl BudgetLine {
    /// The natural key.
    pub fn key(&self) -> BudgetKey {
        BudgetKey {
            country: self.country,
            year: self.year,
            scope: self.scope,
            section: self.section.clone(),
            program: self.program.clone(),
            action: self.action.clone(),
            nature: self.nature,
            function: self.function.clone(),
            stage: self.stage,
            law: self.law.clone(),
        }
    }

    /// Checks the rules that hold between fields, returning the first broken
    /// one (each names its field, for the importer to point at the column):
    ///
    /// Amounts may be negative: execution reports carry regularisation
    /// lines (`Régularisations`, a payment cancelled) that are. What cannot
    /// be negative is a stage's total for a country and year, which is a
    /// cumulative amount; the store checks it once every line of the year
    /// is known.
    ///
    /// - a sector line that executes or votes money names its section,
    ///   programme and economic nature (without them it cannot be placed in
    ///   any composition);
    /// - a plan names its programming law, and only a plan does;
    /// - the total state budget is public (Tshwane Principles: the overall
    ///   budget is never secret) and is neither planned nor broken down.
    pub fn check(&self) -> Result<(), Invalid> {
        let planned = self.stage == Stage::Planned;
        match (&self.law, planned) {
            (None, true) => {
                return Err(Invalid::new(
                    "law",
                    "",
                    "a planned amount names the programming law it comes from",
                ));
            }
            (Some(law), false) => {
                return Err(Invalid::new(
                    "law",
                    law,
                    "only planned amounts (stage planned) come from a programming law",
                ));
            }
            _ => {}
        }
        match self.scope {
            Scope::Sector if !planned => {
                for (field, value) in [("section", &self.section), ("program", &self.program)] {
                    if value.trim().is_empty() {
                        return Err(Invalid::new(field, "", "required for a sector line"));
                    }
                }
                if self.nature.is_none() {
                    return Err(Invalid::new(
                        "economic nature",
                        "",
                        "required for a sector line",
                    ));
                }
            }
            Scope::Sector => {}
            Scope::StateTotal => {
                if planned {
                    return Err(Invalid::new(
                        "stage",
                        self.stage.code(),
                        "the total state budget is voted and executed, not planned by a programming law",
                    ));
                }
                if let Some(level) = &self.classification {
                    return Err(Invalid::new(
                        "classification",
                        level,
                        "the total state budget is public",
                    ));
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use rust_decimal::Decimal;

    use super::*;
    use crate::Currency;

    fn line() -> BudgetLine {
        BudgetLine {
            country: CountryCode::BFA,
            year: FiscalYear::new(2023).unwrap(),
            scope: Scope::Sector,
            section: "Ministère de la Défense".into(),
            program: "Défense du territoire".into(),
            action: String::new(),
            nature: Some(EconomicNature::Personnel),
            function: Some("02.1".parse().unwrap()),
            stage: Stage::Initial,
            amount: Money::new(Decimal::from(1000), Currency::Xof).unwrap(),
            law: None,
            classification: None,
        }
    }

    #[test]
    fn a_complete_line_passes() {
        line().check().unwrap();
    }

    #[test]
    fn each_rule_names_its_field() {
        type Edit = Box<dyn Fn(&mut BudgetLine)>;
        let cases: Vec<(&str, Edit)> = vec![
            ("program", Box::new(|l| l.program = " ".into())),
            ("economic nature", Box::new(|l| l.nature = None)),
            ("law", Box::new(|l| l.stage = Stage::Planned)),
            ("law", Box::new(|l| l.law = Some("LPM 2024-2028".into()))),
            (
                "classification",
                Box::new(|l| {
                    l.scope = Scope::StateTotal;
                    l.classification = Some("CD".into());
                }),
            ),
            (
                "stage",
                Box::new(|l| {
                    l.scope = Scope::StateTotal;
                    l.stage = Stage::Planned;
                    l.law = Some("LPM".into());
                }),
            ),
        ];
        for (field, edit) in cases {
            let mut l = line();
            edit(&mut l);
            assert_eq!(l.check().unwrap_err().field, field);
        }
    }

    #[test]
    fn a_regularisation_line_may_be_negative() {
        let mut l = line();
        l.stage = Stage::Paid;
        l.section = "Régularisations".into();
        l.amount = Money::new(Decimal::from(-1234), Currency::Xof).unwrap();
        l.check().unwrap();
    }

    #[test]
    fn a_plan_may_be_one_figure_for_the_year() {
        let mut l = line();
        l.stage = Stage::Planned;
        l.law = Some("Loi n° 2023-005 de programmation militaire 2024-2028".into());
        l.program.clear();
        l.nature = None;
        l.check().unwrap();
    }

    #[test]
    fn the_key_ignores_amount_and_classification() {
        let a = line();
        let mut b = line();
        b.amount = Money::new(Decimal::from(5), Currency::Xof).unwrap();
        b.classification = Some("CD".into());
        assert_eq!(a.key(), b.key());
        b.stage = Stage::Paid;
        assert_ne!(a.key(), b.key());
    }
}
