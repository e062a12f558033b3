//! An assessment framework: risk areas, their questions, and for each
//! question the scoring bands with the criterion that earns each score.

use std::collections::BTreeSet;

use super::{Bilingual, GovernanceError, Problem, check_text, required};

/// A score and the criterion that earns it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Band {
    /// The score (0 to 4 in Vigie's framework).
    pub score: i32,
    /// What must hold for it.
    pub criterion: Bilingual,
}

/// One question of a risk area.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    /// Unique in the framework (`BT1`).
    pub code: String,
    /// The question.
    pub text: Bilingual,
    /// How to answer it.
    pub guidance: Bilingual,
    /// What the assessor must produce.
    pub evidence: Bilingual,
    /// Its bands, scores strictly increasing.
    pub bands: Vec<Band>,
}

impl Question {
    /// The band with `score`.
    pub fn band(&self, score: i32) -> Option<&Band> {
        self.bands.iter().find(|b| b.score == score)
    }

    /// The highest score a question can get.
    pub fn max_score(&self) -> i32 {
        self.bands.last().map_or(0, |b| b.score)
    }

    /// The allowed scores, `0, 1, 2, 3, 4`.
    pub fn scores(&self) -> String {
        self.bands
            .iter()
            .map(|b| b.score.to_string())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// A risk area and its questions.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RiskArea {
    /// Unique in the framework (`BT`).
    pub code: String,
    /// Its name.
    pub title: Bilingual,
    /// Its questions.
    pub questions: Vec<Question>,
}

/// A versioned questionnaire. A published version never changes: an
/// assessment names the version it answered.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Framework {
    /// Its code (`VIGIE-GOV`).
    pub code: String,
    /// Its version, 1 or more.
    pub version: i32,
    /// Its name.
    pub title: Bilingual,
    /// What it is for and who wrote it.
    pub description: Bilingual,
    /// Written for the demonstration, not an endorsed instrument.
    pub illustrative: bool,
    /// Its areas.
    pub areas: Vec<RiskArea>,
}

impl Framework {
    /// `code@version`, how errors and pages name it.
    pub fn key(&self) -> String {
        format!("{}@{}", self.code, self.version)
    }

    /// The question with `code`, and its area.
    pub fn question(&self, code: &str) -> Option<(&RiskArea, &Question)> {
        self.areas
            .iter()
            .find_map(|a| a.questions.iter().find(|q| q.code == code).map(|q| (a, q)))
    }

    /// Every question, in order.
    pub fn questions(&self) -> impl Iterator<Item = (&RiskArea, &Question)> {
        self.areas
            .iter()
            .flat_map(|a| a.questions.iter().map(move |q| (a, q)))
    }

    /// Every problem: empty texts, codes not unique (areas and questions
    /// share one namespace), fewer than two bands, band scores not
    /// strictly increasing, a version below 1.
    pub fn validate(&self) -> Vec<Problem> {
        let mut out = Vec::new();
        required(&self.code, "/code", &mut out);
        if self.version < 1 {
            out.push(Problem::at(
                "/version",
                GovernanceError::Version(self.version),
            ));
        }
        check_text(&self.title, "/title", &mut out);
        check_text(&self.description, "/description", &mut out);
        if self.areas.is_empty() {
            out.push(Problem::at("/areas", GovernanceError::Empty));
        }
        let mut codes = BTreeSet::new();
        let mut unique = |code: &str, path: String, out: &mut Vec<Problem>| {
            if code.trim().is_empty() {
                out.push(Problem::at(path, GovernanceError::Empty));
            } else if !codes.insert(code.to_owned()) {
                out.push(Problem::at(
                    path,
                    GovernanceError::Duplicate(code.to_owned()),
                ));
            }
        };
        for (i, area) in self.areas.iter().enumerate() {
            let at = format!("/areas/{i}");
            unique(&area.code, format!("{at}/code"), &mut out);
            check_text(&area.title, &format!("{at}/title"), &mut out);
            if area.questions.is_empty() {
                out.push(Problem::at(
                    format!("{at}/questions"),
                    GovernanceError::Empty,
                ));
            }
            for (j, q) in area.questions.iter().enumerate() {
                let at = format!("{at}/questions/{j}");
                unique(&q.code, format!("{at}/code"), &mut out);
                check_text(&q.text, &format!("{at}/text"), &mut out);
                check_text(&q.guidance, &format!("{at}/guidance"), &mut out);
                check_text(&q.evidence, &format!("{at}/evidence"), &mut out);
                if q.bands.len() < 2 {
                    out.push(Problem::at(
                        format!("{at}/bands"),
                        GovernanceError::TooFewBands,
                    ));
                }
                for (k, band) in q.bands.iter().enumerate() {
                    let previous = k.checked_sub(1).map(|p| q.bands[p].score);
                    if let Some(previous) = previous.filter(|p| band.score <= *p) {
                        out.push(Problem::at(
                            format!("{at}/bands/{k}/score"),
                            GovernanceError::BandsNotIncreasing {
                                previous,
                                score: band.score,
                            },
                        ));
                    }
                    check_text(
                        &band.criterion,
                        &format!("{at}/bands/{k}/criterion"),
                        &mut out,
                    );
                }
            }
        }
        out
    }
}
