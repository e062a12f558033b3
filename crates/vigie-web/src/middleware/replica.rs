//! A server reading a streaming replica ([`crate::WebConfig::replica`])
//! answers what a reader who is not signed in may read, and nothing else.
//!
//! A standby refuses every write, and a signed-in reader's requests write
//! (the trail of each access to a classified record, the session's
//! renewal, a form): they belong on the primary. The load balancer sends
//! them there (`docs/deployment.md`); a request that reaches a replica's
//! server anyway — a sign-in, a form, a session cookie, an API token — is
//! answered `503` at once, in the reader's language, saying to use the
//! primary's address, before anything reads its session or the database.

use axum::extract::{Request, State};
use axum::http::Method;
use axum::http::header::AUTHORIZATION;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use vigie_domain::Lang;

use crate::{AppState, WebError, cookies};

/// Passes a request on unless this server reads a replica and the request
/// would write or be answered for a signed-in caller.
pub async fn guard(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if !state.config().replica || is_anonymous_read(&request) {
        return next.run(request).await;
    }
    let lang = request
        .extensions()
        .get::<Lang>()
        .copied()
        .unwrap_or_default();
    let error = WebError::ReadOnly;
    if request.uri().path().starts_with("/api/") {
        error.into_response()
    } else {
        error.into_page(lang).into_response()
    }
}

/// A `GET` or `HEAD` with neither a session cookie nor a token.
fn is_anonymous_read(request: &Request) -> bool {
    matches!(*request.method(), Method::GET | Method::HEAD)
        && !request.headers().contains_key(AUTHORIZATION)
        && cookies::get(request.headers(), cookies::SESSION).is_none()
}
