//! Who is asking: a session cookie, a bearer token, or nobody.
//!
//! Resolved once per request and put in the request's extensions, where
//! handlers (through the `Identity` extractor) and the CSRF layer read it.

use axum::extract::{FromRequestParts, Request, State};
use axum::http::header::{AUTHORIZATION, CACHE_CONTROL};
use axum::http::request::Parts;
use axum::http::{HeaderValue, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use vigie_domain::TokenScope;
use vigie_store::User;

use crate::{AppState, WebError, cookies};

/// The requester.
#[derive(Debug, Clone, Default)]
pub enum Identity {
    /// Nobody signed in.
    #[default]
    Anonymous,
    /// A browser session; state-changing requests must carry its CSRF token.
    Session {
        /// The signed-in user.
        user: User,
        /// The session's CSRF token.
        csrf_token: String,
    },
    /// An API client with a bearer token. No ambient credential is involved
    /// (a browser never attaches it by itself), so no CSRF token is needed.
    Token {
        /// The token's owner.
        user: User,
        /// What the token may do: a `read` token only reads.
        scope: TokenScope,
    },
}

impl Identity {
    /// The user, whichever way they signed in.
    pub fn user(&self) -> Option<&User> {
        match self {
            Identity::Anonymous => None,
            Identity::Session { user, .. } | Identity::Token { user, .. } => Some(user),
        }
    }

    /// The CSRF token to embed in forms, for browser sessions.
    pub fn csrf_token(&self) -> Option<&str> {
        match self {
            Identity::Session { csrf_token, .. } => Some(csrf_token),
            Identity::Anonymous | Identity::Token { .. } => None,
        }
    }
}

/// Resolves the identity and stores it in the request's extensions.
///
/// A bearer token that does not open an account is refused outright (401)
/// rather than treated as anonymous: a script with a revoked token should
/// fail loudly, not quietly see less.
pub async fn resolve(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    let bearer = request
        .headers()
        .get(AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
        .map(str::to_owned);
    let identity = match bearer {
        Some(secret) => match state.store().api_token_grant(&secret).await {
            // A `read` token is refused on any method that may change
            // something, before any handler runs: the check cannot be
            // forgotten by a new route.
            Ok(Some((_, TokenScope::Read)))
                if !matches!(*request.method(), Method::GET | Method::HEAD) =>
            {
                return WebError::Refused(
                    "this API token may only read (scope `read`); create a `write` token to change data".into(),
                )
                .into_response();
            }
            Ok(Some((user, scope))) => Identity::Token { user, scope },
            // Unknown, revoked or expired.
            Ok(None) => return WebError::Unauthorized.into_response(),
            Err(e) => return WebError::from(e).into_response(),
        },
        None => match cookies::get(request.headers(), cookies::SESSION) {
            Some(secret) => match state.store().session(secret).await {
                Ok(Some(session)) => Identity::Session {
                    user: session.user,
                    csrf_token: session.csrf_token,
                },
                Ok(None) => Identity::Anonymous,
                Err(e) => return WebError::from(e).into_response(),
            },
            None => Identity::Anonymous,
        },
    };
    let signed_in = identity.user().is_some();
    let session = identity.csrf_token().is_some();
    request.extensions_mut().insert(identity);
    let mut response = next.run(request).await;
    if session {
        response.extensions_mut().insert(SessionAnswer);
    }
    if signed_in {
        // What a signed-in user sees must not stay in a shared cache or on a
        // shared computer's disk (cybercafés, office machines).
        response
            .headers_mut()
            .entry(CACHE_CONTROL)
            .or_insert(HeaderValue::from_static("private, no-store"));
    }
    response
}

/// Marks an answer to a browser session: it may hold the session's CSRF
/// token beside what the page reflects of the request, so it is never
/// compressed (BREACH: a length that changes with a guess would tell an
/// attacker the token a character at a time).
#[derive(Debug, Clone, Copy)]
pub struct SessionAnswer;

impl<S: Send + Sync> FromRequestParts<S> for Identity {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(parts
            .extensions
            .get::<Identity>()
            .cloned()
            .unwrap_or_default())
    }
}
