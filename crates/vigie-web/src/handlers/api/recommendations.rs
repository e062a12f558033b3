//! `/api/v1/recommendations` and `/api/v1/findings`: the follow-up of
//! recommendations (list with the dashboard's figures, one with its
//! milestones, evidence and history, a change of status) and the findings
//! with their statistics per country and year, as JSON, CSV or XLSX.

use axum::Json;
use axum::extract::{OriginalUri, Path, Query, State};
use axum::http::{StatusCode, Uri};
use axum::response::Response;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use vigie_domain::Role;
use vigie_domain::recommendation::{Reason, RecommendationStatus};
use vigie_store::findings::{FindingRow, FindingStatistics, ReferralRow};
use vigie_store::recommendations::{
    RecommendationDetail, RecommendationFilter, RecommendationInput, RecommendationRow,
    StatusChange,
};

use super::budget::file;
use super::json::ApiJson;
use crate::budget::Format;
use crate::budget::export::json_bytes;
use crate::budget::open_data::xlsx;
use crate::handlers::caller::Caller;
use crate::handlers::recommendations::page_of;
use crate::pagination::{self, PageParams};
use crate::recommendations::{
    DashboardJson, RecommendationParams, dashboard_table, findings_table, recommendations_table,
    statistics_table,
};
use crate::{AppState, Identity, WebError};

#[derive(Serialize)]
struct ListJson<'a> {
    filters: &'a RecommendationFilter,
    dashboard: DashboardJson,
    recommendations: &'a [RecommendationRow],
    /// The next page of the list (decision 0023), or `null` on the last.
    next: Option<&'a str>,
}

/// `GET /api/v1/recommendations?country=&status=&theme=&source=&format=`:
/// the matching recommendations, by code, and the dashboard's figures over
/// all of them. JSON lists a page (`limit`, `after`, `next`); CSV is the
/// whole list; XLSX the whole list and the figures.
pub async fn list(
    State(state): State<AppState>,
    OriginalUri(uri): OriginalUri,
    Query(params): Query<RecommendationParams>,
    Query(paging): Query<PageParams>,
) -> Result<Response, WebError> {
    let format = params.format()?;
    let known = state.store().list_countries().await?;
    let filter = params.filter(&known)?;
    let dashboard = state.store().recommendations().dashboard(&filter).await?;
    if format == Format::Json {
        let (rows, next) = page_of(&state, &filter, &paging, &uri).await?;
        let bytes = json_bytes(&ListJson {
            filters: &filter,
            dashboard: (&dashboard).into(),
            recommendations: &rows,
            next: next.as_deref(),
        })?;
        let response = file(format, "recommendations", bytes);
        return Ok(pagination::with_next(response, next.as_deref()));
    }
    let rows = state.store().recommendations().list(&filter).await?;
    let bytes = match format {
        Format::Csv => recommendations_table(&rows).to_csv()?,
        _ => xlsx(&[recommendations_table(&rows), dashboard_table(&dashboard)])?,
    };
    Ok(file(format, "recommendations", bytes))
}

/// `GET /api/v1/recommendations/dashboard?country=&status=&theme=&source=&format=`:
/// the dashboard's figures alone (counts per status and implementation
/// rate, overall and per country, theme and source); CSV and XLSX as one
/// long table (`dimension,key,not_started,…,total,implementation_rate`).
pub async fn dashboard(
    State(state): State<AppState>,
    Query(params): Query<RecommendationParams>,
) -> Result<Response, WebError> {
    let format = params.format()?;
    let known = state.store().list_countries().await?;
    let filter = params.filter(&known)?;
    let dashboard = state.store().recommendations().dashboard(&filter).await?;
    let bytes = match format {
        Format::Json => json_bytes(&DashboardJson::from(&dashboard))?,
        Format::Csv => dashboard_table(&dashboard).to_csv()?,
        Format::Xlsx => xlsx(&[dashboard_table(&dashboard)])?,
    };
    Ok(file(format, "recommendations-dashboard", bytes))
}

