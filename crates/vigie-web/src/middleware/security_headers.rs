//! Headers that make every response safer by default.

use axum::extract::{Request, State};
use axum::http::HeaderValue;
use axum::http::header::{
    CONTENT_SECURITY_POLICY, REFERRER_POLICY, STRICT_TRANSPORT_SECURITY, VARY,
    X_CONTENT_TYPE_OPTIONS, X_FRAME_OPTIONS,
};
use axum::middleware::Next;
use axum::response::Response;

use crate::AppState;

/// Pages load nothing from elsewhere and run no script: the policy says so,
/// so an injected `<script>` or a framing site gets nowhere.
const CSP: &str = "default-src 'none'; style-src 'self'; img-src 'self' data:; \
                   form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// One year, subdomains included: what browsers' preload lists expect.
const HSTS: &str = "max-age=31536000; includeSubDomains";

/// Adds the headers unless a handler set its own.
///
/// Every page and API answer may depend on who asks (the layout names the
/// signed-in user, the register and the log filter by reader), so every
/// response is `Cross-Origin-Resource-Policy: same-origin` (another site
/// cannot embed it with the reader's cookie: no `<img>`/`<script>` read of
/// `/log/entries`; no CORS header is ever sent either) and varies on
/// `Cookie` (a shared cache must not hand one reader's page to another).
/// HSTS is sent only when the operator says the site is reached over TLS
/// (`WebConfig::hsts`): over plain HTTP it would lock browsers out.
pub async fn add(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    for (name, value) in [
        (CONTENT_SECURITY_POLICY, CSP),
        (X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (X_FRAME_OPTIONS, "DENY"),
        (REFERRER_POLICY, "same-origin"),
        (CROSS_ORIGIN_RESOURCE_POLICY, "same-origin"),
    ] {
        headers
            .entry(name)
            .or_insert(HeaderValue::from_static(value));
    }
    headers.append(VARY, HeaderValue::from_static("Cookie"));
    if state.config().hsts {
        headers
            .entry(STRICT_TRANSPORT_SECURITY)
            .or_insert(HeaderValue::from_static(HSTS));
    }
    response
}

/// Not among `http`'s named headers.
const CROSS_ORIGIN_RESOURCE_POLICY: axum::http::HeaderName =
    axum::http::HeaderName::from_static("cross-origin-resource-policy");
