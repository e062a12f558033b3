//! Recommendations and findings on the web: the filters, tables and JSON
//! the dashboard page, the API and the downloads share, so a page never
//! shows figures the CSV would not.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use vigie_domain::recommendation::{
    Dashboard, RecommendationStatus, SourceKind, StatusCounts, Theme,
};
use vigie_domain::{Country, Lang};
use vigie_store::findings::{FindingRow, FindingStatistics};
use vigie_store::recommendations::{RecommendationFilter, RecommendationRow};

use crate::WebError;
use crate::budget::{Cell, Format, Table};
use crate::procurement::figures::country_param;

/// `?country=ISO3&status=…&theme=…&source=…&format=csv|xlsx|json`.
#[derive(Debug, Default, Clone, Deserialize)]
pub struct RecommendationParams {
    #[serde(default)]
    pub country: Option<String>,
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub theme: Option<String>,
    #[serde(default)]
    pub source: Option<String>,
    #[serde(default)]
    pub format: Option<String>,
}

impl RecommendationParams {
    /// The format asked for; a 400 names the accepted ones.
    pub fn format(&self) -> Result<Format, WebError> {
        Format::param(self.format.as_deref())
    }

    /// The store's filter, every code checked: an unknown one is a 400
    /// that lists the accepted codes; an unknown country a 404.
    pub fn filter(&self, known: &[Country]) -> Result<RecommendationFilter, WebError> {
        fn code<T: std::str::FromStr<Err = vigie_domain::Invalid>>(
            v: &Option<String>,
        ) -> Result<Option<String>, WebError> {
            match v.as_deref().filter(|s| !s.is_empty()) {
                None => Ok(None),
                Some(s) => s
                    .parse::<T>()
                    .map(|_| Some(s.to_owned()))
                    .map_err(|e| WebError::BadRequest(e.to_string())),
            }
        }
        Ok(RecommendationFilter {
            country: country_param(self.country.as_deref(), known)?.map(|c| c.to_string()),
            status: code::<RecommendationStatus>(&self.status)?,
            theme: code::<Theme>(&self.theme)?,
            source: code::<SourceKind>(&self.source)?,
            conference: None,
        })
    }
}

/// Counts at each status, their total and the implementation rate
/// (decision 0012), as the JSON and the tables give them.
#[derive(Debug, Clone, Serialize)]
pub struct CountsJson {
    pub not_started: u32,
    pub in_progress: u32,
    pub partially_implemented: u32,
    pub implemented: u32,
    pub not_accepted: u32,
    pub total: u32,
    /// `(implemented + ½ partially) / (total − not_accepted)`, four
    /// decimal places at most; `null` when nothing was accepted.
    pub implementation_rate: Option<Decimal>,
}

impl From<&StatusCounts> for CountsJson {
    fn from(c: &StatusCounts) -> Self {
        use RecommendationStatus as S;
        CountsJson {
            not_started: c.get(S::NotStarted),
            in_progress: c.get(S::InProgress),
            partially_implemented: c.get(S::PartiallyImplemented),
            implemented: c.get(S::Implemented),
            not_accepted: c.get(S::NotAccepted),
            total: c.total(),
            implementation_rate: c.implementation_rate().map(|r| r.round_dp(4).normalize()),
        }
    }
}

/// The dashboard's figures in the API.
#[derive(Debug, Clone, Serialize)]
pub struct DashboardJson {
    pub overall: CountsJson,
    pub by_country: BTreeMap<String, CountsJson>,
    pub by_theme: BTreeMap<String, CountsJson>,
    pub by_source: BTreeMap<String, CountsJson>,
}

impl From<&Dashboard> for DashboardJson {
    fn from(d: &Dashboard) -> Self {
        DashboardJson {
            overall: (&d.overall).into(),
            by_country: d
                .by_country
                .iter()
                .map(|(k, v)| (k.to_string(), v.into()))
                .collect(),
            by_theme: d
                .by_theme
                .iter()
                .map(|(k, v)| (k.code().to_owned(), v.into()))
                .collect(),
            by_source: d
                .by_source
                .iter()
                .map(|(k, v)| (k.code().to_owned(), v.into()))
                .collect(),
        }
    }
}

fn count(n: u32) -> Cell {
    Cell::Number(Decimal::from(n))
}

