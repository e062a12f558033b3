//! `GET /login/code` asks for the one-time code (or, for an account that
//! has no second factor yet, enrols it); `POST /login/code` checks it and
//! opens the session. Both need the challenge cookie that `POST /login`
//! sets once the password is right.
//!
//! Every answer is counted by the sign-in throttle under the account's
//! name (a key of its own, `code:USERNAME`): five wrong codes within the
//! window stop the account, however many challenges the password opened.

use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::header::{LOCATION, SET_COOKIE};
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{AppendHeaders, Html, IntoResponse, Response};
use serde::Deserialize;
use vigie_domain::Lang;
use vigie_store::{Challenge, ChallengeOutcome, User, totp};

use super::login::{Failure, LoginQuery, render_form, retry_later, safe_next};
use crate::error::PageError;
use crate::layout::Layout;
use crate::middleware::lang::ReaderLang;
use crate::{AppState, ClientKey, Identity, WebError, cookies, qr};

#[derive(Template)]
#[template(path = "second_factor.html")]
struct CodePage {
    layout: Layout,
    error: Option<String>,
    next: String,
    username: String,
    enrolment: Option<Enrolment>,
    demo_code: Option<String>,
}

/// What an account without a second factor needs to set one up.
struct Enrolment {
    /// The secret as typed into an app, in groups.
    key: String,
    /// The `otpauth://` URI (a link for the phone the page is read on).
    uri: String,
    /// The QR code of the URI, as inline SVG.
    qr: String,
}

/// The recovery codes, shown once; or how many are left after one was used.
#[derive(Template)]
#[template(path = "recovery_codes.html")]
pub(crate) struct RecoveryPage {
    pub layout: Layout,
    pub codes: Vec<String>,
    pub left: Option<String>,
    pub next: String,
}

/// Fields of `POST /login/code`.
#[derive(Deserialize)]
pub struct CodeForm {
    code: String,
    next: Option<String>,
}

impl std::fmt::Debug for CodeForm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CodeForm").finish_non_exhaustive()
    }
}

/// The code page, or back to the sign-in form if no challenge is open.
pub async fn form(
    State(state): State<AppState>,
    ReaderLang(lang): ReaderLang,
    identity: Identity,
    uri: Uri,
    headers: HeaderMap,
    Query(query): Query<LoginQuery>,
) -> Result<Response, PageError> {
    let next = safe_next(query.next.as_deref()).to_owned();
    let Some(challenge) = open_challenge(&state, lang, &headers).await? else {
        let location = format!("/login?{}", super::login::next_query(&next));
        return Ok((StatusCode::SEE_OTHER, [(LOCATION, location)]).into_response());
    };
    let html = render(&state, lang, &identity, &uri, &challenge, None, next)?;
    Ok(Html(html).into_response())
}

/// Checks the answer. Right: the session opens (after the recovery codes
/// are shown, on enrolment). Wrong: the page again, 401. No challenge (it
/// expired, or had too many wrong answers): the sign-in form, 401.
pub async fn submit(
    State(state): State<AppState>,
    ReaderLang(lang): ReaderLang,
    identity: Identity,
    ClientKey(client): ClientKey,
    uri: Uri,
    headers: HeaderMap,
    Form(form): Form<CodeForm>,
) -> Result<Response, PageError> {
    let next = safe_next(form.next.as_deref()).to_owned();
    let secure = state.config().secure_cookies;
    let Some(challenge) = open_challenge(&state, lang, &headers).await? else {
        return expired(&state, lang, &identity, &uri, String::new(), next);
    };
    let username = challenge.user.username.to_string();
    let reserved = state
        .reserve_code(&username, &client)
        .await
        .map_err(|e| e.into_page(lang))?;
    let attempt = match reserved {
        Ok(attempt) => attempt,
        Err(limited) => {
            tracing::warn!(username = %username, client = %client, "code refused: too many attempts");
            let html = render(
                &state,
                lang,
                &identity,
                &uri,
                &challenge,
                Some("login-throttled"),
                next,
            )?;
            return Ok(retry_later(
                StatusCode::TOO_MANY_REQUESTS,
                limited.retry_after.as_secs(),
                html,
            ));
        }
    };
    let secret = cookies::get(&headers, cookies::CHALLENGE).unwrap_or_default();
    let outcome = state
        .store()
        .answer_challenge(secret, &form.code, state.config().session_lifetime)
        .await
        .map_err(|e| WebError::from(e).into_page(lang))?;
    match outcome {
        ChallengeOutcome::SignedIn {
            secret,
            session,
            new_recovery_codes,
            recovery_codes_left,
        } => {
            attempt.succeeded().await.map_err(|e| e.into_page(lang))?;
            tracing::info!(username = %username, "signed in with the second factor");
            let cookies = AppendHeaders([
                (
                    SET_COOKIE,
                    super::login::session_cookie(&state, &secret, &session),
                ),
                (SET_COOKIE, cookies::clear(cookies::CHALLENGE, secure)),
            ]);
            if new_recovery_codes.is_none() && recovery_codes_left.is_none() {
                return Ok((StatusCode::SEE_OTHER, [(LOCATION, next)], cookies).into_response());
            }
            // Shown before going on: the codes once, or how few are left.
            let identity = Identity::Session {
                user: session.user,
                csrf_token: session.csrf_token,
            };
            let layout = Layout::new(lang, &identity, &uri, state.config().demo);
            let left =
                recovery_codes_left.map(|n| layout.t1("recovery-used", "count", &n.to_string()));
            let page = RecoveryPage {
                layout,
                codes: new_recovery_codes.unwrap_or_default(),
                left,
                next,
            };
            let html = page
                .render()
                .map_err(|e| WebError::from(e).into_page(lang))?;
            Ok((StatusCode::OK, cookies, Html(html)).into_response())
        }
        ChallengeOutcome::Wrong => {
            attempt.failed();
            tracing::info!(username = %username, client = %client, "wrong code");
            let html = render(
                &state,
                lang,
                &identity,
                &uri,
                &challenge,
                Some("login-code-wrong"),
                next,
            )?;
            Ok((StatusCode::UNAUTHORIZED, Html(html)).into_response())
        }
        ChallengeOutcome::Closed => {
            attempt.release().await.map_err(|e| e.into_page(lang))?;
            expired(&state, lang, &identity, &uri, username, next)
        }
    }
}

