//! The demo register: illustrative documents of each army stewardship,
//! each court of auditors' mandate over it, clearances and legal delays.
//! Every document says in its title and content that it is fictitious.

use time::Date;
use time::macros::format_description;

use super::files::rows;
use crate::documents::NewDocument;
use crate::{Result, StoreError};

pub(super) const DOCUMENTS: (&str, &str) =
    ("documents.csv", include_str!("../../demo/documents.csv"));
pub(super) const MANDATES: (&str, &str) = ("mandates.csv", include_str!("../../demo/mandates.csv"));
pub(super) const ACCESS_RULES: (&str, &str) = (
    "access_rules.csv",
    include_str!("../../demo/access_rules.csv"),
);

#[derive(serde::Deserialize)]
struct DocumentCsv {
    country: String,
    reference: String,
    title: String,
    dated: String,
    service: String,
    level: String,
    category: String,
    legal_basis: String,
    justification: String,
    declassify_on: Option<String>,
    file_name: String,
    content: String,
}

/// A mandate row.
#[derive(Debug, serde::Deserialize)]
pub(super) struct MandateCsv {
    pub institution: String,
    pub service: String,
    pub year_from: i32,
    pub year_to: i32,
    pub reference: String,
    pub illustrative: bool,
}

/// An access-rule row.
#[derive(Debug, serde::Deserialize)]
pub(super) struct AccessRuleCsv {
    pub country: String,
    pub answer_days: i32,
    pub appeal_days: i32,
    pub grant_days: i32,
    pub illustrative: bool,
    pub source: String,
}

/// A demo document and the demo service that registers it.
pub(super) struct DemoDocument {
    pub line: u64,
    pub service: String,
    pub new: NewDocument,
}

fn date(file: &str, line: u64, field: &str, value: &str) -> Result<Date> {
    Date::parse(value, format_description!("[year]-[month]-[day]")).map_err(|e| {
        StoreError::BadData {
            file: file.into(),
            line,
            field: field.into(),
            reason: format!("`{value}` is not a YYYY-MM-DD date: {e}"),
        }
    })
}

pub(super) fn documents() -> Result<Vec<DemoDocument>> {
    let (file, _) = DOCUMENTS;
    rows::<DocumentCsv>(DOCUMENTS)?
        .into_iter()
        .map(|(line, d)| {
            let country =
                d.country
                    .parse()
                    .map_err(|e: vigie_domain::Invalid| StoreError::BadData {
                        file: file.into(),
                        line,
                        field: "country".into(),
                        reason: e.to_string(),
                    })?;
            let declassify_on = match d.declassify_on.as_deref().filter(|s| !s.is_empty()) {
                Some(s) => Some(date(file, line, "declassify_on", s)?),
                None => None,
            };
            Ok(DemoDocument {
                line,
                service: d.service,
                new: NewDocument {
                    country,
                    reference: d.reference,
                    title: d.title,
                    dated: Some(date(file, line, "dated", &d.dated)?),
                    level: d.level,
                    category: d.category,
                    legal_basis: d.legal_basis,
                    justification: d.justification,
                    review_on: None,
                    declassify_on,
                    file_name: d.file_name,
                    media_type: "text/plain; charset=utf-8".into(),
                    content: d.content.into_bytes(),
                },
            })
        })
        .collect()
}

pub(super) fn mandates() -> Result<Vec<MandateCsv>> {
    Ok(rows(MANDATES)?.into_iter().map(|(_, m)| m).collect())
}

pub(super) fn access_rules() -> Result<Vec<AccessRuleCsv>> {
    Ok(rows(ACCESS_RULES)?.into_iter().map(|(_, r)| r).collect())
}
