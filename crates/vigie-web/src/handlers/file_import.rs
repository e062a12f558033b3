//! What the two import pages (`/budget/import`, `/procurement/import`)
//! share: who may import, for which country, reading the upload, running
//! it on its own task (`crate::imports`), and the problems a page lists.

use std::sync::Arc;
use std::sync::atomic::AtomicU64;

use askama::Template;
use axum::extract::Multipart;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use vigie_domain::Role;
use vigie_import::{ImportError, Level, write_report};
use vigie_store::{ImportMode, StoreError, Writer};

use super::caller::Caller;
use crate::imports::{BACKGROUND_FROM, Finished, JobState};
use crate::layout::Layout;
use crate::{AppState, WebError};

/// The most errors a page lists (all are counted).
const SHOWN_ERRORS: usize = 200;

/// Who may import budgets and contracts: producers (a finance ministry, a
/// stewardship) and administrators.
pub(crate) fn may_import(caller: &Caller) -> bool {
    caller.user.as_ref().is_some_and(|u| {
        u.roles
            .iter()
            .any(|r| matches!(r, Role::Producer | Role::Admin))
    })
}

/// Refuses a caller who may not import: not signed in (401), or neither a
/// producer nor an administrator (403). Every record their file touches is
/// then decided by the policies against the record as stored (a producer
/// writes its own country's, an administrator only public records no
/// service owns; see `policies/writes.cedar` and [`Job::writer`]).
fn importer(caller: &Caller) -> Result<i64, WebError> {
    let user = caller.signed_in()?;
    if !may_import(caller) {
        return Err(WebError::Forbidden);
    }
    Ok(user.id.0)
}

/// The uploaded file: the multipart field `file` (named `default_name` when
/// the browser gives no name), and `dry_run` when the box is ticked.
pub(crate) struct Upload {
    /// The importing account.
    pub owner: i64,
    pub name: String,
    pub bytes: Vec<u8>,
    pub mode: ImportMode,
}

impl Upload {
    /// Reads the upload of `caller`, refused before a byte is read when
    /// they may not import.
    pub(crate) async fn read(
        caller: &Caller,
        mut multipart: Multipart,
        default_name: &str,
    ) -> Result<Upload, WebError> {
        let owner = importer(caller)?;
        let bad = |e: axum::extract::multipart::MultipartError| {
            WebError::BadRequest(format!("multipart: {e}"))
        };
        let mut file: Option<(String, Vec<u8>)> = None;
        let mut mode = ImportMode::Apply;
        while let Some(field) = multipart.next_field().await.map_err(bad)? {
            match field.name() {
                Some("file") => {
                    let name = field.file_name().unwrap_or(default_name).to_owned();
                    file = Some((name, field.bytes().await.map_err(bad)?.to_vec()));
                }
                Some("dry_run") => mode = ImportMode::DryRun,
                _ => {}
            }
        }
        let (name, bytes) = file
            .filter(|(_, b)| !b.is_empty())
            .ok_or_else(|| WebError::Unprocessable("file: required".into()))?;
        Ok(Upload {
            owner,
            name,
            bytes,
            mode,
        })
    }
}

/// How an upload's import answers: with its result, or (a large file) by
/// sending the browser to the import's page.
pub(crate) enum Answer {
    Finished(Finished),
    Follow(String),
}

/// Imports `upload` for `caller` on its own task: `work` gets the state,
/// the caller's writer parts, the upload and the counter of records read,
/// and returns what the page shows. A file from
/// [`BACKGROUND_FROM`] bytes is followed on `{page}/{id}`.
pub(crate) async fn run<F, Fut>(
    state: &AppState,
    caller: &Caller,
    upload: Upload,
    page: &str,
    work: F,
) -> Result<Answer, WebError>
where
    F: FnOnce(Job) -> Fut,
    Fut: Future<Output = Finished> + Send + 'static,
{
    let owner = upload.owner;
    let large = upload.bytes.len() >= BACKGROUND_FROM;
    let name = upload.name.clone();
    let (principal, actor) = (caller.principal.clone(), caller.actor.clone());
    let state_for_job = state.clone();
    let started = state.imports().start(owner, &name, move |read| {
        work(Job {
            state: state_for_job,
            principal,
            actor,
            upload,
            read,
        })
    })?;
    if large {
        return Ok(Answer::Follow(format!("{page}/{}", started.id)));
    }
    let finished = started
        .handle
        .await
        .map_err(|e| WebError::Internal(format!("import task: {e}")))?;
    Ok(Answer::Finished(finished))
}

