//! Reading recommendations: the filtered list (dashboard, API, downloads),
//! one recommendation with its milestones, evidence and history, and the
//! overdue milestones of an institution (its home page).

use std::collections::HashMap;

use time::{Date, OffsetDateTime};
use vigie_domain::CountryCode;
use vigie_domain::recommendation::{DashboardItem, is_overdue};

use crate::bind::{Bind, bind_all};
use crate::db::{Placeholders, on_pool};
use crate::pipeline::parse_date;
use crate::recommendations::Recommendations;
use crate::{Result, page};

/// Which recommendations to list: each given filter must match (codes).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
pub struct RecommendationFilter {
    /// Addressed to this country (ISO3).
    pub country: Option<String>,
    /// At this status.
    pub status: Option<String>,
    /// Of this theme.
    pub theme: Option<String>,
    /// Of this source kind.
    pub source: Option<String>,
    /// Made at a workshop of this conference edition (by its number): the
    /// edition's page. Not an API filter.
    #[serde(skip)]
    pub conference: Option<u32>,
}

/// A recommendation in a list.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, sqlx::FromRow)]
pub struct RecommendationRow {
    /// Database id.
    pub id: i64,
    /// Stable code (`REC-2021-W1-01`).
    pub code: String,
    /// Source kind.
    pub source: String,
    /// The workshop as `edition/session` (`1/W2`), for a conference workshop.
    pub workshop: Option<String>,
    /// The finding's code, for the other sources.
    pub finding: Option<String>,
    /// Theme code.
    pub theme: String,
    /// Priority code.
    pub priority: String,
    /// Date made.
    pub made_on: String,
    /// Title in French.
    pub title_fr: String,
    /// Title in English.
    pub title_en: String,
    /// Current status code.
    pub status: String,
    /// An invented record, for the demonstration.
    pub illustrative: bool,
    /// Countries addressed.
    #[sqlx(skip)]
    pub countries: Vec<String>,
    /// Addressee institutions.
    #[sqlx(skip)]
    pub addressees: Vec<String>,
}

/// A milestone as shown, with whether it is overdue at the time asked.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct MilestoneRow {
    /// Its position (0-based) in the recommendation.
    pub position: i32,
    /// Title in French.
    pub title_fr: String,
    /// Title in English.
    pub title_en: String,
    /// Due date.
    pub due: String,
    /// The institution answerable.
    pub responsible: String,
    /// When done.
    pub done_on: Option<String>,
    /// Not done and past due in the responsible institution's country.
    pub overdue: bool,
}

/// A piece of evidence.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, sqlx::FromRow)]
pub struct EvidenceRow {
    /// Title.
    pub title: String,
    /// Link.
    pub url: Option<String>,
    /// A Vigie document instead.
    pub document_id: Option<i64>,
    /// Who added it.
    pub added_by: String,
    /// When.
    #[serde(with = "time::serde::rfc3339")]
    pub added_at: OffsetDateTime,
}

/// A change of status.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, sqlx::FromRow)]
pub struct HistoryRow {
    /// Previous status (none for the first).
    pub from_status: Option<String>,
    /// New status.
    pub to_status: String,
    /// Why.
    pub reason: String,
    /// Who.
    pub username: String,
    /// For which institution.
    pub institution: String,
    /// When.
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
}

/// One recommendation with everything about it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RecommendationDetail {
    /// The list's columns.
    #[serde(flatten)]
    pub row: RecommendationRow,
    /// Text in French.
    pub text_fr: String,
    /// Text in English.
    pub text_en: String,
    /// Source or note (what is illustrative).
    pub source_note: String,
    /// Milestones in order.
    pub milestones: Vec<MilestoneRow>,
    /// Evidence, oldest first.
    pub evidence: Vec<EvidenceRow>,
    /// Status history, oldest first.
    pub history: Vec<HistoryRow>,
}

/// A late milestone, for the responsible institution's home page.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct OverdueMilestone {
    /// The recommendation's id.
    pub recommendation_id: i64,
    /// Its code.
    pub code: String,
    /// The milestone's title in French.
    pub title_fr: String,
    /// In English.
    pub title_en: String,
    /// Due date.
    pub due: String,
}

const SELECT_ROW: &str = "SELECT r.id, r.code, r.source, \
    CASE WHEN s.id IS NULL THEN NULL ELSE CAST(c.number AS TEXT) || '/' || s.code END AS workshop, \
    f.code AS finding, r.theme, r.priority, r.made_on, r.title_fr, r.title_en, r.status, r.illustrative \
    FROM recommendations r LEFT JOIN conference_sessions s ON s.id = r.session_id \
    LEFT JOIN conferences c ON c.id = s.conference_id LEFT JOIN findings f ON f.id = r.finding_id";

/// The country of each institution (none for regional ones).
type Countries = HashMap<String, Option<CountryCode>>;

