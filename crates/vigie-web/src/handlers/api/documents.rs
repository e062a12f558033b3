//! `/api/v1/documents`: the classified register as JSON, its content as
//! bytes, uploads and declassification. What the caller may not see is
//! absent from every answer: listings, counts, search and export alike.

use axum::Json;
use axum::extract::{Multipart, OriginalUri, Path, Query, State};
use axum::http::{StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use time::Date;
use time::macros::format_description;
use vigie_store::documents::{
    Declassify, Document, DocumentKey, DocumentPage, DocumentQuery, HistoryStep, Read, See, Seek,
};

use super::json::ApiJson;
pub use super::upload::UploadForm;
use crate::budget::open_data::inert_text;
use crate::handlers::caller::Caller;
use crate::pagination;
use crate::{AppState, Identity, WebError};

/// The largest file accepted.
pub const MAX_UPLOAD: usize = 50 * 1024 * 1024;

/// A register entry as the API shows it.
#[derive(Debug, Serialize)]
pub struct DocumentJson {
    id: i64,
    reference: String,
    title: String,
    country: String,
    dated: String,
    level: LevelJson,
    category: String,
    producing_service: String,
    classified_by: String,
    legal_basis: String,
    justification: String,
    review_on: Option<String>,
    declassify_on: Option<String>,
    derived_from: Option<i64>,
    file_name: String,
    media_type: String,
    size: i64,
    created_at: String,
    content_url: String,
}

#[derive(Debug, Serialize)]
struct LevelJson {
    code: String,
    rank: u8,
    name_fr: String,
    name_en: String,
}

impl From<&Document> for DocumentJson {
    fn from(d: &Document) -> Self {
        DocumentJson {
            id: d.id,
            reference: d.reference.clone(),
            title: d.title.clone(),
            country: d.country().to_string(),
            dated: d.dated.to_string(),
            level: LevelJson {
                code: d.level_code.clone(),
                rank: d.level.rank(),
                name_fr: d.level_name_fr.clone(),
                name_en: d.level_name_en.clone(),
            },
            category: d.category.clone(),
            producing_service: d.producing_service.clone(),
            classified_by: d.classified_by.clone(),
            legal_basis: d.legal_basis.clone(),
            justification: d.justification.clone(),
            review_on: d.review_on.map(|x| x.to_string()),
            declassify_on: d.declassify_on.map(|x| x.to_string()),
            derived_from: d.derived_from,
            file_name: d.file_name.clone(),
            media_type: d.media_type.clone(),
            size: d.size,
            created_at: d.created_at.to_string(),
            content_url: format!("/api/v1/documents/{}/content", d.id),
        }
    }
}

/// One step of a document's history.
#[derive(Debug, Serialize)]
pub struct HistoryJson {
    at: String,
    action: String,
    actor: String,
    from_rank: Option<i32>,
    to_rank: Option<i32>,
    note: String,
}

impl From<HistoryStep> for HistoryJson {
    fn from(h: HistoryStep) -> Self {
        HistoryJson {
            at: h.at.to_string(),
            action: h.action,
            actor: h.actor,
            from_rank: h.from_rank,
            to_rank: h.to_rank,
            note: h.note,
        }
    }
}

/// Search and filters, from the query string (the page's form uses the
/// same names).
#[derive(Debug, Default, Deserialize)]
pub struct RegisterParams {
    /// Words in the title or reference.
    #[serde(default)]
    pub q: Option<String>,
    /// Country code.
    #[serde(default)]
    pub country: Option<String>,
    /// Level rank.
    #[serde(default)]
    pub level: Option<String>,
    /// Category code.
    #[serde(default)]
    pub category: Option<String>,
    /// Producing service code.
    #[serde(default)]
    pub service: Option<String>,
    /// Page, from 1.
    #[serde(default)]
    pub page: Option<u32>,
    /// Rows per page.
    #[serde(default)]
    pub per_page: Option<u32>,
    /// The page after this cursor (a row's key; `next` gives it).
    #[serde(default)]
    pub after: Option<String>,
    /// The page before this cursor (a "previous" link).
    #[serde(default)]
    pub before: Option<String>,
}

impl RegisterParams {
    /// The store query; blank fields mean no filter.
    pub fn query(&self) -> Result<DocumentQuery, WebError> {
        let some = |v: &Option<String>| {
            v.as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
        };
        Ok(DocumentQuery {
            text: some(&self.q),
            country: some(&self.country)
                .map(|c| c.parse())
                .transpose()
                .map_err(|e: vigie_domain::Invalid| WebError::BadRequest(e.to_string()))?,
            rank: some(&self.level)
                .map(|l| l.parse::<u8>())
                .transpose()
                .map_err(|_| {
                    WebError::BadRequest("level: a rank (0 = public) is expected".into())
                })?,
            category: some(&self.category),
            service: some(&self.service),
            page: self.page.unwrap_or(1).max(1),
            per_page: self.per_page.unwrap_or(50),
            seek: self.seek()?,
        })
    }

    /// `after` or `before`, as a key of the register's order.
    fn seek(&self) -> Result<Option<Seek>, WebError> {
        let key = |cursor: &str| -> Result<DocumentKey, WebError> {
            let (dated, id): (String, i64) = pagination::decode(cursor)?;
            let dated = Date::parse(&dated, format_description!("[year]-[month]-[day]"))
                .map_err(|_| WebError::BadRequest("not a cursor this list gave".into()))?;
            Ok(DocumentKey { dated, id })
        };
        let given = |c: &Option<String>| c.clone().filter(|c| !c.is_empty());
        Ok(match (given(&self.after), given(&self.before)) {
            (Some(after), _) => Some(Seek::After(key(&after)?)),
            (None, Some(before)) => Some(Seek::Before(key(&before)?)),
            (None, None) => None,
        })
    }
}

/// A register row's key as a cursor.
pub fn cursor(key: DocumentKey) -> String {
    pagination::encode(&(key.dated.to_string(), key.id))
}

/// The link to the page after the last row of `page`, if another follows.
fn next_link(uri: &Uri, query: &DocumentQuery, page: &DocumentPage) -> Option<String> {
    let forward = !matches!(query.seek, Some(Seek::Before(_)));
    let more = page.more || !forward;
    let last = page.documents.last().filter(|_| more)?;
    Some(pagination::link(
        uri,
        "after",
        &cursor(DocumentKey::of(last)),
    ))
}

#[derive(Debug, Serialize)]
pub struct ListJson {
    documents: Vec<DocumentJson>,
    total: u64,
    page: u32,
    per_page: u32,
    /// The next page by key (decision 0023), or `null` on the last.
    next: Option<String>,
}

/// `GET /api/v1/documents`: what the caller may see, a page at a time
/// (`next` for the following one).
pub async fn list(
    State(state): State<AppState>,
    identity: Identity,
    OriginalUri(uri): OriginalUri,
    Query(params): Query<RegisterParams>,
) -> Result<Response, WebError> {
    let caller = Caller::of(&state, &identity).await?;
    let query = params.query()?;
    let page = state
        .store()
        .documents()
        .list(state.authorizer(), &caller.actor, &caller.principal, &query)
        .await?;
    let next = next_link(&uri, &query, &page);
    let json = Json(ListJson {
        documents: page.documents.iter().map(DocumentJson::from).collect(),
        total: page.total,
        page: query.page,
        per_page: query
            .per_page
            .clamp(1, vigie_store::documents::MAX_PER_PAGE),
        next: next.clone(),
    });
    Ok(pagination::with_next(json.into_response(), next.as_deref()))
}

/// `GET /api/v1/documents.csv`: the same listing as CSV (one page; up to
/// 100 rows, the `Link` header's `next` for the following one).
pub async fn export(
    State(state): State<AppState>,
    identity: Identity,
    OriginalUri(uri): OriginalUri,
    Query(params): Query<RegisterParams>,
) -> Result<Response, WebError> {
    let caller = Caller::of(&state, &identity).await?;
    let mut query = params.query()?;
    query.per_page = params
        .per_page
        .unwrap_or(vigie_store::documents::MAX_PER_PAGE);
    let page = state
        .store()
        .documents()
        .list(state.authorizer(), &caller.actor, &caller.principal, &query)
        .await?;
    let mut out = csv::Writer::from_writer(Vec::new());
    let csv_error = |e: csv::Error| WebError::Internal(e.to_string());
    out.write_record([
        "id",
        "reference",
        "title",
        "country",
        "dated",
        "level",
        "category",
        "producing_service",
        "declassify_on",
    ])
    .map_err(csv_error)?;
    for d in &page.documents {
        let row = [
            d.id.to_string(),
            d.reference.clone(),
            d.title.clone(),
            d.country().to_string(),
            d.dated.to_string(),
            d.level_code.clone(),
            d.category.clone(),
            d.producing_service.clone(),
            d.declassify_on.map(|x| x.to_string()).unwrap_or_default(),
        ];
        out.write_record(row.iter().map(|c| inert_text(c).into_owned()))
            .map_err(csv_error)?;
    }
    let bytes = out
        .into_inner()
        .map_err(|e| WebError::Internal(e.to_string()))?;
    let next = next_link(&uri, &query, &page);
    let response = (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                header::HeaderName::from_static("x-total-count"),
                page.total.to_string(),
            ),
        ],
        bytes,
    )
        .into_response();
    Ok(pagination::with_next(response, next.as_deref()))
}

