//! `/api/v1/conferences`: the editions of the regional conference, public.
//!
//! `GET /api/v1/conferences` lists them (`id`, `number`, `city`,
//! `start_date`, `end_date`, titles); `GET /api/v1/conferences/{id}` gives
//! one whole, with its `sessions` (every programme item) and `workshops`
//! (each with `title`, `moderator` and `rapporteur`, `null` when the source
//! does not name them). `{id}` is the database id, never the number.

use axum::extract::{Path, State};
use axum::response::Response;

use super::budget::file;
use crate::budget::Format;
use crate::budget::export::json_bytes;
use crate::conferences::{EditionSummary, EditionView};
use crate::middleware::lang::ReaderLang;
use crate::{AppState, WebError};

/// `GET /api/v1/conferences`.
pub async fn list(
    State(state): State<AppState>,
    ReaderLang(lang): ReaderLang,
) -> Result<Response, WebError> {
    let editions: Vec<EditionSummary> = state
        .store()
        .conferences()
        .list()
        .await?
        .iter()
        .map(|s| EditionSummary::of(s, lang))
        .collect();
    Ok(file(Format::Json, "conferences", json_bytes(&editions)?))
}

/// `GET /api/v1/conferences/{id}`; 404 for an id that is not an edition's.
pub async fn show(
    State(state): State<AppState>,
    ReaderLang(lang): ReaderLang,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let view = edition(&state, &id, lang).await?;
    Ok(file(Format::Json, "conference", json_bytes(&view)?))
}

/// The edition of a path's id, in the reader's language.
pub(crate) async fn edition(
    state: &AppState,
    id: &str,
    lang: vigie_domain::Lang,
) -> Result<EditionView, WebError> {
    let id: i64 = id.parse().map_err(|_| WebError::NotFound)?;
    let stored = state
        .store()
        .conferences()
        .get(id)
        .await?
        .ok_or(WebError::NotFound)?;
    let institutions = state.store().list_institutions().await?;
    Ok(EditionView::of(&stored, &institutions, lang))
}
