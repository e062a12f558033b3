//! Governance of the defence and security sector: who oversees what, on
//! which legal basis and with which powers (the inventory, [`profile`]), and
//! a configurable questionnaire to assess it per country and year
//! ([`framework`], [`assessment`], [`aggregate`]).
//!
//! Files are read into these types as they are written (serde), then
//! checked by `validate`, which returns every [`Problem`] with the JSON path
//! of the value at fault, so that an import can name file, line and field.

pub mod aggregate;
pub mod assessment;
pub mod framework;
pub mod profile;

pub use aggregate::{AreaScore, Matrix, ScoreSummary, summarize};
pub use assessment::{Assessment, Evidence, QuestionScore};
pub use framework::{Band, Framework, Question, RiskArea};
pub use profile::{
    AccessPower, InstitutionProfile, LegalKind, LegalText, OversightFunction, ReportingLine,
};

pub use crate::Bilingual;

/// Both languages of `text` filled in (a missing one is a problem at
/// `path/fr` or `path/en`).
pub(crate) fn check_text(text: &Bilingual, path: &str, out: &mut Vec<Problem>) {
    for lang in text.blank() {
        out.push(Problem::at(
            format!("{path}/{lang}"),
            GovernanceError::Empty,
        ));
    }
}

/// What is wrong with a governance record, independent of where it sits.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GovernanceError {
    /// A required text is empty.
    #[error("must not be empty")]
    Empty,
    /// A code is given twice where it must be unique.
    #[error("`{0}` appears twice")]
    Duplicate(String),
    /// A question with fewer than two bands cannot discriminate.
    #[error("a question needs at least two scoring bands")]
    TooFewBands,
    /// Bands must be listed with strictly increasing scores.
    #[error("band scores must increase strictly: {score} comes after {previous}")]
    BandsNotIncreasing {
        /// The band before.
        previous: i32,
        /// This band.
        score: i32,
    },
    /// A score outside the question's bands.
    #[error("{score} is not one of the question's band scores ({bands})")]
    ScoreNotInBands {
        /// The score given.
        score: i32,
        /// The allowed scores, comma-separated.
        bands: String,
    },
    /// A question code the framework does not have.
    #[error("`{question}` is not a question of framework {framework}")]
    UnknownQuestion {
        /// The code given.
        question: String,
        /// `code@version`.
        framework: String,
    },
    /// A question of the framework left without a score.
    #[error("question `{0}` of the framework has no score")]
    MissingScore(String),
    /// Evidence must point somewhere.
    #[error("evidence needs a `url` or a Vigie `document` id")]
    EvidenceWithoutTarget,
    /// Links are web addresses.
    #[error("`{0}` is not an http(s) address")]
    NotAUrl(String),
    /// A date that is not `YYYY-MM-DD`.
    #[error("`{0}` is not a date (YYYY-MM-DD)")]
    NotADate(String),
    /// A year out of range.
    #[error("{0} is not a year between 1960 and 2100")]
    Year(i32),
    /// A framework version is a positive number.
    #[error("version must be 1 or more, not {0}")]
    Version(i32),
    /// An institution reporting to itself.
    #[error("an institution does not report to itself")]
    ReportsToItself,
}

/// One problem and the JSON pointer (relative to the record) of the value at fault.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// `/areas/2/questions/0/bands/1/score`.
    pub path: String,
    /// What is wrong.
    pub error: GovernanceError,
}

impl Problem {
    pub(crate) fn at(path: impl Into<String>, error: GovernanceError) -> Problem {
        Problem {
            path: path.into(),
            error,
        }
    }
}

/// `text` non-empty.
pub(crate) fn required(text: &str, path: &str, out: &mut Vec<Problem>) {
    if text.trim().is_empty() {
        out.push(Problem::at(path, GovernanceError::Empty));
    }
}

/// A link a reader may follow: see [`crate::WebLink`].
pub(crate) fn is_url(s: &str) -> bool {
    crate::WebLink::parse("url", s).is_ok()
}

/// A `YYYY-MM-DD` calendar date.
pub(crate) fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let num = |r: std::ops::Range<usize>| s.get(r).and_then(|t| t.parse::<u16>().ok());
    match (num(0..4), num(5..7), num(8..10)) {
        (Some(y), Some(m), Some(d)) => time::Month::try_from(u8::try_from(m).unwrap_or(0))
            .ok()
            .and_then(|m| {
                time::Date::from_calendar_date(i32::from(y), m, u8::try_from(d).ok()?).ok()
            })
            .is_some(),
        _ => false,
    }
}

#[cfg(test)]
mod tests;