/// What an import's task holds: everything it needs, owned.
pub(crate) struct Job {
    pub state: AppState,
    pub principal: vigie_policy::Principal,
    pub actor: vigie_store::Actor,
    pub upload: Upload,
    pub read: Arc<AtomicU64>,
}

impl Job {
    /// The writer the store decides every write of: the uploading user.
    pub(crate) fn writer(&self) -> Writer<'_> {
        Writer::User {
            principal: &self.principal,
            authorizer: self.state.authorizer(),
        }
    }
}

/// What a page shows of an import's outcome: the summary of what landed
/// (`summary` gives its message key and arguments) and its warnings, or
/// what refused it (422: the file; 403: what the account may not write).
pub(crate) fn finished<T>(
    outcome: Result<T, StoreError>,
    summary: impl FnOnce(&T) -> (&'static str, Vec<(&'static str, String)>),
    warnings: impl FnOnce(&T) -> (&[ImportError], u64),
) -> Finished {
    match outcome {
        Ok(report) => {
            let (listed, total) = warnings(&report);
            Finished {
                status: StatusCode::OK,
                problems: Problems::landed(listed, total),
                summary: Some(summary(&report)),
            }
        }
        Err(StoreError::Rejected(errors)) => Finished {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            summary: None,
            problems: Problems::refused(&errors),
        },
        Err(StoreError::Refused(errors)) => Finished {
            status: StatusCode::FORBIDDEN,
            summary: None,
            problems: Problems::refused(&errors),
        },
        Err(e) => {
            tracing::error!(error = %e, "an import failed");
            Finished::failed()
        }
    }
}

/// What `POST …/import` answers: the outcome on the import page (`page`),
/// or, for a large file, `303` to the import's own page.
pub(crate) fn answer<P: Template>(
    layout: Layout,
    answer: Answer,
    page: impl FnOnce(Layout, Option<String>, Problems) -> P,
) -> Result<Response, WebError> {
    match answer {
        Answer::Follow(to) => Ok(Redirect::to(&to).into_response()),
        Answer::Finished(finished) => outcome(layout, finished, page),
    }
}

/// `GET …/import/{id}`: the caller's import `id`, under way (how far) or
/// finished (its outcome on the import page); 404 for another account's,
/// like one that does not exist, which is not theirs to know of.
pub(crate) fn follow<P: Template>(
    state: &AppState,
    caller: &Caller,
    id: &str,
    layout: Layout,
    page: impl FnOnce(Layout, Option<String>, Problems) -> P,
) -> Result<Response, WebError> {
    let owner = caller.signed_in()?.id.0;
    match state.imports().find(owner, id).ok_or(WebError::NotFound)? {
        JobState::Running { file, read } => running(layout, &file, read),
        JobState::Finished(finished) => outcome(layout, finished, page),
    }
}

/// An import's outcome on its page, with the status it answers with.
fn outcome<P: Template>(
    layout: Layout,
    finished: Finished,
    page: impl FnOnce(Layout, Option<String>, Problems) -> P,
) -> Result<Response, WebError> {
    let summary = finished
        .summary
        .map(|(key, args)| layout.tr_args(key, &args));
    let html = page(layout, summary, finished.problems).render()?;
    Ok((finished.status, Html(html)).into_response())
}

/// The page of an import under way: how many records were read, and a
/// refresh every few seconds until the result.
fn running(layout: Layout, file: &str, read: u64) -> Result<Response, WebError> {
    let message = layout.tr_args(
        "import-running",
        &[("file", file.to_owned()), ("read", read.to_string())],
    );
    let page = RunningPage { layout, message };
    Ok(Html(page.render()?).into_response())
}

#[derive(Template)]
#[template(path = "import_running.html")]
struct RunningPage {
    layout: Layout,
    message: String,
}

/// What an upload page shows of an import's problems: the errors listed;
/// the warnings grouped by where and what (`/awards/…/status`, "kept as
/// given"), each group with its count and first places; and every listed
/// problem as the CSV report to download (`line,ocid,path,value,level,
/// description`, as `vigie import ocds --report` writes it).
#[derive(Debug, Default, Clone)]
pub(crate) struct Problems {
    pub errors: Vec<String>,
    pub more_errors: usize,
    pub groups: Vec<WarningGroup>,
    pub warnings_total: u64,
    /// The warnings counted but not listed (beyond the first thousand).
    pub unlisted_warnings: u64,
    /// The report as a `data:` URL, so that it downloads with no second
    /// request and nothing kept on the server; `None` without problems.
    pub report_href: Option<String>,
}