/// The current instant; handlers pass it to the store, which never reads
/// the clock for overdue milestones.
pub(crate) fn now() -> OffsetDateTime {
    OffsetDateTime::now_utc()
}

/// `GET /api/v1/recommendations/{id}` (numeric id or code): with
/// milestones (and whether each is overdue now), evidence and history.
pub async fn show(
    State(state): State<AppState>,
    Path(key): Path<String>,
) -> Result<Json<RecommendationDetail>, WebError> {
    let detail = state
        .store()
        .recommendations()
        .get(&key, now())
        .await?
        .ok_or(WebError::NotFound)?;
    Ok(Json(detail))
}

/// The body of a change of status.
#[derive(Debug, Deserialize)]
pub struct StatusBody {
    #[serde(default)]
    status: String,
    #[serde(default)]
    reason: Option<String>,
}

impl StatusBody {
    /// The change, or a 422 naming what is wrong.
    pub fn change(&self) -> Result<StatusChange, WebError> {
        let status: RecommendationStatus = self
            .status
            .parse()
            .map_err(|e: vigie_domain::Invalid| WebError::Unprocessable(e.to_string()))?;
        let reason = Reason::new(self.reason.as_deref().unwrap_or(""))
            .map_err(|e| WebError::Unprocessable(e.to_string()))?;
        Ok(StatusChange { status, reason })
    }
}

/// Resolves `{id}` (numeric id or code) to the numeric id, or 404.
pub(crate) async fn id_of(state: &AppState, key: &str) -> Result<i64, WebError> {
    Ok(state
        .store()
        .recommendations()
        .get(key, now())
        .await?
        .ok_or(WebError::NotFound)?
        .row
        .id)
}

/// `POST /api/v1/recommendations/{id}/status` with `{"status", "reason"}`:
/// by the facilitator or an addressee institution's producer, auditor or
/// parliamentarian (403 otherwise); 422 without a reason or for a move the
/// workflow forbids. Answers the recommendation as it now is.
pub async fn change_status(
    State(state): State<AppState>,
    identity: Identity,
    Path(key): Path<String>,
    ApiJson(body): ApiJson<StatusBody>,
) -> Result<Json<RecommendationDetail>, WebError> {
    let caller = Caller::of(&state, &identity).await?;
    let user = caller.signed_in()?;
    let id = id_of(&state, &key).await?;
    let change = body.change()?;
    state
        .store()
        .recommendations()
        .change_status(user, id, &change, now())
        .await?;
    show(State(state), Path(id.to_string())).await
}

/// The body of a piece of evidence: a title and an http(s) link.
#[derive(Debug, Deserialize)]
pub struct EvidenceBody {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub url: String,
}

/// `POST /api/v1/recommendations/{id}/evidence` with `{"title", "url"}`:
/// by whoever may change the status (403 otherwise); 422 for a blank title
/// or a link that is not http(s). Answers the recommendation as it now is.
pub async fn add_evidence(
    State(state): State<AppState>,
    identity: Identity,
    Path(key): Path<String>,
    ApiJson(body): ApiJson<EvidenceBody>,
) -> Result<Json<RecommendationDetail>, WebError> {
    let caller = Caller::of(&state, &identity).await?;
    let user = caller.signed_in()?;
    let id = id_of(&state, &key).await?;
    state
        .store()
        .recommendations()
        .add_evidence(user, id, &body.title, &body.url, now())
        .await?;
    show(State(state), Path(id.to_string())).await
}

/// `POST /api/v1/recommendations`: records one recommendation (the
/// import's checks, errors naming the field by JSON path, 422), by the
/// facilitator or an administrator (403 otherwise). Answers 201 with it.
pub async fn create(
    State(state): State<AppState>,
    identity: Identity,
    ApiJson(body): ApiJson<RecommendationInput>,
) -> Result<(StatusCode, Json<RecommendationDetail>), WebError> {
    let caller = Caller::of(&state, &identity).await?;
    let user = caller.signed_in()?;
    if !user
        .roles
        .iter()
        .any(|r| matches!(r, Role::Facilitator | Role::Admin))
    {
        return Err(WebError::Refused(
            "only the facilitator or an administrator records recommendations".into(),
        ));
    }
    let id = state
        .store()
        .recommendations()
        .create(&caller.actor, body)
        .await?;
    let Json(detail) = show(State(state), Path(id.to_string())).await?;
    Ok((StatusCode::CREATED, Json(detail)))
}