/// One row per recommendation (codes; several countries or addressees
/// joined by `;`).
pub fn recommendations_table(rows: &[RecommendationRow]) -> Table {
    let mut t = Table::new(
        "recommendations",
        vec![
            "id",
            "code",
            "source",
            "workshop",
            "finding",
            "theme",
            "priority",
            "made_on",
            "status",
            "countries",
            "addressees",
            "title_fr",
            "title_en",
            "illustrative",
        ],
    );
    for r in rows {
        t.push(vec![
            Cell::Number(Decimal::from(r.id)),
            r.code.as_str().into(),
            r.source.as_str().into(),
            r.workshop.clone().into(),
            r.finding.clone().into(),
            r.theme.as_str().into(),
            r.priority.as_str().into(),
            r.made_on.as_str().into(),
            r.status.as_str().into(),
            r.countries.join(";").into(),
            r.addressees.join(";").into(),
            r.title_fr.as_str().into(),
            r.title_en.as_str().into(),
            if r.illustrative { "true" } else { "false" }.into(),
        ]);
    }
    t
}

/// The dashboard as one long table: `dimension` (`overall`, `country`,
/// `theme`, `source`), `key`, a column per status, total and rate.
pub fn dashboard_table(d: &Dashboard) -> Table {
    let mut t = Table::new(
        "dashboard",
        vec![
            "dimension",
            "key",
            "not_started",
            "in_progress",
            "partially_implemented",
            "implemented",
            "not_accepted",
            "total",
            "implementation_rate",
        ],
    );
    let mut push = |dimension: &str, key: String, c: &StatusCounts| {
        let j = CountsJson::from(c);
        t.push(vec![
            dimension.into(),
            key.into(),
            count(j.not_started),
            count(j.in_progress),
            count(j.partially_implemented),
            count(j.implemented),
            count(j.not_accepted),
            count(j.total),
            j.implementation_rate.into(),
        ]);
    };
    push("overall", String::new(), &d.overall);
    for (k, v) in &d.by_country {
        push("country", k.to_string(), v);
    }
    for (k, v) in &d.by_theme {
        push("theme", k.code().to_owned(), v);
    }
    for (k, v) in &d.by_source {
        push("source", k.code().to_owned(), v);
    }
    t
}

/// One row per finding.
pub fn findings_table(rows: &[FindingRow]) -> Table {
    let mut t = Table::new(
        "findings",
        vec![
            "code",
            "country",
            "institution",
            "source",
            "reported_on",
            "period_from",
            "period_to",
            "amount_minor",
            "currency",
            "audited_institution",
            "title_fr",
            "title_en",
            "illustrative",
            "source_note",
        ],
    );
    for f in rows {
        t.push(vec![
            f.code.as_str().into(),
            f.country.as_str().into(),
            f.institution.as_str().into(),
            f.source.as_str().into(),
            f.reported_on.as_str().into(),
            f.period_from.as_str().into(),
            f.period_to.as_str().into(),
            f.amount_minor.map(Decimal::from).into(),
            f.currency.clone().into(),
            f.audited_institution.clone().into(),
            f.title_fr.as_str().into(),
            f.title_en.as_str().into(),
            if f.illustrative { "true" } else { "false" }.into(),
            f.source_note.as_str().into(),
        ]);
    }
    t
}

/// The statistics per country and year.
pub fn statistics_table(rows: &[FindingStatistics]) -> Table {
    let mut t = Table::new(
        "statistics",
        vec![
            "country",
            "year",
            "findings",
            "amount_at_stake_minor",
            "currency",
            "referrals",
            "pending",
            "dismissed",
            "convicted",
            "acquitted",
            "recovered_minor",
        ],
    );
    for s in rows {
        t.push(vec![
            s.country.as_str().into(),
            s.year.into(),
            count(s.findings),
            Cell::Number(Decimal::from(s.amount_at_stake_minor)),
            s.currency.as_str().into(),
            count(s.referrals),
            count(s.pending),
            count(s.dismissed),
            count(s.convicted),
            count(s.acquitted),
            Cell::Number(Decimal::from(s.recovered_minor)),
        ]);
    }
    t
}

/// A status, theme, source or priority code as the reader reads it.
pub fn label(code: &str, lang: Lang) -> String {
    use vigie_domain::recommendation::{FindingSource, Outcome, Priority};
    code.parse::<RecommendationStatus>()
        .map(|v| v.label(lang))
        .or_else(|_| code.parse::<Theme>().map(|v| v.label(lang)))
        .or_else(|_| code.parse::<SourceKind>().map(|v| v.label(lang)))
        .or_else(|_| code.parse::<FindingSource>().map(|v| v.label(lang)))
        .or_else(|_| code.parse::<Priority>().map(|v| v.label(lang)))
        .or_else(|_| code.parse::<Outcome>().map(|v| v.label(lang)))
        .map_or_else(|_| code.to_owned(), str::to_owned)
}
