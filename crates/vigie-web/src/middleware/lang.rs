//! The reader's language: `?lang=` first (and then remembered in a
//! cookie), else the remembered choice, else `Accept-Language`, else French.

use axum::extract::{FromRequestParts, Request, State};
use axum::http::HeaderValue;
use axum::http::header::{ACCEPT_LANGUAGE, SET_COOKIE, VARY};
use axum::http::request::Parts;
use axum::middleware::Next;
use axum::response::Response;
use vigie_domain::Lang;

use crate::{AppState, cookies};

const ONE_YEAR: i64 = 365 * 24 * 3600;

/// Picks the language and stores it in the request's extensions.
pub async fn negotiate(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    let asked = request
        .uri()
        .query()
        .and_then(|q| q.split('&').find_map(|pair| pair.strip_prefix("lang=")))
        .and_then(Lang::from_tag);
    let remembered = cookies::get(request.headers(), cookies::LANG).and_then(Lang::from_tag);
    let accepted = request
        .headers()
        .get(ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .and_then(Lang::from_accept_language);
    let lang = asked.or(remembered).or(accepted).unwrap_or_default();
    request.extensions_mut().insert(lang);

    let mut response = next.run(request).await;
    // The same URL answers in French or English depending on these headers:
    // caches (and the proxies of weak connections) must key on them.
    response
        .headers_mut()
        .append(VARY, HeaderValue::from_static("accept-language, cookie"));
    if let Some(asked) = asked.filter(|a| Some(*a) != remembered) {
        let cookie = cookies::set(
            cookies::LANG,
            asked.code(),
            ONE_YEAR,
            state.config().secure_cookies,
        );
        if let Ok(value) = HeaderValue::from_str(&cookie) {
            response.headers_mut().append(SET_COOKIE, value);
        }
    }
    response
}

/// The negotiated language, for handlers.
#[derive(Debug, Clone, Copy)]
pub struct ReaderLang(pub Lang);

impl<S: Send + Sync> FromRequestParts<S> for ReaderLang {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(ReaderLang(
            parts.extensions.get::<Lang>().copied().unwrap_or_default(),
        ))
    }
}