/// `?country=ISO3&format=`.
#[derive(Debug, Default, Deserialize)]
pub struct FindingParams {
    #[serde(default)]
    country: Option<String>,
    #[serde(default)]
    format: Option<String>,
}

#[derive(Serialize)]
struct FindingsJson<'a> {
    findings: &'a [FindingRow],
    referrals: Vec<ReferralRow>,
    /// The next page (decision 0023), or `null` on the last.
    next: Option<&'a str>,
}

/// A page of findings (`paging` at `uri`) with their referrals, and the
/// link to the next page: the database seeks the last page's key (its
/// report's date, its code; decision 0023), and reads only the page's
/// referrals.
pub(crate) async fn findings_page(
    state: &AppState,
    country: Option<&str>,
    paging: &PageParams,
    uri: &Uri,
) -> Result<(Vec<FindingRow>, Vec<ReferralRow>, Option<String>), WebError> {
    let after: Option<(String, String)> = paging.after()?;
    let (findings, next) = state
        .store()
        .findings()
        .page(country, after.as_ref(), paging.limit()?)
        .await?;
    let codes: Vec<&str> = findings.iter().map(|f| f.code.as_str()).collect();
    let referrals = state.store().findings().referrals_of(&codes).await?;
    let next = next.map(|key| pagination::next_after(uri, &key));
    Ok((findings, referrals, next))
}

/// `GET /api/v1/findings?country=&format=`: findings and their referrals,
/// newest report first. JSON lists a page of findings with their referrals
/// (`limit`, `after`, `next`); CSV and XLSX are the whole list.
pub async fn findings(
    State(state): State<AppState>,
    OriginalUri(uri): OriginalUri,
    Query(params): Query<FindingParams>,
    Query(paging): Query<PageParams>,
) -> Result<Response, WebError> {
    let format = Format::param(params.format.as_deref())?;
    let known = state.store().list_countries().await?;
    let country = crate::procurement::figures::country_param(params.country.as_deref(), &known)?
        .map(|c| c.to_string());
    let bytes = match format {
        Format::Json => {
            let (findings, referrals, next) =
                findings_page(&state, country.as_deref(), &paging, &uri).await?;
            let bytes = json_bytes(&FindingsJson {
                findings: &findings,
                referrals,
                next: next.as_deref(),
            })?;
            let response = file(format, "findings", bytes);
            return Ok(pagination::with_next(response, next.as_deref()));
        }
        Format::Csv | Format::Xlsx => {
            let findings = state.store().findings().list(country.as_deref()).await?;
            let table = findings_table(&findings);
            if format == Format::Csv {
                table.to_csv()?
            } else {
                xlsx(&[table])?
            }
        }
    };
    Ok(file(format, "findings", bytes))
}

#[derive(Serialize)]
struct StatisticsJson<'a> {
    statistics: &'a [FindingStatistics],
}

/// `GET /api/v1/findings/statistics?format=`: per country and year of
/// report, findings, amounts at stake, referrals, outcomes, recoveries.
pub async fn statistics(
    State(state): State<AppState>,
    Query(params): Query<FindingParams>,
) -> Result<Response, WebError> {
    let format = Format::param(params.format.as_deref())?;
    let stats = state.store().findings().statistics().await?;
    let bytes = match format {
        Format::Json => json_bytes(&StatisticsJson { statistics: &stats })?,
        Format::Csv => statistics_table(&stats).to_csv()?,
        Format::Xlsx => xlsx(&[statistics_table(&stats)])?,
    };
    Ok(file(format, "findings-statistics", bytes))
}
