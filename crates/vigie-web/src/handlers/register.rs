//! The register pages: `/documents` (search and filters), `/documents/{id}`
//! (entry, history, download, request or declassify), `/documents/new`
//! (upload). The same decisions as the API: a page never shows what the
//! JSON would not.

use askama::Template;
use axum::Form;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::Uri;
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;
use vigie_domain::Lang;
use vigie_policy::Action;
use vigie_store::documents::{Document, DocumentKey, NewRequest, RequestTarget, See, Seek};

use super::api::documents::{RegisterParams, UploadForm, cursor};
use super::caller::Caller;
use crate::error::{PageError, page_error};
use crate::layout::Layout;
use crate::middleware::lang::ReaderLang;
use crate::{AppState, Identity, WebError};

/// A register row as a page shows it.
pub(crate) struct Row {
    id: i64,
    reference: String,
    title: String,
    country: String,
    dated: String,
    level_code: String,
    level_name: String,
    classified: bool,
    category: String,
    service: String,
    declassify_on: String,
}

impl Row {
    fn new(d: &Document, lang: Lang) -> Row {
        Row {
            id: d.id,
            reference: d.reference.clone(),
            title: d.title.clone(),
            country: d.country().to_string(),
            dated: d.dated.to_string(),
            level_code: d.level_code.clone(),
            level_name: lang.pick(&d.level_name_fr, &d.level_name_en).to_owned(),
            classified: !d.level.is_public(),
            category: d.category.clone(),
            service: d.producing_service.clone(),
            declassify_on: d.declassify_on.map(|x| x.to_string()).unwrap_or_default(),
        }
    }
}

#[derive(Template)]
#[template(path = "documents.html")]
struct RegisterPage {
    layout: Layout,
    rows: Vec<Row>,
    total: u64,
    page: u32,
    pages: u32,
    q: String,
    country: String,
    level: String,
    category: String,
    service: String,
    categories: Vec<(String, String)>,
    countries: Vec<String>,
    prev_href: Option<String>,
    next_href: Option<String>,
    can_upload: bool,
}

/// The categories of information for a form's select: (code, name).
async fn category_options(state: &AppState, lang: Lang) -> Result<Vec<(String, String)>, WebError> {
    Ok(state
        .store()
        .list_categories()
        .await?
        .into_iter()
        .map(|c| {
            let name = lang.pick(&c.name_fr, &c.name_en).to_owned();
            (c.code, name)
        })
        .collect())
}

/// `GET /documents`.
pub async fn list(
    State(state): State<AppState>,
    ReaderLang(lang): ReaderLang,
    identity: Identity,
    uri: Uri,
    Query(params): Query<RegisterParams>,
) -> Result<Html<String>, PageError> {
    let err = page_error(lang);
    let caller = Caller::of(&state, &identity).await.map_err(&err)?;
    let mut query = params.query().map_err(&err)?;
    query.per_page = 50;
    let page = state
        .store()
        .documents()
        .list(state.authorizer(), &caller.actor, &caller.principal, &query)
        .await
        .map_err(|e| err(e.into()))?;
    let pages = u32::try_from(page.total.div_ceil(50))
        .unwrap_or(u32::MAX)
        .max(1);
    // Pages are found by key (decision 0023); `page` only numbers them.
    let link = |n: u32, seek: &str, key: DocumentKey| {
        let mut pairs: Vec<(&str, String)> = vec![("page", n.to_string()), (seek, cursor(key))];
        for (k, v) in [
            ("q", &params.q),
            ("country", &params.country),
            ("level", &params.level),
            ("category", &params.category),
            ("service", &params.service),
        ] {
            if let Some(v) = v.as_deref().filter(|v| !v.is_empty()) {
                pairs.push((k, v.to_owned()));
            }
        }
        format!(
            "/documents?{}",
            serde_urlencoded::to_string(&pairs).unwrap_or_default()
        )
    };
    let backward = matches!(query.seek, Some(Seek::Before(_)));
    let (first, last) = (page.documents.first(), page.documents.last());
    // Going back, there is always a later page; going forward, an earlier
    // one unless this is the first.
    let has_next = backward || page.more;
    let has_prev = if backward { page.more } else { query.page > 1 };
    let prev_href = first.filter(|_| has_prev).map(|d| {
        link(
            query.page.saturating_sub(1).max(1),
            "before",
            DocumentKey::of(d),
        )
    });
    let next_href = last
        .filter(|_| has_next)
        .map(|d| link(query.page + 1, "after", DocumentKey::of(d)));
    let categories = category_options(&state, lang).await.map_err(&err)?;
    let countries = state
        .store()
        .list_countries()
        .await
        .map_err(|e| err(e.into()))?
        .into_iter()
        .map(|c| c.code.to_string())
        .collect();
    let some = |v: &Option<String>| v.clone().unwrap_or_default();
    let view = RegisterPage {
        layout: Layout::new(lang, &identity, &uri, state.config().demo),
        rows: page.documents.iter().map(|d| Row::new(d, lang)).collect(),
        total: page.total,
        page: query.page,
        pages,
        q: some(&params.q),
        country: some(&params.country),
        level: some(&params.level),
        category: some(&params.category),
        service: some(&params.service),
        categories,
        countries,
        prev_href,
        next_href,
        can_upload: caller
            .principal
            .roles
            .contains(&vigie_domain::Role::ClassificationAuthority),
    };
    view.render().map(Html).map_err(|e| err(e.into()))
}

