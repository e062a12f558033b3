//! An assessment: one country, one year, one framework version, a score
//! from the question's bands for every question, with evidence and notes.

use std::collections::BTreeSet;

use super::{Framework, GovernanceError, Problem, is_url, required};
use crate::{CountryCode, InstitutionCode};

/// A link to what supports a score.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Evidence {
    /// What it is.
    pub title: String,
    /// A web address.
    #[serde(default)]
    pub url: Option<String>,
    /// A document of Vigie's register, by id.
    #[serde(default)]
    pub document: Option<i64>,
}

/// The score given to one question.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuestionScore {
    /// The question's code.
    pub question: String,
    /// One of the question's band scores.
    pub score: i32,
    /// What supports it.
    #[serde(default)]
    pub evidence: Vec<Evidence>,
    /// The assessor's note.
    #[serde(default)]
    pub note: String,
}

/// One country's assessment for one year.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Assessment {
    /// The framework's code.
    pub framework: String,
    /// The version answered.
    pub version: i32,
    /// The country assessed.
    pub country: CountryCode,
    /// The year assessed.
    pub year: i32,
    /// Who assessed (an institution code).
    pub assessor: InstitutionCode,
    /// Written for the demonstration: these scores assess nothing real.
    pub illustrative: bool,
    /// One score per question of the framework.
    pub scores: Vec<QuestionScore>,
}

impl Assessment {
    /// Every problem against `framework` (the version the assessment names):
    /// a year out of range, an unknown or repeated question, a score not in
    /// the question's bands, a question left without a score, evidence that
    /// points nowhere.
    pub fn validate(&self, framework: &Framework) -> Vec<Problem> {
        let mut out = Vec::new();
        if !(1960..=2100).contains(&self.year) {
            out.push(Problem::at("/year", GovernanceError::Year(self.year)));
        }
        let mut seen = BTreeSet::new();
        for (i, s) in self.scores.iter().enumerate() {
            let at = format!("/scores/{i}");
            match framework.question(&s.question) {
                None => out.push(Problem::at(
                    format!("{at}/question"),
                    GovernanceError::UnknownQuestion {
                        question: s.question.clone(),
                        framework: framework.key(),
                    },
                )),
                Some(_) if !seen.insert(s.question.as_str()) => out.push(Problem::at(
                    format!("{at}/question"),
                    GovernanceError::Duplicate(s.question.clone()),
                )),
                Some((_, q)) if q.band(s.score).is_none() => out.push(Problem::at(
                    format!("{at}/score"),
                    GovernanceError::ScoreNotInBands {
                        score: s.score,
                        bands: q.scores(),
                    },
                )),
                Some(_) => {}
            }
            for (j, e) in s.evidence.iter().enumerate() {
                let at = format!("{at}/evidence/{j}");
                required(&e.title, &format!("{at}/title"), &mut out);
                match (&e.url, e.document) {
                    (None, None) => {
                        out.push(Problem::at(at, GovernanceError::EvidenceWithoutTarget))
                    }
                    (Some(u), _) if !is_url(u) => out.push(Problem::at(
                        format!("{at}/url"),
                        GovernanceError::NotAUrl(u.clone()),
                    )),
                    _ => {}
                }
            }
        }
        for (_, q) in framework.questions() {
            if !seen.contains(q.code.as_str()) && !self.scores.iter().any(|s| s.question == q.code)
            {
                out.push(Problem::at(
                    "/scores",
                    GovernanceError::MissingScore(q.code.clone()),
                ));
            }
        }
        out
    }

    /// The score of `question`.
    pub fn score(&self, question: &str) -> Option<&QuestionScore> {
        self.scores.iter().find(|s| s.question == question)
    }
}
