//! `POST /logout`: ends the session (the CSRF layer has checked the token).

use axum::extract::State;
use axum::http::header::{LOCATION, SET_COOKIE};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::middleware::lang::ReaderLang;
use crate::{AppState, WebError, cookies};

/// Deletes the session server-side, clears the cookie, goes home.
pub async fn submit(
    State(state): State<AppState>,
    ReaderLang(lang): ReaderLang,
    headers: HeaderMap,
) -> Response {
    if let Some(secret) = cookies::get(&headers, cookies::SESSION)
        && let Err(e) = state.store().delete_session(secret).await
    {
        return WebError::from(e).into_page(lang).into_response();
    }
    let cookie = cookies::clear(cookies::SESSION, state.config().secure_cookies);
    (
        StatusCode::SEE_OTHER,
        [(LOCATION, "/".to_owned()), (SET_COOKIE, cookie)],
    )
        .into_response()
}
