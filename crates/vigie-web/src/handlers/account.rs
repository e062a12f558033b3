//! `GET /account`: the signed-in user's account and second factor.
//!
//! - `POST /account/recovery-codes` makes new recovery codes;
//! - `POST /account/second-factor/reset` removes the second factor (a new
//!   phone): the user is signed out and enrols again at the next sign-in;
//! - `POST /account/second-factor/enrol` sets one up for an account that
//!   is not required to have one, through the sign-in's code page.
//!
//! The first two take a current code from the app: a session left open on
//! a shared computer must not be enough to take over the second factor.
//! Codes are counted by the sign-in throttle as at sign-in.

use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::http::header::{LOCATION, SET_COOKIE};
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{AppendHeaders, Html, IntoResponse, Redirect, Response};
use serde::Deserialize;
use vigie_domain::Lang;
use vigie_store::{SecondFactorStatus, User};

use super::login::{next_query, retry_later};
use super::second_factor::{CodeStep, RecoveryPage};
use crate::error::PageError;
use crate::layout::Layout;
use crate::middleware::lang::ReaderLang;
use crate::{AppState, ClientKey, Identity, WebError, cookies};

#[derive(Template)]
#[template(path = "account.html")]
struct AccountPage {
    layout: Layout,
    username: String,
    institution: String,
    /// Each role's code and what it does, in the reader's language.
    roles: Vec<(&'static str, &'static str)>,
    status: SecondFactorStatus,
    left: String,
    error: Option<String>,
}

/// Fields of the forms that take a code.
#[derive(Deserialize)]
pub struct CodeForm {
    code: String,
}

impl std::fmt::Debug for CodeForm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CodeForm").finish_non_exhaustive()
    }
}

/// The account page; the sign-in form first for anyone not signed in.
pub async fn show(
    State(state): State<AppState>,
    ReaderLang(lang): ReaderLang,
    identity: Identity,
    uri: Uri,
) -> Result<Response, PageError> {
    let Some(user) = identity.user() else {
        return Ok(Redirect::to("/login?next=/account").into_response());
    };
    let html = render(&state, lang, &identity, user, &uri, None).await?;
    Ok(Html(html).into_response())
}

/// New recovery codes, shown once, for a current code.
pub async fn renew_recovery_codes(
    State(state): State<AppState>,
    ReaderLang(lang): ReaderLang,
    identity: Identity,
    ClientKey(client): ClientKey,
    uri: Uri,
    Form(form): Form<CodeForm>,
) -> Result<Response, PageError> {
    let Some(user) = identity.user() else {
        return Err(WebError::Unauthorized.into_page(lang));
    };
    let renewed = state.store().renew_recovery_codes(user, &form.code);
    let codes = match with_current_code(&state, lang, &identity, &uri, &client, renewed).await? {
        Ok(codes) => codes,
        Err(answer) => return Ok(answer),
    };
    let page = RecoveryPage {
        layout: Layout::new(lang, &identity, &uri, state.config().demo),
        codes,
        left: None,
        next: "/account".into(),
    };
    let html = page
        .render()
        .map_err(|e| WebError::from(e).into_page(lang))?;
    Ok(Html(html).into_response())
}

/// Removes the user's second factor for a current code, and signs out.
pub async fn reset(
    State(state): State<AppState>,
    ReaderLang(lang): ReaderLang,
    identity: Identity,
    ClientKey(client): ClientKey,
    uri: Uri,
    Form(form): Form<CodeForm>,
) -> Result<Response, PageError> {
    let Some(user) = identity.user() else {
        return Err(WebError::Unauthorized.into_page(lang));
    };
    let reset = async {
        let done = state
            .store()
            .reset_own_second_factor(user, &form.code)
            .await?;
        Ok(done.then_some(()))
    };
    if let Err(answer) = with_current_code(&state, lang, &identity, &uri, &client, reset).await? {
        return Ok(answer);
    }
    tracing::info!(username = %user.username, "second factor reset by its user");
    let location = format!("/login?{}", next_query("/account"));
    Ok((
        StatusCode::SEE_OTHER,
        [
            (LOCATION, location),
            (
                SET_COOKIE,
                cookies::clear(cookies::SESSION, state.config().secure_cookies),
            ),
        ],
    )
        .into_response())
}

