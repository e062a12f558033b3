//! Budget lines for the indicators' worked examples: one country (Burkina
//! Faso, francs CFA), whole francs, headings that only change where an
//! example needs them to.

use rust_decimal::Decimal;

use crate::budget::{BudgetLine, EconomicNature, Scope, Stage};
use crate::{CountryCode, Currency, FiscalYear, Money};

/// A decimal from its text.
pub(super) fn d(s: &str) -> Decimal {
    s.parse().expect("a decimal literal")
}

/// A fiscal year in range.
pub(super) fn fy(year: i32) -> FiscalYear {
    FiscalYear::new(year).expect("a year in range")
}

/// A sector line of programme `P1`, personnel, in the defence section.
pub(super) fn line(year: i32, stage: Stage, amount: i64) -> BudgetLine {
    BudgetLine {
        country: CountryCode::BFA,
        year: fy(year),
        scope: Scope::Sector,
        section: "Défense".into(),
        program: "P1".into(),
        action: String::new(),
        nature: Some(EconomicNature::Personnel),
        function: None,
        stage,
        amount: Money::new(Decimal::from(amount), Currency::Xof).expect("whole francs"),
        law: None,
        classification: None,
    }
}

/// The same line in another programme and economic nature.
pub(super) fn head(
    year: i32,
    stage: Stage,
    program: &str,
    nature: EconomicNature,
    amount: i64,
) -> BudgetLine {
    BudgetLine {
        program: program.into(),
        nature: Some(nature),
        ..line(year, stage, amount)
    }
}

/// A total state budget line.
pub(super) fn state(year: i32, stage: Stage, amount: i64) -> BudgetLine {
    BudgetLine {
        scope: Scope::StateTotal,
        section: String::new(),
        program: String::new(),
        nature: None,
        ..line(year, stage, amount)
    }
}

/// A programming law's plan for a year, given as one figure.
pub(super) fn plan(year: i32, law: &str, amount: i64) -> BudgetLine {
    BudgetLine {
        program: String::new(),
        nature: None,
        law: Some(law.into()),
        ..line(year, Stage::Planned, amount)
    }
}