/// Warnings of one kind.
#[derive(Debug, Clone)]
pub(crate) struct WarningGroup {
    /// The JSON path or column, positions in lists written `…`.
    pub path: String,
    /// The reason, the values it quotes written `…`.
    pub reason: String,
    pub count: u64,
    /// The first places (`file:line: path`), as many as [`GROUP_PLACES`].
    pub places: Vec<String>,
}

/// Places shown per warning group.
const GROUP_PLACES: usize = 3;

impl Problems {
    /// A refused file: its errors.
    pub(crate) fn refused(errors: &[ImportError]) -> Self {
        let mut problems = Problems::default();
        (problems.errors, problems.more_errors) = listed(errors);
        problems.report_href = report_href(errors, &[]);
        problems
    }

    /// A file that landed, with what was read by interpretation.
    pub(crate) fn landed(warnings: &[ImportError], total: u64) -> Self {
        let mut groups: Vec<WarningGroup> = Vec::new();
        for w in warnings {
            let (path, reason) = (pattern(&w.column), pattern(&w.reason));
            let place = w.to_string();
            match groups
                .iter_mut()
                .find(|g| g.path == path && g.reason == reason)
            {
                Some(group) => {
                    group.count += 1;
                    if group.places.len() < GROUP_PLACES {
                        group.places.push(place);
                    }
                }
                None => groups.push(WarningGroup {
                    path,
                    reason,
                    count: 1,
                    places: vec![place],
                }),
            }
        }
        groups.sort_by_key(|g| std::cmp::Reverse(g.count));
        Problems {
            groups,
            warnings_total: total,
            unlisted_warnings: total.saturating_sub(warnings.len() as u64),
            report_href: report_href(&[], warnings),
            ..Problems::default()
        }
    }
}

/// A path or reason with what varies from one warning to the next (list
/// positions, quoted values) written `…`, so that warnings of one kind group.
fn pattern(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '`' => {
                if !quoted {
                    out.push('…');
                }
                quoted = !quoted;
            }
            _ if quoted => {}
            '/' if chars.peek().is_some_and(char::is_ascii_digit) => {
                while chars.peek().is_some_and(char::is_ascii_digit) {
                    chars.next();
                }
                out.push_str("/…");
            }
            _ => out.push(c),
        }
    }
    out
}

/// The report of `errors` and `warnings` as a `data:` URL.
fn report_href(errors: &[ImportError], warnings: &[ImportError]) -> Option<String> {
    use base64::Engine as _;
    if errors.is_empty() && warnings.is_empty() {
        return None;
    }
    let rows = errors
        .iter()
        .map(|e| (Level::Error, e))
        .chain(warnings.iter().map(|w| (Level::Warning, w)));
    let mut csv = Vec::new();
    // Writing to a Vec cannot fail.
    write_report(&mut csv, rows).ok()?;
    let encoded = base64::engine::general_purpose::STANDARD.encode(csv);
    Some(format!("data:text/csv;charset=utf-8;base64,{encoded}"))
}

/// The errors a page lists, and how many more there are.
fn listed(errors: &[ImportError]) -> (Vec<String>, usize) {
    let shown = errors
        .iter()
        .take(SHOWN_ERRORS)
        .map(ToString::to_string)
        .collect();
    (shown, errors.len().saturating_sub(SHOWN_ERRORS))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn warnings_of_one_kind_group() {
        let at = |column: &str, reason: &str| ImportError {
            column: column.into(),
            reason: reason.into(),
            ..ImportError::default()
        };
        let problems = Problems::landed(
            &[
                at("/awards/0/id", "missing id, given the item's position: `1`"),
                at("/awards/3/id", "missing id, given the item's position: `4`"),
                at("/tender/status", "not a status; kept as given"),
            ],
            5,
        );
        assert_eq!(problems.groups.len(), 2);
        assert_eq!(problems.groups[0].path, "/awards/…/id");
        assert_eq!(
            problems.groups[0].reason,
            "missing id, given the item's position: …"
        );
        assert_eq!(problems.groups[0].count, 2);
        assert_eq!(problems.unlisted_warnings, 2);
        assert!(
            problems
                .report_href
                .unwrap()
                .starts_with("data:text/csv;charset=utf-8;base64,")
        );
    }
}
