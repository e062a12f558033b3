//! `/procurement/import`: a producer's or an administrator's OCDS file,
//! uploaded, checked and stored all or nothing, as `vigie import ocds`
//! does (which remains the way for files of several gigabytes).

use askama::Template;
use axum::extract::{Multipart, State};
use axum::http::{StatusCode, Uri};
use axum::response::{Html, IntoResponse, Response};
use vigie_store::StoreError;
use vigie_store::budget::{ImportMode, ImportScope};

use crate::error::{PageError, page_error};
use crate::handlers::budget::{SHOWN_ERRORS, is_admin, may_import};
use crate::handlers::caller::Caller;
use crate::layout::Layout;
use crate::middleware::lang::ReaderLang;
use crate::{AppState, Identity, WebError};

#[derive(Template)]
#[template(path = "procurement_import.html")]
struct ImportPage {
    layout: Layout,
    may_import: bool,
    result: Option<String>,
    errors: Vec<String>,
    more_errors: usize,
}

impl ImportPage {
    fn new(layout: Layout, may_import: bool) -> Self {
        ImportPage {
            layout,
            may_import,
            result: None,
            errors: Vec::new(),
            more_errors: 0,
        }
    }
}

/// `GET /procurement/import`: what the file must hold, and the form.
pub async fn form(
    State(state): State<AppState>,
    ReaderLang(lang): ReaderLang,
    identity: Identity,
    uri: Uri,
) -> Result<Html<String>, PageError> {
    let err = page_error(lang);
    let caller = Caller::of(&state, &identity).await.map_err(&err)?;
    let layout = Layout::new(lang, &identity, &uri, state.config().demo);
    let page = ImportPage::new(layout, may_import(&caller));
    Ok(Html(page.render().map_err(|e| err(e.into()))?))
}

/// `POST /procurement/import`: the file (multipart field `file`, `dry_run`
/// to check only). Administrators import any country's processes, a
/// producer only their own country's; 422 lists every error.
pub async fn submit(
    State(state): State<AppState>,
    ReaderLang(lang): ReaderLang,
    identity: Identity,
    uri: Uri,
    mut multipart: Multipart,
) -> Result<Response, PageError> {
    let err = page_error(lang);
    let caller = Caller::of(&state, &identity).await.map_err(&err)?;
    caller.signed_in().map_err(&err)?;
    if !may_import(&caller) {
        return Err(err(WebError::Forbidden));
    }
    let bad = |e: axum::extract::multipart::MultipartError| {
        err(WebError::BadRequest(format!("multipart: {e}")))
    };
    let mut file: Option<(String, Vec<u8>)> = None;
    let mut dry_run = false;
    while let Some(field) = multipart.next_field().await.map_err(bad)? {
        match field.name() {
            Some("file") => {
                let name = field.file_name().unwrap_or("ocds.json").to_owned();
                file = Some((name, field.bytes().await.map_err(bad)?.to_vec()));
            }
            Some("dry_run") => dry_run = true,
            _ => {}
        }
    }
    let (name, bytes) = file
        .filter(|(_, b)| !b.is_empty())
        .ok_or_else(|| err(WebError::Unprocessable("file: required".into())))?;
    let scope = if is_admin(&caller) {
        ImportScope::AnyCountry
    } else {
        let own = caller
            .principal
            .country
            .ok_or_else(|| err(WebError::Forbidden))?;
        ImportScope::Only(own)
    };
    let mode = if dry_run {
        ImportMode::DryRun
    } else {
        ImportMode::Apply
    };
    let outcome = state
        .store()
        .import_ocds_within(
            scope,
            &caller.actor,
            &name,
            std::io::Cursor::new(bytes),
            mode,
            &mut |_| {},
        )
        .await;
    let layout = Layout::new(lang, &identity, &uri, state.config().demo);
    let mut page = ImportPage::new(layout, true);
    let status = match outcome {
        Ok(report) => {
            let key = if dry_run {
                "procurement-import-dry"
            } else {
                "procurement-import-done"
            };
            page.result = Some(page.layout.tr_args(
                key,
                &[
                    ("file", name.clone()),
                    ("releases", report.releases.to_string()),
                    ("written", report.written.to_string()),
                    ("unchanged", report.unchanged.to_string()),
                    ("processes", report.processes.len().to_string()),
                ],
            ));
            StatusCode::OK
        }
        Err(StoreError::Rejected(errors)) => {
            page.more_errors = errors.len().saturating_sub(SHOWN_ERRORS);
            page.errors = errors
                .iter()
                .take(SHOWN_ERRORS)
                .map(ToString::to_string)
                .collect();
            StatusCode::UNPROCESSABLE_ENTITY
        }
        Err(e) => return Err(err(e.into())),
    };
    let html = page.render().map_err(|e| err(e.into()))?;
    Ok((status, Html(html)).into_response())
}
