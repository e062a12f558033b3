//! The rows governance is stored in, built from the domain records on
//! import and read back by `vigie log verify`: both sides hash the same
//! structs, so a row changed behind the log's back no longer matches.
//!
//! Profiles are stored as rows (legal texts and reporting lines are listed,
//! joined and compared across countries). A framework version is stored as
//! its canonical JSON: it is only ever read and shown whole, never queried
//! by question, and one column keeps a published version byte-for-byte
//! what was imported. An assessment's scores are rows (one per question,
//! for comparisons), each with its evidence links as a JSON array.

use vigie_domain::governance::{Assessment, Framework, InstitutionProfile};

use crate::log::state;

/// A `governance_profiles` row.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub(crate) struct ProfileRecord {
    pub institution: String,
    pub functions_fr: String,
    pub functions_en: String,
    pub mandate_fr: String,
    pub mandate_en: String,
    pub access: String,
    pub access_note_fr: String,
    pub access_note_en: String,
    pub source: String,
    pub illustrative: bool,
}

/// A `governance_legal_texts` row.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub(crate) struct LegalRecord {
    pub institution: String,
    pub position: i32,
    pub kind: String,
    pub number: String,
    pub date: Option<String>,
    pub title_fr: String,
    pub title_en: String,
    pub source: String,
}

/// A `governance_reporting_lines` row.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub(crate) struct LineRecord {
    pub institution: String,
    pub reports_to: String,
    pub nature_fr: String,
    pub nature_en: String,
}

/// An `assessments` row.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub(crate) struct AssessmentRecord {
    pub framework: String,
    pub version: i32,
    pub country: String,
    pub year: i32,
    pub assessor: String,
    pub illustrative: bool,
}

/// An `assessment_scores` row.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub(crate) struct ScoreRecord {
    pub framework: String,
    pub version: i32,
    pub country: String,
    pub year: i32,
    pub question: String,
    pub score: i32,
    pub note: String,
    pub evidence: String,
}

/// A profile as its three tables' rows.
pub(crate) fn profile_rows(
    p: &InstitutionProfile,
) -> (ProfileRecord, Vec<LegalRecord>, Vec<LineRecord>) {
    let code = p.institution.as_str().to_owned();
    let profile = ProfileRecord {
        institution: code.clone(),
        functions_fr: p.functions.fr.clone(),
        functions_en: p.functions.en.clone(),
        mandate_fr: p.mandate.fr.clone(),
        mandate_en: p.mandate.en.clone(),
        access: p.access.code().to_owned(),
        access_note_fr: p.access_note.fr.clone(),
        access_note_en: p.access_note.en.clone(),
        source: p.source.clone(),
        illustrative: p.illustrative,
    };
    let legal = p
        .legal_bases
        .iter()
        .enumerate()
        .map(|(i, t)| LegalRecord {
            institution: code.clone(),
            position: i32::try_from(i).unwrap_or(i32::MAX),
            kind: t.kind.code().to_owned(),
            number: t.number.clone(),
            date: t.date.clone(),
            title_fr: t.title.fr.clone(),
            title_en: t.title.en.clone(),
            source: t.source.clone(),
        })
        .collect();
    let mut lines: Vec<LineRecord> = p
        .reporting_lines
        .iter()
        .map(|r| LineRecord {
            institution: code.clone(),
            reports_to: r.to.as_str().to_owned(),
            nature_fr: r.nature.fr.clone(),
            nature_en: r.nature.en.clone(),
        })
        .collect();
    lines.sort_by(|a, b| a.reports_to.cmp(&b.reports_to));
    (profile, legal, lines)
}