impl Recommendations<'_> {
    /// The recommendations matching `filter`, by code.
    pub async fn list(self, filter: &RecommendationFilter) -> Result<Vec<RecommendationRow>> {
        Ok(self.page(filter, None, None).await?.0)
    }

    /// The recommendations matching `filter` whose code comes after
    /// `after`, by code: `limit` of them (all with `None`), and the code
    /// the next page starts after when there is one. The database seeks
    /// the code in its index.
    pub async fn page(
        self,
        filter: &RecommendationFilter,
        after: Option<&str>,
        limit: Option<usize>,
    ) -> Result<(Vec<RecommendationRow>, Option<String>)> {
        // The seek is in the text only when there is one, so that both
        // planners see a plain range on the code's index.
        let seek = if after.is_some() {
            " AND r.code > $5"
        } else {
            ""
        };
        let conference = filter
            .conference
            .map_or_else(String::new, |n| format!(" AND c.number = {n}"));
        let limit_sql =
            limit.map_or_else(String::new, |n| format!(" LIMIT {}", page::read_limit(n)));
        let sql = format!(
            "{SELECT_ROW} WHERE ($1 IS NULL OR r.status = $1) AND ($2 IS NULL OR r.theme = $2) AND ($3 IS NULL OR r.source = $3) \
             AND ($4 IS NULL OR EXISTS (SELECT 1 FROM recommendation_countries rc WHERE rc.recommendation_id = r.id AND rc.country = $4)){conference}{seek} \
             ORDER BY r.code{limit_sql}"
        );
        let mut rows: Vec<RecommendationRow> = on_pool!(&self.store.db, pool => {
            let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
                .bind(filter.status.as_deref()).bind(filter.theme.as_deref()).bind(filter.source.as_deref()).bind(filter.country.as_deref());
            if let Some(after) = after {
                q = q.bind(after);
            }
            q.fetch_all(pool).await?
        });
        let next = limit.and_then(|n| page::cut(&mut rows, n, |r| r.code.clone()));
        // The countries and addressees of the rows read: all of them for
        // a whole list, those of the page's rows for a page.
        if limit.is_some() && rows.is_empty() {
            return Ok((rows, None));
        }
        let ids: Vec<Bind> = match limit {
            Some(_) => rows.iter().map(|r| Bind::Int(r.id)).collect(),
            None => Vec::new(),
        };
        let of_rows = if ids.is_empty() {
            String::new()
        } else {
            let ids = Placeholders::of(&self.store.db).list(1, ids.len());
            format!(" WHERE recommendation_id IN ({ids})")
        };
        // Sorted here, not by the database: asked to return them sorted,
        // a planner without statistics (after a bulk import, before any
        // ANALYZE) walks the whole index on the institution to avoid a sort
        // of a few hundred rows — 104 ms instead of 0.1 ms at 100,000
        // recommendations on PostgreSQL (bench/scale/followup.sh).
        let countries_sql =
            format!("SELECT recommendation_id, country FROM recommendation_countries{of_rows}");
        let addressees_sql = format!(
            "SELECT recommendation_id, institution FROM recommendation_addressees{of_rows}"
        );
        let (countries, addressees) = on_pool!(&self.store.db, pool => {
            let countries: Vec<(i64, String)> =
                bind_all!(sqlx::query_as(sqlx::AssertSqlSafe(countries_sql)), &ids).fetch_all(pool).await?;
            let addressees: Vec<(i64, String)> =
                bind_all!(sqlx::query_as(sqlx::AssertSqlSafe(addressees_sql)), &ids).fetch_all(pool).await?;
            (countries, addressees)
        });
        let mut c: HashMap<i64, Vec<String>> = HashMap::new();
        for (id, code) in countries {
            c.entry(id).or_default().push(code);
        }
        let mut a: HashMap<i64, Vec<String>> = HashMap::new();
        for (id, code) in addressees {
            a.entry(id).or_default().push(code);
        }
        for r in &mut rows {
            r.countries = c.remove(&r.id).unwrap_or_default();
            r.countries.sort_unstable();
            r.addressees = a.remove(&r.id).unwrap_or_default();
            r.addressees.sort_unstable();
        }
        Ok((rows, next))
    }

    async fn institution_countries(self) -> Result<Countries> {
        Ok(self
            .store
            .institution_index()
            .await?
            .into_iter()
            .map(|(code, (_, country))| (code, country))
            .collect())
    }

    /// One recommendation by numeric id or code, with milestones (overdue
    /// as of `now`), evidence and history.
    pub async fn get(self, key: &str, now: OffsetDateTime) -> Result<Option<RecommendationDetail>> {
        let id: Option<i64> = match key.parse::<i64>() {
            Ok(id) => Some(id),
            Err(_) => on_pool!(&self.store.db, pool => {
                sqlx::query_scalar("SELECT id FROM recommendations WHERE code = $1").bind(key).fetch_optional(pool).await?
            }),
        };
        let Some(id) = id else { return Ok(None) };
        let sql = format!("{SELECT_ROW} WHERE r.id = $1");
        let found = on_pool!(&self.store.db, pool => {
            let row: Option<RecommendationRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql.clone())).bind(id).fetch_optional(pool).await?;
            match row {
                None => None,
                Some(row) => {
                    let texts: (String, String, String) = sqlx::query_as("SELECT text_fr, text_en, source_note FROM recommendations WHERE id = $1")
                        .bind(id).fetch_one(pool).await?;
                    let countries: Vec<String> = sqlx::query_scalar("SELECT country FROM recommendation_countries WHERE recommendation_id = $1 ORDER BY country")
                        .bind(id).fetch_all(pool).await?;
                    let milestones: Vec<(i32, String, String, String, String, Option<String>)> = sqlx::query_as(
                        "SELECT position, title_fr, title_en, due, responsible, done_on FROM recommendation_milestones WHERE recommendation_id = $1 ORDER BY position",
                    ).bind(id).fetch_all(pool).await?;
                    let evidence: Vec<EvidenceRow> = sqlx::query_as(
                        "SELECT title, url, document_id, added_by, added_at FROM recommendation_evidence WHERE recommendation_id = $1 ORDER BY id",
                    ).bind(id).fetch_all(pool).await?;
                    let history: Vec<HistoryRow> = sqlx::query_as(
                        "SELECT from_status, to_status, reason, username, institution, at FROM recommendation_history WHERE recommendation_id = $1 ORDER BY id",
                    ).bind(id).fetch_all(pool).await?;
                    Some((row, texts, countries, milestones, evidence, history))
                }
            }
        });
        let Some((mut row, texts, countries, milestones, evidence, history)) = found else {
            return Ok(None);
        };
        row.countries = countries;
        row.addressees = self.addressees(id).await?;
        let where_is = self.institution_countries().await?;
        let milestones = milestones
            .into_iter()
            .map(
                |(position, title_fr, title_en, due, responsible, done_on)| MilestoneRow {
                    overdue: overdue(&where_is, &due, done_on.as_deref(), &responsible, now),
                    position,
                    title_fr,
                    title_en,
                    due,
                    responsible,
                    done_on,
                },
            )
            .collect();
        Ok(Some(RecommendationDetail {
            row,
            text_fr: texts.0,
            text_en: texts.1,
            source_note: texts.2,
            milestones,
            evidence: evidence
                .into_iter()
                .map(|e| EvidenceRow {
                    url: crate::web_links_only(e.url),
                    ..e
                })
                .collect(),
            history,
        }))
    }

    /// The milestones `institution` is responsible for that are overdue at
    /// `now`, oldest due first.
    pub async fn overdue_milestones(
        self,
        institution: &str,
        now: OffsetDateTime,
    ) -> Result<Vec<OverdueMilestone>> {
        let rows: Vec<(i64, String, String, String, String)> = on_pool!(&self.store.db, pool => {
            sqlx::query_as(
                "SELECT r.id, r.code, m.title_fr, m.title_en, m.due FROM recommendation_milestones m \
                 JOIN recommendations r ON r.id = m.recommendation_id \
                 WHERE m.responsible = $1 AND m.done_on IS NULL ORDER BY m.due, r.code",
            )
            .bind(institution)
            .fetch_all(pool)
            .await?
        });
        let where_is = self.institution_countries().await?;
        Ok(rows
            .into_iter()
            .filter(|(_, _, _, _, due)| overdue(&where_is, due, None, institution, now))
            .map(
                |(recommendation_id, code, title_fr, title_en, due)| OverdueMilestone {
                    recommendation_id,
                    code,
                    title_fr,
                    title_en,
                    due,
                },
            )
            .collect())
    }
}

fn overdue(
    where_is: &Countries,
    due: &str,
    done_on: Option<&str>,
    responsible: &str,
    now: OffsetDateTime,
) -> bool {
    let Ok(due) = parse_date(due) else {
        return false;
    };
    let done: Option<Date> = done_on.and_then(|d| parse_date(d).ok());
    let country = where_is.get(responsible).copied().flatten();
    is_overdue(due, done, country, now)
}

/// What the dashboard counts of each listed recommendation (rows whose
/// codes no longer parse are left out).
pub fn dashboard_items(rows: &[RecommendationRow]) -> Vec<DashboardItem> {
    rows.iter()
        .filter_map(|r| {
            Some(DashboardItem {
                countries: r.countries.iter().filter_map(|c| c.parse().ok()).collect(),
                theme: r.theme.parse().ok()?,
                source: r.source.parse().ok()?,
                status: r.status.parse().ok()?,
            })
        })
        .collect()
}