/// The answer that sends a signed-in user on to the code page: the
/// challenge cookie (its secret is stored hashed by `open_challenge`) and
/// where to go, `/login/code?next=…`.
pub(crate) struct CodeStep {
    pub location: String,
    pub cookie: String,
}

impl CodeStep {
    /// Opens a challenge for `user`, who then comes back to `next`.
    pub(crate) async fn open(state: &AppState, user: &User, next: &str) -> Result<Self, WebError> {
        let challenge = state.store().open_challenge(user).await?;
        Ok(CodeStep {
            location: format!("/login/code?{}", super::login::next_query(next)),
            cookie: cookies::set(
                cookies::CHALLENGE,
                &challenge,
                vigie_store::CHALLENGE_LIFETIME.whole_seconds(),
                state.config().secure_cookies,
            ),
        })
    }
}

/// No open challenge (expired, or closed after too many wrong codes): the
/// sign-in form again, 401, the challenge cookie cleared.
fn expired(
    state: &AppState,
    lang: Lang,
    identity: &Identity,
    uri: &Uri,
    username: String,
    next: String,
) -> Result<Response, PageError> {
    let html = render_form(
        state,
        lang,
        identity,
        uri,
        Some(Failure::CodeExpired(username)),
        next,
    )?;
    let clear = cookies::clear(cookies::CHALLENGE, state.config().secure_cookies);
    Ok((StatusCode::UNAUTHORIZED, [(SET_COOKIE, clear)], Html(html)).into_response())
}

/// The challenge the request's cookie names, if it is open.
async fn open_challenge(
    state: &AppState,
    lang: Lang,
    headers: &HeaderMap,
) -> Result<Option<Challenge>, PageError> {
    let Some(secret) = cookies::get(headers, cookies::CHALLENGE) else {
        return Ok(None);
    };
    state
        .store()
        .challenge(secret)
        .await
        .map_err(|e| WebError::from(e).into_page(lang))
}

fn render(
    state: &AppState,
    lang: Lang,
    identity: &Identity,
    uri: &Uri,
    challenge: &Challenge,
    error: Option<&str>,
    next: String,
) -> Result<String, PageError> {
    let layout = Layout::new(lang, identity, uri, state.config().demo);
    let username = challenge.user.username.to_string();
    let enrolment = challenge.enrolment.as_ref().map(|secret| {
        let uri = totp::otpauth_uri(secret, &username);
        Enrolment {
            key: totp::base32(secret),
            qr: qr::svg(&uri).unwrap_or_default(),
            uri,
        }
    });
    let page = CodePage {
        error: error.map(|key| layout.t(key)),
        demo_code: challenge
            .demo_code
            .as_ref()
            .map(|code| layout.t1("login-code-demo", "code", code)),
        layout,
        next,
        username,
        enrolment,
    };
    page.render().map_err(|e| WebError::from(e).into_page(lang))
}