#[derive(Debug, Serialize)]
pub struct ShowJson {
    #[serde(flatten)]
    document: DocumentJson,
    history: Vec<HistoryJson>,
}

/// `GET /api/v1/documents/{id}`: the entry and its history; 404 for whoever
/// may not know it exists.
pub async fn show(
    State(state): State<AppState>,
    identity: Identity,
    Path(id): Path<i64>,
) -> Result<Json<ShowJson>, WebError> {
    let caller = Caller::of(&state, &identity).await?;
    let permit = state
        .store()
        .documents()
        .authorize::<See>(state.authorizer(), &caller.actor, &caller.principal, id)
        .await?;
    let history = state.store().documents().history(&permit).await?;
    Ok(Json(ShowJson {
        document: DocumentJson::from(permit.document()),
        history: history.into_iter().map(HistoryJson::from).collect(),
    }))
}

/// `GET /api/v1/documents/{id}/content`: the bytes. 404 for whoever may not
/// know the document exists, 403 for whoever sees the entry but may not
/// read it. Always an attachment, never rendered by the browser.
pub async fn content(
    State(state): State<AppState>,
    identity: Identity,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    let caller = Caller::of(&state, &identity).await?;
    let permit = state
        .store()
        .documents()
        .authorize::<Read>(state.authorizer(), &caller.actor, &caller.principal, id)
        .await?;
    let bytes = state.store().documents().content(&permit).await?;
    let doc = permit.document();
    let file_name: String = doc
        .file_name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
        .collect();
    let media_type = if doc.media_type.parse::<header::HeaderValue>().is_ok() {
        doc.media_type.clone()
    } else {
        "application/octet-stream".to_owned()
    };
    Ok((
        [
            (header::CONTENT_TYPE, media_type),
            (
                header::CONTENT_DISPOSITION,
                format!(
                    "attachment; filename=\"{}\"",
                    if file_name.is_empty() {
                        "document"
                    } else {
                        &file_name
                    }
                ),
            ),
        ],
        bytes,
    )
        .into_response())
}

