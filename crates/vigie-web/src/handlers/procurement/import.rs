//! `/procurement/import`: a producer's or an administrator's OCDS file,
//! uploaded, checked and stored all or nothing, as `vigie import ocds`
//! does (which remains the way for files of several gigabytes).

use askama::Template;
use axum::extract::{Multipart, State};
use axum::http::{StatusCode, Uri};
use axum::response::{Html, IntoResponse, Response};
use vigie_store::ImportMode;
use vigie_store::StoreError;

use crate::error::{PageError, page_error};
use crate::handlers::caller::Caller;
use crate::handlers::file_import::{Problems, Upload, may_import, writer};
use crate::layout::Layout;
use crate::middleware::lang::ReaderLang;
use crate::{AppState, Identity};

#[derive(Template)]
#[template(path = "procurement_import.html")]
struct ImportPage {
    layout: Layout,
    may_import: bool,
    result: Option<String>,
    problems: Problems,
    more_key: &'static str,
}

impl ImportPage {
    fn new(layout: Layout, may_import: bool) -> Self {
        ImportPage {
            layout,
            may_import,
            result: None,
            problems: Problems::default(),
            more_key: "procurement-import-more",
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
    multipart: Multipart,
) -> Result<Response, PageError> {
    let err = page_error(lang);
    let caller = Caller::of(&state, &identity).await.map_err(&err)?;
    let writer = writer(&state, &caller).map_err(&err)?;
    let upload = Upload::read(multipart, "ocds.json").await.map_err(&err)?;
    let outcome = state
        .store()
        .procurement()
        .import_by(
            writer,
            &caller.actor,
            &upload.name,
            std::io::Cursor::new(upload.bytes),
            upload.mode,
            &mut |_| {},
        )
        .await;
    let layout = Layout::new(lang, &identity, &uri, state.config().demo);
    let mut page = ImportPage::new(layout, true);
    let status = match outcome {
        Ok(report) => {
            let key = match upload.mode {
                ImportMode::DryRun => "procurement-import-dry",
                ImportMode::Apply => "procurement-import-done",
            };
            page.result = Some(page.layout.tr_args(
                key,
                &[
                    ("file", upload.name.clone()),
                    ("releases", report.releases.to_string()),
                    ("written", report.written.to_string()),
                    ("unchanged", report.unchanged.to_string()),
                    ("processes", report.processes.len().to_string()),
                ],
            ));
            page.problems = Problems::landed(&report.warnings, report.warnings_total);
            StatusCode::OK
        }
        Err(StoreError::Rejected(errors)) => {
            page.problems = Problems::refused(&errors);
            StatusCode::UNPROCESSABLE_ENTITY
        }
        // The file writes what this account may not (another country's or
        // service's record, a level it may not set): 403, with every reason.
        Err(StoreError::Refused(errors)) => {
            page.problems = Problems::refused(&errors);
            StatusCode::FORBIDDEN
        }
        Err(e) => return Err(err(e.into())),
    };
    let html = page.render().map_err(|e| err(e.into()))?;
    Ok((status, Html(html)).into_response())
}