/// Starts enrolment for an account without a second factor: this session
/// ends, and the code page (with a fresh secret) opens a new one.
pub async fn enrol(
    State(state): State<AppState>,
    ReaderLang(lang): ReaderLang,
    identity: Identity,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    let Some(user) = identity.user() else {
        return Err(WebError::Unauthorized.into_page(lang));
    };
    let store = state.store();
    let status = store
        .second_factor_status(user)
        .await
        .map_err(|e| WebError::from(e).into_page(lang))?;
    if status.enrolled {
        return Ok(Redirect::to("/account").into_response());
    }
    let step = CodeStep::open(&state, user, "/account")
        .await
        .map_err(|e| e.into_page(lang))?;
    if let Some(session) = cookies::get(&headers, cookies::SESSION) {
        store
            .delete_session(session)
            .await
            .map_err(|e| WebError::from(e).into_page(lang))?;
    }
    let clear = cookies::clear(cookies::SESSION, state.config().secure_cookies);
    Ok((
        StatusCode::SEE_OTHER,
        [(LOCATION, step.location)],
        AppendHeaders([(SET_COOKIE, clear), (SET_COOKIE, step.cookie)]),
    )
        .into_response())
}

/// Runs `action`, which checks the user's current code in the store, as
/// one attempt of the code throttle. `Err` is the page again: 429 when the
/// account's codes are spent for the window, 401 when the code is wrong.
async fn with_current_code<T>(
    state: &AppState,
    lang: Lang,
    identity: &Identity,
    uri: &Uri,
    client: &str,
    action: impl Future<Output = Result<Option<T>, vigie_store::StoreError>>,
) -> Result<Result<T, Response>, PageError> {
    let Some(user) = identity.user() else {
        return Err(WebError::Unauthorized.into_page(lang));
    };
    let reserved = state
        .reserve_code(user.username.as_str(), client)
        .await
        .map_err(|e| e.into_page(lang))?;
    let Ok(attempt) = reserved else {
        let html = render(state, lang, identity, user, uri, Some("login-throttled")).await?;
        let window = crate::throttle::WINDOW.as_secs();
        return Ok(Err(retry_later(
            StatusCode::TOO_MANY_REQUESTS,
            window,
            html,
        )));
    };
    match action
        .await
        .map_err(|e| WebError::from(e).into_page(lang))?
    {
        Some(done) => {
            attempt.succeeded().await.map_err(|e| e.into_page(lang))?;
            Ok(Ok(done))
        }
        None => {
            attempt.failed();
            let html = render(state, lang, identity, user, uri, Some("account-code-wrong")).await?;
            Ok(Err((StatusCode::UNAUTHORIZED, Html(html)).into_response()))
        }
    }
}

async fn render(
    state: &AppState,
    lang: Lang,
    identity: &Identity,
    user: &User,
    uri: &Uri,
    error: Option<&str>,
) -> Result<String, PageError> {
    let status = state
        .store()
        .second_factor_status(user)
        .await
        .map_err(|e| WebError::from(e).into_page(lang))?;
    let layout = Layout::new(lang, identity, uri, state.config().demo);
    let page = AccountPage {
        left: layout.t1(
            "account-2fa-on",
            "count",
            &status.recovery_codes_left.to_string(),
        ),
        error: error.map(|key| layout.t(key)),
        username: user.username.to_string(),
        institution: user.institution.to_string(),
        roles: user
            .roles
            .iter()
            .map(|r| (r.code(), r.describe(lang)))
            .collect(),
        status,
        layout,
    };
    page.render().map_err(|e| WebError::from(e).into_page(lang))
}