#[derive(Debug, Serialize)]
pub struct Created {
    id: i64,
    url: String,
}

/// `POST /api/v1/documents` (multipart): registers a document for the
/// caller's service, if the policies let them classify it at that level.
pub async fn create(
    State(state): State<AppState>,
    identity: Identity,
    multipart: Multipart,
) -> Result<(StatusCode, Json<Created>), WebError> {
    let caller = Caller::of(&state, &identity).await?;
    caller.signed_in()?;
    let new = UploadForm::read(multipart).await?.document()?;
    let id = state
        .store()
        .documents()
        .create(state.authorizer(), &caller.actor, &caller.principal, &new)
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(Created {
            id,
            url: format!("/api/v1/documents/{id}"),
        }),
    ))
}

/// The body of a declassification.
#[derive(Debug, Deserialize)]
pub struct DeclassifyBody {
    #[serde(default)]
    reasons: String,
    #[serde(default)]
    remove: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct DeclassifiedJson {
    id: i64,
    public_version: Option<i64>,
}

/// `POST /api/v1/documents/{id}/declassify` (JSON `reasons`, optional
/// `remove`: passages a public version leaves out).
pub async fn declassify(
    State(state): State<AppState>,
    identity: Identity,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<DeclassifyBody>,
) -> Result<Json<DeclassifiedJson>, WebError> {
    let caller = Caller::of(&state, &identity).await?;
    caller.signed_in()?;
    let done = state
        .store()
        .documents()
        .declassify(
            state.authorizer(),
            &caller.actor,
            &caller.principal,
            id,
            &Declassify {
                reasons: body.reasons,
                remove: body.remove,
            },
        )
        .await?;
    Ok(Json(DeclassifiedJson {
        id: done.id,
        public_version: done.public_version,
    }))
}
