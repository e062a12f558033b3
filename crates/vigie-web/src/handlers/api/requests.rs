//! `/api/v1/access-requests`: oversight bodies ask, authorities answer with
//! written reasons, requesters appeal; overdue requests are flagged to both.

use axum::Json;
use axum::extract::{OriginalUri, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use vigie_store::User;
use vigie_store::documents::{AccessRequest, Answer, NewRequest, RequestTarget, RequestView};

use super::json::ApiJson;
use crate::handlers::caller::Caller;
use crate::pagination::{self, PageParams};
use crate::{AppState, Identity, WebError};

/// A request as the API shows it.
#[derive(Debug, Serialize)]
pub struct RequestJson {
    id: i64,
    country: String,
    producing_service: String,
    document_id: Option<i64>,
    category: Option<String>,
    requester: String,
    requester_institution: String,
    legal_basis: String,
    purpose: String,
    created_at: String,
    due_on: String,
    status: &'static str,
    overdue: bool,
    appeal_reasons: Option<String>,
    decisions: Vec<DecisionJson>,
    grants: Vec<GrantJson>,
}

#[derive(Debug, Serialize)]
struct DecisionJson {
    decided_at: String,
    decided_by: String,
    decision: String,
    reasons: String,
    on_appeal: bool,
}

#[derive(Debug, Serialize)]
struct GrantJson {
    document_id: i64,
    until: String,
}

impl From<AccessRequest> for RequestJson {
    fn from(r: AccessRequest) -> Self {
        let (document_id, category) = match r.target {
            RequestTarget::Document(id) => (Some(id), None),
            RequestTarget::Category { category, .. } => (None, Some(category)),
        };
        RequestJson {
            id: r.id,
            country: r.country,
            producing_service: r.producing_service,
            document_id,
            category,
            requester: r.requester,
            requester_institution: r.requester_institution,
            legal_basis: r.legal_basis,
            purpose: r.purpose,
            created_at: r.created_at.to_string(),
            due_on: r.due_on.to_string(),
            status: r.status.code(),
            overdue: r.overdue,
            appeal_reasons: r.appeal_reasons,
            decisions: r
                .decisions
                .into_iter()
                .map(|d| DecisionJson {
                    decided_at: d.decided_at.to_string(),
                    decided_by: d.decided_by,
                    decision: d.decision,
                    reasons: d.reasons,
                    on_appeal: d.on_appeal,
                })
                .collect(),
            grants: r
                .grants
                .into_iter()
                .map(|(document_id, until)| GrantJson {
                    document_id,
                    until: until.to_string(),
                })
                .collect(),
        }
    }
}

/// The body of a new request: a `document_id`, or a `service` and a
/// `category`.
#[derive(Debug, Deserialize)]
pub struct NewRequestBody {
    #[serde(default)]
    document_id: Option<i64>,
    #[serde(default)]
    service: Option<String>,
    #[serde(default)]
    category: Option<String>,
    #[serde(default)]
    legal_basis: String,
    #[serde(default)]
    purpose: String,
}

impl NewRequestBody {
    /// The store's request.
    pub fn request(self) -> Result<NewRequest, WebError> {
        let target = match (self.document_id, self.service, self.category) {
            (Some(id), None, None) => RequestTarget::Document(id),
            (None, Some(service), Some(category)) => RequestTarget::Category { service, category },
            _ => {
                return Err(WebError::Unprocessable(
                    "name either `document_id`, or `service` and `category`".into(),
                ));
            }
        };
        Ok(NewRequest {
            target,
            legal_basis: self.legal_basis,
            purpose: self.purpose,
        })
    }
}

#[derive(Debug, Serialize)]
pub struct CreatedRequest {
    id: i64,
    due_on: String,
    url: String,
}

/// `POST /api/v1/access-requests`.
pub async fn create(
    State(state): State<AppState>,
    identity: Identity,
    ApiJson(body): ApiJson<NewRequestBody>,
) -> Result<(StatusCode, Json<CreatedRequest>), WebError> {
    let caller = Caller::of(&state, &identity).await?;
    let user = caller.signed_in()?;
    let id = state
        .store()
        .documents()
        .request_access(
            state.authorizer(),
            &caller.actor,
            user,
            &caller.principal,
            &body.request()?,
        )
        .await?;
    let request = state
        .store()
        .documents()
        .access_request(state.authorizer(), user, &caller.principal, id)
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(CreatedRequest {
            id,
            due_on: request.due_on.to_string(),
            url: format!("/api/v1/access-requests/{id}"),
        }),
    ))
}

/// `?view=mine` (default) or `?view=to_answer`.
#[derive(Debug, Deserialize)]
pub struct ListParams {
    #[serde(default)]
    pub(crate) view: Option<String>,
}