fn pairs(fields: &[(&str, &str)]) -> Vec<(String, String)> {
    fields
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

/// The state of a profile: its row, its legal texts by position, its
/// reporting lines by institution reported to.
pub(crate) fn profile_state(
    p: &ProfileRecord,
    legal: &[LegalRecord],
    lines: &[LineRecord],
) -> [u8; 32] {
    let head = pairs(&[
        ("institution", &p.institution),
        ("functions_fr", &p.functions_fr),
        ("functions_en", &p.functions_en),
        ("mandate_fr", &p.mandate_fr),
        ("mandate_en", &p.mandate_en),
        ("access", &p.access),
        ("access_note_fr", &p.access_note_fr),
        ("access_note_en", &p.access_note_en),
        ("source", &p.source),
        (
            "illustrative",
            if p.illustrative { "true" } else { "false" },
        ),
    ]);
    let legal = legal
        .iter()
        .map(|t| {
            pairs(&[
                ("position", &t.position.to_string()),
                ("kind", &t.kind),
                ("number", &t.number),
                ("date", t.date.as_deref().unwrap_or("")),
                ("title_fr", &t.title_fr),
                ("title_en", &t.title_en),
                ("source", &t.source),
            ])
        })
        .collect();
    let lines = lines
        .iter()
        .map(|l| {
            pairs(&[
                ("reports_to", &l.reports_to),
                ("nature_fr", &l.nature_fr),
                ("nature_en", &l.nature_en),
            ])
        })
        .collect();
    state::rows("institution_profile", &[vec![head], legal, lines])
}

/// The canonical JSON of a framework version.
pub(crate) fn framework_definition(f: &Framework) -> String {
    serde_json::to_string(f).unwrap_or_default()
}

/// The state of a framework version: its indexed columns and its definition.
pub(crate) fn framework_state(
    code: &str,
    version: i32,
    title_fr: &str,
    title_en: &str,
    illustrative: bool,
    definition: &str,
) -> [u8; 32] {
    let row = pairs(&[
        ("code", code),
        ("version", &version.to_string()),
        ("title_fr", title_fr),
        ("title_en", title_en),
        ("illustrative", if illustrative { "true" } else { "false" }),
        ("definition", definition),
    ]);
    state::rows("assessment_framework", &[vec![row]])
}

/// The id of an assessment in the log: `VIGIE-GOV@1/MLI/2023`.
pub(crate) fn assessment_id(framework: &str, version: i32, country: &str, year: i32) -> String {
    format!("{framework}@{version}/{country}/{year}")
}

/// An assessment as its rows, scores in question order.
pub(crate) fn assessment_rows(a: &Assessment) -> (AssessmentRecord, Vec<ScoreRecord>) {
    let head = AssessmentRecord {
        framework: a.framework.clone(),
        version: a.version,
        country: a.country.as_str().to_owned(),
        year: a.year,
        assessor: a.assessor.as_str().to_owned(),
        illustrative: a.illustrative,
    };
    let mut scores: Vec<ScoreRecord> = a
        .scores
        .iter()
        .map(|s| ScoreRecord {
            framework: head.framework.clone(),
            version: head.version,
            country: head.country.clone(),
            year: head.year,
            question: s.question.clone(),
            score: s.score,
            note: s.note.clone(),
            evidence: serde_json::to_string(&s.evidence).unwrap_or_default(),
        })
        .collect();
    scores.sort_by(|a, b| a.question.cmp(&b.question));
    (head, scores)
}

/// The state of an assessment: its row and its scores by question.
pub(crate) fn assessment_state(a: &AssessmentRecord, scores: &[ScoreRecord]) -> [u8; 32] {
    let head = pairs(&[
        ("framework", &a.framework),
        ("version", &a.version.to_string()),
        ("country", &a.country),
        ("year", &a.year.to_string()),
        ("assessor", &a.assessor),
        (
            "illustrative",
            if a.illustrative { "true" } else { "false" },
        ),
    ]);
    let scores = scores
        .iter()
        .map(|s| {
            pairs(&[
                ("question", &s.question),
                ("score", &s.score.to_string()),
                ("note", &s.note),
                ("evidence", &s.evidence),
            ])
        })
        .collect();
    state::rows("assessment", &[vec![head], scores])
}
