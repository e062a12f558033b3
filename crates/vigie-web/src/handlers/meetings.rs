//! `GET /meetings` and `GET /meetings/{code}`: the follow-up meetings
//! between the facilitator and national oversight bodies, with their agenda,
//! decisions and the recommendations they advanced. Minutes are public
//! records; `GET /api/v1/meetings` gives the same as JSON.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{OriginalUri, Path, Query, State};
use axum::http::Uri;
use axum::response::{Html, IntoResponse, Response};
use vigie_domain::meeting::Meeting;
use vigie_domain::{CountryCode, Institution, InstitutionCode, Lang};

use crate::error::{PageError, page_error};
use crate::layout::Layout;
use crate::middleware::lang::ReaderLang;
use crate::pagination::{self, PageParams, Pager};
use crate::procurement::figures::country_param;
use crate::{AppState, Identity, WebError};

/// `?country=ISO3`, optional.
#[derive(Debug, serde::Deserialize)]
pub struct CountryFilter {
    country: Option<String>,
}

impl CountryFilter {
    /// The country asked for, checked as every `?country=` is: a code that
    /// is not one of the instance's countries is a 404.
    async fn parse(&self, state: &AppState) -> Result<Option<CountryCode>, WebError> {
        let known = state.store().list_countries().await?;
        country_param(self.country.as_deref(), &known)
    }
}

struct Row {
    code: String,
    held_on: String,
    country: String,
    title: String,
    participants: usize,
    decisions: usize,
    recommendations: usize,
    illustrative: bool,
}

#[derive(Template)]
#[template(path = "meetings.html")]
struct ListPage {
    layout: Layout,
    pager: Pager,
    country: Option<String>,
    rows: Vec<Row>,
}

struct Decision {
    text: String,
    responsible: Option<String>,
}

#[derive(Template)]
#[template(path = "meeting.html")]
struct MeetingPage {
    layout: Layout,
    code: String,
    held_on: String,
    country: String,
    place: String,
    title: String,
    participants: Vec<String>,
    agenda: Vec<String>,
    decisions: Vec<Decision>,
    recommendations: Vec<String>,
    illustrative: bool,
    source: String,
}

/// `GET /meetings[?country=ISO3]`.
pub async fn list(
    State(state): State<AppState>,
    ReaderLang(lang): ReaderLang,
    identity: Identity,
    uri: Uri,
    Query(filter): Query<CountryFilter>,
    Query(paging): Query<PageParams>,
) -> Result<Html<String>, PageError> {
    let err = page_error(lang);
    let country = filter.parse(&state).await.map_err(&err)?;
    let (meetings, next) = meetings_page(&state, country, &paging, &uri)
        .await
        .map_err(&err)?;
    let rows = meetings
        .iter()
        .map(|m| Row {
            code: m.code.clone(),
            held_on: m.held_on.to_string(),
            country: m.country.to_string(),
            title: m.title.get(lang).to_owned(),
            participants: m.participants.len(),
            decisions: m.decisions.len(),
            recommendations: m.recommendations.len(),
            illustrative: m.illustrative,
        })
        .collect();
    let page = ListPage {
        layout: Layout::new(lang, &identity, &uri, state.config().demo),
        pager: Pager::new(&uri, &paging, next),
        country: country.map(|c| c.to_string()),
        rows,
    };
    page.render()
        .map(Html)
        .map_err(|e| err(WebError::Internal(e.to_string())))
}

/// `GET /meetings/{code}`.
pub async fn show(
    State(state): State<AppState>,
    ReaderLang(lang): ReaderLang,
    identity: Identity,
    uri: Uri,
    Path(code): Path<String>,
) -> Result<Html<String>, PageError> {
    let err = page_error(lang);
    let store = state.store();
    let m = store
        .meetings()
        .get(&code)
        .await
        .map_err(|e| err(e.into()))?;
    let institutions = store.list_institutions().await.map_err(|e| err(e.into()))?;
    let names: HashMap<&InstitutionCode, &Institution> =
        institutions.iter().map(|i| (i.code(), i)).collect();
    let name = |c: &InstitutionCode| named(&names, c, lang);
    let page = MeetingPage {
        layout: Layout::new(lang, &identity, &uri, state.config().demo),
        participants: m.participants.iter().map(name).collect(),
        agenda: m.agenda.iter().map(|a| a.get(lang).to_owned()).collect(),
        decisions: m
            .decisions
            .iter()
            .map(|d| Decision {
                text: d.text.get(lang).to_owned(),
                responsible: d.responsible.as_ref().map(name),
            })
            .collect(),
        code: m.code.clone(),
        held_on: m.held_on.to_string(),
        country: m.country.to_string(),
        place: m.place.clone(),
        title: m.title.get(lang).to_owned(),
        recommendations: m.recommendations.clone(),
        illustrative: m.illustrative,
        source: m.source.clone(),
    };
    page.render()
        .map(Html)
        .map_err(|e| err(WebError::Internal(e.to_string())))
}

/// `GET /api/v1/meetings[?country=ISO3][&limit=N&after=CURSOR]`: the
/// minutes as JSON, most recent first, a page at a time (100 unless
/// `limit` says; the next page's address in the `Link` header, `rel="next"`).
pub async fn api_list(
    State(state): State<AppState>,
    OriginalUri(uri): OriginalUri,
    Query(filter): Query<CountryFilter>,
    Query(paging): Query<PageParams>,
) -> Result<Response, WebError> {
    let country = filter.parse(&state).await?;
    let (meetings, next) = meetings_page(&state, country, &paging, &uri).await?;
    Ok(pagination::with_next(
        axum::Json(meetings).into_response(),
        next.as_deref(),
    ))
}

/// A page of meetings (`paging` at `uri`), most recent first, and the link
/// to the next: the database seeks the last page's key (the day held, the
/// code; decision 0023).
async fn meetings_page(
    state: &AppState,
    country: Option<CountryCode>,
    paging: &PageParams,
    uri: &Uri,
) -> Result<(Vec<Meeting>, Option<String>), WebError> {
    let after: Option<(String, String)> = paging.after()?;
    let (meetings, next) = state
        .store()
        .meetings()
        .page(country, after.as_ref(), paging.limit()?)
        .await?;
    let next = next.map(|key| pagination::next_after(uri, &key));
    Ok((meetings, next))
}

/// "Name (CODE)" in the reader's language, or the code alone if unknown.
fn named(
    names: &HashMap<&InstitutionCode, &Institution>,
    code: &InstitutionCode,
    lang: Lang,
) -> String {
    match names.get(code) {
        Some(i) => format!("{} ({code})", i.name(lang)),
        None => code.to_string(),
    }
}