/// The list `view` names (`mine`, `to_answer`), if any; a 400 otherwise.
pub(crate) fn parse_view(view: Option<&str>) -> Result<Option<RequestView>, WebError> {
    match view {
        None => Ok(None),
        Some("mine") => Ok(Some(RequestView::Mine)),
        Some("to_answer") => Ok(Some(RequestView::ToAnswer)),
        Some(other) => Err(WebError::BadRequest(format!(
            "view `{other}`: mine or to_answer"
        ))),
    }
}

/// The `?view=` value of a list.
pub(crate) fn view_param(view: RequestView) -> &'static str {
    match view {
        RequestView::Mine => "mine",
        RequestView::ToAnswer => "to_answer",
    }
}

/// A page of a signed-in caller's requests (`paging`), newest first, and
/// the key (id) the next starts after: the database seeks it (decision
/// 0023).
pub(crate) async fn requests_page(
    state: &AppState,
    user: &User,
    caller: &Caller,
    view: RequestView,
    paging: &PageParams,
) -> Result<(Vec<AccessRequest>, Option<i64>), WebError> {
    state
        .store()
        .documents()
        .list_requests(
            state.authorizer(),
            user,
            &caller.principal,
            view,
            paging.after()?,
            paging.limit()?,
        )
        .await
        .map_err(Into::into)
}

/// `GET /api/v1/access-requests[?view=mine|to_answer][&limit=N&after=CURSOR]`:
/// a list, newest first, a page at a time (100 unless `limit` says), the
/// next page's address in the `Link` header (`rel="next"`).
pub async fn list(
    State(state): State<AppState>,
    identity: Identity,
    OriginalUri(uri): OriginalUri,
    Query(params): Query<ListParams>,
    Query(paging): Query<PageParams>,
) -> Result<Response, WebError> {
    let caller = Caller::of(&state, &identity).await?;
    let user = caller.signed_in()?;
    let view = parse_view(params.view.as_deref())?.unwrap_or(RequestView::Mine);
    let (requests, next) = requests_page(&state, user, &caller, view, &paging).await?;
    let next = next.map(|id| pagination::next_after(&uri, &id));
    let rows: Vec<RequestJson> = requests.into_iter().map(RequestJson::from).collect();
    Ok(pagination::with_next(
        Json(rows).into_response(),
        next.as_deref(),
    ))
}

/// `GET /api/v1/access-requests/{id}`: for the requester and the authority
/// that answers; 404 for anyone else.
pub async fn show(
    State(state): State<AppState>,
    identity: Identity,
    Path(id): Path<i64>,
) -> Result<Json<RequestJson>, WebError> {
    let caller = Caller::of(&state, &identity).await?;
    let user = caller.signed_in()?;
    let request = state
        .store()
        .documents()
        .access_request(state.authorizer(), user, &caller.principal, id)
        .await?;
    Ok(Json(request.into()))
}

/// The body of a decision.
#[derive(Debug, Deserialize)]
pub struct DecisionBody {
    #[serde(default)]
    decision: String,
    #[serde(default)]
    reasons: String,
    /// For `partial`: the passages the redacted version leaves out.
    #[serde(default)]
    remove: Vec<String>,
}

impl DecisionBody {
    /// The answer and its reasons.
    pub fn answer(self) -> Result<(Answer, String), WebError> {
        let answer = match self.decision.as_str() {
            "grant" => Answer::Grant,
            "partial" => Answer::Partial {
                remove: self.remove,
            },
            "refuse" => Answer::Refuse,
            other => {
                return Err(WebError::Unprocessable(format!(
                    "decision `{other}`: grant, partial or refuse"
                )));
            }
        };
        Ok((answer, self.reasons))
    }
}

/// `POST /api/v1/access-requests/{id}/decision`: 422 without reasons.
pub async fn decide(
    State(state): State<AppState>,
    identity: Identity,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<DecisionBody>,
) -> Result<Json<RequestJson>, WebError> {
    let caller = Caller::of(&state, &identity).await?;
    caller.signed_in()?;
    let (answer, reasons) = body.answer()?;
    let request = state
        .store()
        .documents()
        .decide_request(
            state.authorizer(),
            &caller.actor,
            &caller.principal,
            id,
            &answer,
            &reasons,
        )
        .await?;
    Ok(Json(request.into()))
}

/// The body of an appeal.
#[derive(Debug, Deserialize)]
pub struct AppealBody {
    #[serde(default)]
    reasons: String,
}

/// `POST /api/v1/access-requests/{id}/appeal`: by the requester, with reasons.
pub async fn appeal(
    State(state): State<AppState>,
    identity: Identity,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<AppealBody>,
) -> Result<Json<RequestJson>, WebError> {
    let caller = Caller::of(&state, &identity).await?;
    let user = caller.signed_in()?;
    let request = state
        .store()
        .documents()
        .appeal_request(&caller.actor, user, id, &body.reasons)
        .await?;
    Ok(Json(request.into()))
}
