//! `/access-requests`: the requests a user made and those their service
//! must answer, overdue ones flagged; the answer, appeal and
//! declassification forms.

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::Uri;
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;
use vigie_store::documents::{AccessRequest, Answer, Declassify, RequestTarget, RequestView};

use super::caller::Caller;
use crate::error::{PageError, page_error};
use crate::handlers::api::requests::{ListParams, parse_view, requests_page, view_param};
use crate::layout::Layout;
use crate::middleware::lang::ReaderLang;
use crate::pagination::{self, PageParams};
use crate::{AppState, Identity, WebError};

pub(crate) struct RequestRow {
    id: i64,
    target: String,
    target_href: Option<String>,
    requester: String,
    legal_basis: String,
    purpose: String,
    due_on: String,
    status: &'static str,
    /// The Fluent key of the status.
    status_key: String,
    overdue: bool,
    open: bool,
    appealable: bool,
    decisions: Vec<(String, String, String, String)>,
    grants: Vec<(i64, String)>,
}

impl From<AccessRequest> for RequestRow {
    fn from(r: AccessRequest) -> Self {
        let (target, target_href) = match &r.target {
            RequestTarget::Document(id) => (format!("#{id}"), Some(format!("/documents/{id}"))),
            RequestTarget::Category { service, category } => {
                (format!("{service} / {category}"), None)
            }
        };
        RequestRow {
            id: r.id,
            target,
            target_href,
            requester: format!("{} ({})", r.requester, r.requester_institution),
            legal_basis: r.legal_basis,
            purpose: r.purpose,
            due_on: r.due_on.to_string(),
            status: r.status.code(),
            status_key: format!("requests-status-{}", r.status.code()),
            overdue: r.overdue,
            open: r.status.is_open(),
            appealable: matches!(r.status.code(), "refused" | "partial"),
            decisions: r
                .decisions
                .into_iter()
                .map(|d| {
                    (
                        d.decided_at.date().to_string(),
                        d.decided_by,
                        d.decision,
                        d.reasons,
                    )
                })
                .collect(),
            grants: r
                .grants
                .into_iter()
                .map(|(id, until)| (id, until.date().to_string()))
                .collect(),
        }
    }
}

#[derive(Template)]
#[template(path = "access_requests.html")]
struct RequestsPage {
    layout: Layout,
    /// Each list shown (all, or the one `?view=` names), with the link to
    /// its next page.
    mine: Option<(Vec<RequestRow>, Option<String>)>,
    to_answer: Option<(Vec<RequestRow>, Option<String>)>,
}

/// `GET /access-requests`.
pub async fn list(
    State(state): State<AppState>,
    ReaderLang(lang): ReaderLang,
    identity: Identity,
    uri: Uri,
    Query(params): Query<ListParams>,
    Query(paging): Query<PageParams>,
) -> Result<Response, PageError> {
    let err = page_error(lang);
    let caller = Caller::of(&state, &identity).await.map_err(&err)?;
    let Some(user) = caller.user.as_ref() else {
        return Ok(Redirect::to("/login?next=/access-requests").into_response());
    };
    // One list a page at a time when `?view=` names it; both, first pages,
    // otherwise.
    let only = parse_view(params.view.as_deref()).map_err(&err)?;
    let mut lists = [(RequestView::ToAnswer, None), (RequestView::Mine, None)];
    for (view, list) in &mut lists {
        if only.is_some_and(|o| o != *view) {
            continue;
        }
        let paging = if only.is_some() {
            paging.clone()
        } else {
            PageParams::default()
        };
        let (rows, next) = requests_page(&state, user, &caller, *view, &paging)
            .await
            .map_err(&err)?;
        // From both lists, the next page is of one.
        let next = next.map(|id| match only {
            Some(_) => pagination::next_after(&uri, &id),
            None => format!(
                "/access-requests?view={}&after={}",
                view_param(*view),
                pagination::encode(&id)
            ),
        });
        *list = Some((rows.into_iter().map(RequestRow::from).collect(), next));
    }
    let [(_, to_answer), (_, mine)] = lists;
    let view = RequestsPage {
        layout: Layout::new(lang, &identity, &uri, state.config().demo),
        mine,
        to_answer,
    };
    Ok(Html(view.render().map_err(|e| err(e.into()))?).into_response())
}

/// Passages typed one per line.
fn lines(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The answer form.
#[derive(Debug, Deserialize)]
pub struct DecisionForm {
    decision: String,
    #[serde(default)]
    reasons: String,
    #[serde(default)]
    remove: String,
}

/// `POST /access-requests/{id}/decision`.
pub async fn decide(
    State(state): State<AppState>,
    ReaderLang(lang): ReaderLang,
    identity: Identity,
    Path(id): Path<i64>,
    Form(form): Form<DecisionForm>,
) -> Result<Redirect, PageError> {
    let err = page_error(lang);
    let caller = Caller::of(&state, &identity).await.map_err(&err)?;
    caller.signed_in().map_err(&err)?;
    let answer = match form.decision.as_str() {
        "grant" => Answer::Grant,
        "partial" => Answer::Partial {
            remove: lines(&form.remove),
        },
        "refuse" => Answer::Refuse,
        _ => {
            return Err(err(WebError::Unprocessable(
                "decision: grant, partial or refuse".into(),
            )));
        }
    };
    state
        .store()
        .documents()
        .decide_request(
            state.authorizer(),
            &caller.actor,
            &caller.principal,
            id,
            &answer,
            &form.reasons,
        )
        .await
        .map_err(|e| err(e.into()))?;
    Ok(Redirect::to("/access-requests"))
}

/// The appeal form.
#[derive(Debug, Deserialize)]
pub struct AppealForm {
    #[serde(default)]
    reasons: String,
}

/// `POST /access-requests/{id}/appeal`.
pub async fn appeal(
    State(state): State<AppState>,
    ReaderLang(lang): ReaderLang,
    identity: Identity,
    Path(id): Path<i64>,
    Form(form): Form<AppealForm>,
) -> Result<Redirect, PageError> {
    let err = page_error(lang);
    let caller = Caller::of(&state, &identity).await.map_err(&err)?;
    let user = caller.signed_in().map_err(&err)?;
    state
        .store()
        .documents()
        .appeal_request(&caller.actor, user, id, &form.reasons)
        .await
        .map_err(|e| err(e.into()))?;
    Ok(Redirect::to("/access-requests"))
}

/// The declassification form on a document page.
#[derive(Debug, Deserialize)]
pub struct DeclassifyForm {
    #[serde(default)]
    reasons: String,
    #[serde(default)]
    remove: String,
}

/// `POST /documents/{id}/declassify`.
pub async fn declassify(
    State(state): State<AppState>,
    ReaderLang(lang): ReaderLang,
    identity: Identity,
    Path(id): Path<i64>,
    Form(form): Form<DeclassifyForm>,
) -> Result<Redirect, PageError> {
    let err = page_error(lang);
    let caller = Caller::of(&state, &identity).await.map_err(&err)?;
    caller.signed_in().map_err(&err)?;
    let done = state
        .store()
        .documents()
        .declassify(
            state.authorizer(),
            &caller.actor,
            &caller.principal,
            id,
            &Declassify {
                reasons: form.reasons,
                remove: lines(&form.remove),
            },
        )
        .await
        .map_err(|e| err(e.into()))?;
    Ok(Redirect::to(&format!(
        "/documents/{}",
        done.public_version.unwrap_or(id)
    )))
}
