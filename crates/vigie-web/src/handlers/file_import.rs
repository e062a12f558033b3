//! What the two import pages (`/budget/import`, `/procurement/import`)
//! share: who may import, for which country, reading the upload, and the
//! errors a page lists.

use axum::extract::Multipart;
use vigie_domain::Role;
use vigie_import::ImportError;
use vigie_store::Writer;
use vigie_store::budget::ImportMode;

use super::caller::Caller;
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

/// A signed-in caller who may import, as the store's writer: every record
/// their file touches is then decided by the policies against the record
/// as stored (a producer writes its own country's, an administrator only
/// public records no service owns; see `policies/writes.cedar`).
pub(crate) fn writer<'a>(state: &'a AppState, caller: &'a Caller) -> Result<Writer<'a>, WebError> {
    caller.signed_in()?;
    if !may_import(caller) {
        return Err(WebError::Forbidden);
    }
    Ok(Writer::User {
        principal: &caller.principal,
        authorizer: state.authorizer(),
    })
}

/// The uploaded file: the multipart field `file` (named `default_name` when
/// the browser gives no name), and `dry_run` when the box is ticked.
pub(crate) struct Upload {
    pub name: String,
    pub bytes: Vec<u8>,
    pub mode: ImportMode,
}

impl Upload {
    pub(crate) async fn read(
        mut multipart: Multipart,
        default_name: &str,
    ) -> Result<Upload, WebError> {
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
        Ok(Upload { name, bytes, mode })
    }
}

/// The errors a page lists, and how many more there are.
pub(crate) fn listed(errors: &[ImportError]) -> (Vec<String>, usize) {
    let shown = errors
        .iter()
        .take(SHOWN_ERRORS)
        .map(ToString::to_string)
        .collect();
    (shown, errors.len().saturating_sub(SHOWN_ERRORS))
}
