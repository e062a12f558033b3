//! `/procurement/import`: a producer's or an administrator's OCDS file,
//! uploaded, checked and stored all or nothing, as `vigie import ocds`
//! does (which remains the way for files of several gigabytes).

use askama::Template;
use axum::extract::{Multipart, Path, State};
use axum::http::Uri;
use axum::response::{Html, Response};
use vigie_store::ImportMode;

use crate::error::{PageError, page_error};
use crate::handlers::caller::Caller;
use crate::handlers::file_import::{self, Job, Problems, Upload, finished, may_import, run};
use crate::imports::{Finished, counter};
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
        ImportPage::with(layout, None, Problems::default(), may_import)
    }

    /// The page with an import's outcome (only importers see one).
    fn outcome(layout: Layout, result: Option<String>, problems: Problems) -> Self {
        ImportPage::with(layout, result, problems, true)
    }

    fn with(layout: Layout, result: Option<String>, problems: Problems, may_import: bool) -> Self {
        ImportPage {
            layout,
            may_import,
            result,
            problems,
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
/// producer only their own country's; 422 lists every error. A large file
/// is followed on its own page (`GET /procurement/import/{id}`).
pub async fn submit(
    State(state): State<AppState>,
    ReaderLang(lang): ReaderLang,
    identity: Identity,
    uri: Uri,
    multipart: Multipart,
) -> Result<Response, PageError> {
    let err = page_error(lang);
    let caller = Caller::of(&state, &identity).await.map_err(&err)?;
    let upload = Upload::read(&caller, multipart, "ocds.json")
        .await
        .map_err(&err)?;
    let answer = run(&state, &caller, upload, "/procurement/import", import)
        .await
        .map_err(&err)?;
    let layout = Layout::new(lang, &identity, &uri, state.config().demo);
    file_import::answer(layout, answer, ImportPage::outcome).map_err(&err)
}

/// The import itself, on its own task.
async fn import(mut job: Job) -> Finished {
    // The file's bytes go to the reader; the rest stays for the summary.
    let bytes = std::mem::take(&mut job.upload.bytes);
    let (name, mode) = (&job.upload.name, job.upload.mode);
    let outcome = job
        .state
        .store()
        .procurement()
        .import_by(
            job.writer(),
            &job.actor,
            name,
            std::io::Cursor::new(bytes),
            mode,
            &mut counter(&job.read),
        )
        .await;
    finished(
        outcome,
        |report| {
            let key = match mode {
                ImportMode::DryRun => "procurement-import-dry",
                ImportMode::Apply => "procurement-import-done",
            };
            (
                key,
                vec![
                    ("file", name.clone()),
                    ("releases", report.releases.to_string()),
                    ("written", report.written.to_string()),
                    ("unchanged", report.unchanged.to_string()),
                    ("processes", report.processes.to_string()),
                ],
            )
        },
        |report| (&report.warnings, report.warnings_total),
    )
}

/// `GET /procurement/import/{id}`: the caller's import, running (how far,
/// refreshing itself) or finished (its result, as the form shows it).
pub async fn follow(
    State(state): State<AppState>,
    ReaderLang(lang): ReaderLang,
    identity: Identity,
    uri: Uri,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let err = page_error(lang);
    let caller = Caller::of(&state, &identity).await.map_err(&err)?;
    let layout = Layout::new(lang, &identity, &uri, state.config().demo);
    file_import::follow(&state, &caller, &id, layout, ImportPage::outcome).map_err(&err)
}