#[derive(Template)]
#[template(path = "document.html")]
struct DocumentPage {
    layout: Layout,
    doc: Row,
    legal_basis: String,
    justification: String,
    classified_by: String,
    file_name: String,
    size: i64,
    derived_from: Option<i64>,
    history: Vec<(String, String, String, String)>,
    may_read: bool,
    may_request: bool,
    may_declassify: bool,
}

/// `GET /documents/{id}`: 404 exactly when the API's would be.
pub async fn show(
    State(state): State<AppState>,
    ReaderLang(lang): ReaderLang,
    identity: Identity,
    uri: Uri,
    Path(id): Path<i64>,
) -> Result<Html<String>, PageError> {
    let err = page_error(lang);
    let caller = Caller::of(&state, &identity).await.map_err(&err)?;
    let permit = state
        .store()
        .documents()
        .authorize::<See>(state.authorizer(), &caller.actor, &caller.principal, id)
        .await
        .map_err(|e| err(e.into()))?;
    let history = state
        .store()
        .documents()
        .history(&permit)
        .await
        .map_err(|e| err(e.into()))?;
    let doc = permit.document();
    let resource = doc.resource();
    let may = |action: Action, level: Option<u8>| {
        state
            .authorizer()
            .decide(&caller.principal, action, &resource, level)
            .permit
    };
    let view = DocumentPage {
        layout: Layout::new(lang, &identity, &uri, state.config().demo),
        doc: Row::new(doc, lang),
        legal_basis: doc.legal_basis.clone(),
        justification: doc.justification.clone(),
        classified_by: doc.classified_by.clone(),
        file_name: doc.file_name.clone(),
        size: doc.size,
        derived_from: doc.derived_from,
        history: history
            .into_iter()
            .map(|h| (h.at.date().to_string(), h.action, h.actor, h.note))
            .collect(),
        may_read: may(Action::Consult, None),
        may_request: !doc.level.is_public() && may(Action::RequestAccess, None),
        may_declassify: !doc.level.is_public() && may(Action::Declassify, Some(0)),
    };
    view.render().map(Html).map_err(|e| err(e.into()))
}

#[derive(Template)]
#[template(path = "document_new.html")]
struct NewPage {
    layout: Layout,
    csrf_query: String,
    categories: Vec<(String, String)>,
    country: String,
}

/// `GET /documents/new`: the upload form (signed-in users).
pub async fn new_form(
    State(state): State<AppState>,
    ReaderLang(lang): ReaderLang,
    identity: Identity,
    uri: Uri,
) -> Result<Response, PageError> {
    let err = page_error(lang);
    let caller = Caller::of(&state, &identity).await.map_err(&err)?;
    if caller.user.is_none() {
        return Ok(Redirect::to("/login?next=/documents/new").into_response());
    }
    let categories = category_options(&state, lang).await.map_err(&err)?;
    let view = NewPage {
        layout: Layout::new(lang, &identity, &uri, state.config().demo),
        csrf_query: identity
            .csrf_token()
            .map(|t| serde_urlencoded::to_string([("csrf_token", t)]).unwrap_or_default())
            .unwrap_or_default(),
        categories,
        country: caller
            .principal
            .country
            .map(|c| c.to_string())
            .unwrap_or_default(),
    };
    Ok(Html(view.render().map_err(|e| err(e.into()))?).into_response())
}

/// `POST /documents/new` (multipart; the CSRF token rides in the query, as
/// the form's body is not read by the CSRF layer).
pub async fn create(
    State(state): State<AppState>,
    ReaderLang(lang): ReaderLang,
    identity: Identity,
    multipart: Multipart,
) -> Result<Redirect, PageError> {
    let err = page_error(lang);
    let caller = Caller::of(&state, &identity).await.map_err(&err)?;
    caller.signed_in().map_err(&err)?;
    let new = UploadForm::read(multipart)
        .await
        .and_then(UploadForm::document)
        .map_err(&err)?;
    let id = state
        .store()
        .documents()
        .create(state.authorizer(), &caller.actor, &caller.principal, &new)
        .await
        .map_err(|e| err(e.into()))?;
    Ok(Redirect::to(&format!("/documents/{id}")))
}

/// The request form on a document page.
#[derive(Debug, Deserialize)]
pub struct RequestForm {
    legal_basis: String,
    purpose: String,
}

/// `POST /documents/{id}/request`.
pub async fn request(
    State(state): State<AppState>,
    ReaderLang(lang): ReaderLang,
    identity: Identity,
    Path(id): Path<i64>,
    Form(form): Form<RequestForm>,
) -> Result<Redirect, PageError> {
    let err = page_error(lang);
    let caller = Caller::of(&state, &identity).await.map_err(&err)?;
    let user = caller.signed_in().map_err(&err)?;
    state
        .store()
        .documents()
        .request_access(
            state.authorizer(),
            &caller.actor,
            user,
            &caller.principal,
            &NewRequest {
                target: RequestTarget::Document(id),
                legal_basis: form.legal_basis,
                purpose: form.purpose,
            },
        )
        .await
        .map_err(|e| err(e.into()))?;
    Ok(Redirect::to("/access-requests"))
}
