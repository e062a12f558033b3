//! Assessments on the web: the framework shown (the latest version of the
//! first framework that has assessments), its matrix of countries and
//! years, and the downloads.

use rust_decimal::Decimal;
use serde::Serialize;
use vigie_domain::governance::{Assessment, Framework, Matrix, ScoreSummary, summarize};

use crate::budget::{Cell, Table};
use crate::{AppState, WebError};

/// The framework shown and its assessments.
pub struct Assessed {
    pub framework: Framework,
    pub assessments: Vec<Assessment>,
    pub matrix: Matrix,
}

/// The framework with assessments (the highest version of the first code
/// that has some; else the latest framework stored), or 404 when none is.
pub async fn assessed(state: &AppState) -> Result<Assessed, WebError> {
    let store = state.store();
    let frameworks = store.governance().frameworks().await?;
    let all = store.governance().assessments().await?;
    let has = |f: &Framework| {
        all.iter()
            .any(|a| a.framework == f.code && a.version == f.version)
    };
    let framework = frameworks
        .iter()
        .rev()
        .find(|f| has(f))
        .or(frameworks.last())
        .cloned()
        .ok_or(WebError::NotFound)?;
    let assessments: Vec<Assessment> = all
        .into_iter()
        .filter(|a| a.framework == framework.code && a.version == framework.version)
        .collect();
    let matrix = Matrix::of(&framework, &assessments);
    Ok(Assessed {
        framework,
        assessments,
        matrix,
    })
}

/// One assessment as the API returns it: its scores and their summary.
#[derive(Serialize)]
pub struct AssessmentJson<'a> {
    #[serde(flatten)]
    pub assessment: &'a Assessment,
    pub summary: ScoreSummary,
}

/// The assessments API body.
#[derive(Serialize)]
pub struct AssessmentsJson<'a> {
    pub framework: &'a Framework,
    pub assessments: Vec<AssessmentJson<'a>>,
}

impl Assessed {
    /// The API body, for the assessments `keep` selects.
    pub fn json(&self, keep: impl Fn(&Assessment) -> bool) -> AssessmentsJson<'_> {
        AssessmentsJson {
            framework: &self.framework,
            assessments: self
                .assessments
                .iter()
                .filter(|a| keep(a))
                .map(|a| AssessmentJson {
                    assessment: a,
                    summary: summarize(&self.framework, a),
                })
                .collect(),
        }
    }

    /// Area and overall scores, one row per (country, year, area); the
    /// overall score has area `overall`.
    pub fn summary_table(&self, keep: impl Fn(&Assessment) -> bool) -> Table {
        let mut t = Table::new(
            "assessment_summary",
            vec![
                "framework",
                "version",
                "country",
                "year",
                "area",
                "score",
                "illustrative",
            ],
        );
        for a in self.assessments.iter().filter(|a| keep(a)) {
            let s = summarize(&self.framework, a);
            let rows = s
                .areas
                .iter()
                .map(|x| (x.area.as_str(), x.score))
                .chain([("overall", s.overall)]);
            for (area, score) in rows {
                t.push(vec![
                    a.framework.as_str().into(),
                    a.version.into(),
                    a.country.as_str().into(),
                    a.year.into(),
                    area.into(),
                    score.map_or(Cell::Empty, Cell::from),
                    (if a.illustrative { "true" } else { "false" }).into(),
                ]);
            }
        }
        t
    }

    /// Every score, with its band's criterion and its evidence addresses.
    pub fn scores_table(&self, keep: impl Fn(&Assessment) -> bool) -> Table {
        let mut t = Table::new(
            "assessment_scores",
            vec![
                "country",
                "year",
                "area",
                "question",
                "score",
                "criterion_fr",
                "criterion_en",
                "evidence",
                "note",
            ],
        );
        for a in self.assessments.iter().filter(|a| keep(a)) {
            for (area, q) in self.framework.questions() {
                let Some(s) = a.score(&q.code) else { continue };
                let band = q.band(s.score);
                let evidence = s
                    .evidence
                    .iter()
                    .map(|e| match (&e.url, e.document) {
                        (Some(u), _) => u.clone(),
                        (None, Some(d)) => format!("/documents/{d}"),
                        (None, None) => e.title.clone(),
                    })
                    .collect::<Vec<_>>()
                    .join(" ");
                t.push(vec![
                    a.country.as_str().into(),
                    a.year.into(),
                    area.code.as_str().into(),
                    q.code.as_str().into(),
                    Cell::Number(Decimal::from(s.score)),
                    band.map(|b| b.criterion.fr.as_str()).into(),
                    band.map(|b| b.criterion.en.as_str()).into(),
                    evidence.into(),
                    s.note.as_str().into(),
                ]);
            }
        }
        t
    }
}
