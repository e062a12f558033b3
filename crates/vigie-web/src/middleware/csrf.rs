//! Cross-site request forgery protection, on every state-changing request.
//!
//! Two independent checks:
//! 1. **Origin.** A browser says where a request comes from
//!    (`Sec-Fetch-Site`, or at least `Origin`). A request another site
//!    makes a browser send is refused, signed in or not — this also stops
//!    login CSRF. Clients that are not browsers (curl, scripts) send
//!    neither header and pass this check.
//! 2. **Token.** A request authenticated by the session cookie must carry
//!    the session's CSRF token, in the `csrf_token` form field or the
//!    `X-CSRF-Token` header. Bearer-token requests need none: a browser
//!    never attaches a bearer token on its own.

use axum::body::{Body, to_bytes};
use axum::extract::Request;
use axum::http::{HeaderMap, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::WebError;
use crate::middleware::identity::Identity;

/// The form field that carries the token.
pub const FIELD: &str = "csrf_token";
/// The header that carries the token.
pub const HEADER: &str = "x-csrf-token";
/// Largest form body read to find the token.
const MAX_FORM: usize = 2 * 1024 * 1024;

/// Refuses state-changing requests that fail either check.
pub async fn protect(request: Request, next: Next) -> Response {
    if matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    ) {
        return next.run(request).await;
    }
    if !same_origin(request.headers()) {
        tracing::warn!(uri = %request.uri(), "cross-site request refused");
        return WebError::Csrf.into_page(lang_of(&request)).into_response();
    }
    let expected = request
        .extensions()
        .get::<Identity>()
        .and_then(|i| i.csrf_token())
        .map(str::to_owned);
    let Some(expected) = expected else {
        return next.run(request).await;
    };
    let lang = lang_of(&request);
    let from_header = request
        .headers()
        .get(HEADER)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let (request, given) = match from_header {
        Some(token) => (request, Some(token)),
        None if is_form(request.headers()) => {
            let (parts, body) = request.into_parts();
            let Ok(bytes) = to_bytes(body, MAX_FORM).await else {
                return WebError::BadRequest("form too large".into())
                    .into_page(lang)
                    .into_response();
            };
            let token = form_field(&bytes, FIELD);
            (Request::from_parts(parts, Body::from(bytes)), token)
        }
        // A multipart body (an upload) is not read here: its form carries
        // the token in the action URL's query instead.
        None if is_multipart(request.headers()) => {
            let token = request
                .uri()
                .query()
                .and_then(|q| form_field(q.as_bytes(), FIELD));
            (request, token)
        }
        None => (request, None),
    };
    match given {
        Some(token) if constant_time_eq(token.as_bytes(), expected.as_bytes()) => {
            next.run(request).await
        }
        _ => {
            tracing::warn!(uri = %request.uri(), "missing or wrong CSRF token");
            WebError::Csrf.into_page(lang).into_response()
        }
    }
}

fn lang_of(request: &Request) -> vigie_domain::Lang {
    request
        .extensions()
        .get::<vigie_domain::Lang>()
        .copied()
        .unwrap_or_default()
}

/// Whether the browser says the request comes from this site. Requests
/// without either header (non-browser clients) are let through to the
/// token check.
fn same_origin(headers: &HeaderMap) -> bool {
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        return matches!(site, "same-origin" | "none");
    }
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        return true;
    };
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    origin
        .split_once("://")
        .is_some_and(|(_, authority)| authority == host)
}

fn is_form(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.starts_with("application/x-www-form-urlencoded"))
}

fn is_multipart(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.starts_with("multipart/form-data"))
}

fn form_field(body: &[u8], name: &str) -> Option<String> {
    serde_urlencoded::from_bytes::<Vec<(String, String)>>(body)
        .ok()?
        .into_iter()
        .find_map(|(k, v)| (k == name).then_some(v))
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_static(v));
        }
        h
    }

    #[test]
    fn origin_rules() {
        assert!(same_origin(&headers(&[])), "curl sends no origin");
        assert!(same_origin(&headers(&[("sec-fetch-site", "same-origin")])));
        assert!(!same_origin(&headers(&[("sec-fetch-site", "cross-site")])));
        assert!(!same_origin(&headers(&[("sec-fetch-site", "same-site")])));
        assert!(same_origin(&headers(&[
            ("origin", "http://127.0.0.1:8080"),
            ("host", "127.0.0.1:8080")
        ])));
        assert!(!same_origin(&headers(&[
            ("origin", "https://evil.example"),
            ("host", "127.0.0.1:8080")
        ])));
        assert!(!same_origin(&headers(&[
            ("origin", "null"),
            ("host", "127.0.0.1:8080")
        ])));
    }

    #[test]
    fn token_from_form() {
        assert_eq!(
            form_field(b"a=1&csrf_token=x%2By&b=2", FIELD),
            Some("x+y".into())
        );
        assert_eq!(form_field(b"a=1", FIELD), None);
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"ab"));
    }
}
