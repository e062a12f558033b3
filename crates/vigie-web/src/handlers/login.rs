//! `GET /login` shows the form; `POST /login` checks the password and opens
//! a session (contract: form fields `username` and `password`; success sets
//! the session cookie and redirects). An account asked for a second factor
//! is sent on to `/login/code` instead ([`super::second_factor`]).

use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::header::{LOCATION, RETRY_AFTER, SET_COOKIE};
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{Html, IntoResponse, Response};
use serde::Deserialize;
use vigie_domain::{Lang, Username};
use vigie_store::{User, credentials};

use crate::error::PageError;
use crate::layout::Layout;
use crate::middleware::lang::ReaderLang;
use crate::passwords::Busy;
use crate::{AppState, ClientKey, Identity, WebError, cookies};

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    layout: Layout,
    error: Option<String>,
    username: String,
    next: String,
}

/// Query of `GET /login`.
#[derive(Debug, Deserialize)]
pub struct LoginQuery {
    pub(crate) next: Option<String>,
}

/// Fields of `POST /login`.
#[derive(Deserialize)]
pub struct LoginForm {
    username: String,
    password: String,
    next: Option<String>,
}

impl std::fmt::Debug for LoginForm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LoginForm")
            .field("username", &self.username)
            .finish_non_exhaustive()
    }
}

/// Shows the sign-in form.
pub async fn form(
    State(state): State<AppState>,
    ReaderLang(lang): ReaderLang,
    identity: Identity,
    uri: Uri,
    Query(query): Query<LoginQuery>,
) -> Result<Html<String>, PageError> {
    let next = safe_next(query.next.as_deref()).to_owned();
    render_form(&state, lang, &identity, &uri, None, next).map(Html)
}

/// Checks the credentials; on success opens a session and redirects to
/// `next` (a local path) or the home page; on failure shows the form again
/// with 401 and a message that does not say which of the two was wrong.
///
/// An attempt is reserved with the throttle before the password is
/// checked (429 with `Retry-After` when the username or the client is
/// limited), and the check waits its turn at the password gate (503 with
/// `Retry-After` when the server is too busy to start it soon).
pub async fn submit(
    State(state): State<AppState>,
    ReaderLang(lang): ReaderLang,
    identity: Identity,
    ClientKey(client): ClientKey,
    uri: Uri,
    headers: HeaderMap,
    Form(form): Form<LoginForm>,
) -> Result<Response, PageError> {
    let next = safe_next(form.next.as_deref()).to_owned();
    let key = form.username.trim().to_ascii_lowercase();
    let reserved = state
        .reserve_sign_in(&key, &client)
        .await
        .map_err(|e| e.into_page(lang))?;
    let attempt = match reserved {
        Ok(attempt) => attempt,
        Err(limited) => {
            tracing::warn!(username = %key, client = %client, "sign-in refused: too many attempts");
            let html = render_form(
                &state,
                lang,
                &identity,
                &uri,
                Some(Failure::Throttled(form.username)),
                next,
            )?;
            return Ok(retry_later(
                StatusCode::TOO_MANY_REQUESTS,
                limited.retry_after.as_secs(),
                html,
            ));
        }
    };
    let user = match authenticate(&state, &form.username, form.password).await {
        Ok(user) => user,
        Err(Busy) => {
            tracing::warn!(username = %key, "sign-in refused: password checks saturated");
            attempt.release().await.map_err(|e| e.into_page(lang))?;
            let html = render_form(
                &state,
                lang,
                &identity,
                &uri,
                Some(Failure::Busy(form.username)),
                next,
            )?;
            return Ok(retry_later(StatusCode::SERVICE_UNAVAILABLE, 1, html));
        }
    }
    .map_err(|e| e.into_page(lang))?;
    let Some(user) = user else {
        tracing::info!(username = %form.username, client = %client, "sign-in refused");
        attempt.failed();
        let html = render_form(
            &state,
            lang,
            &identity,
            &uri,
            Some(Failure::Wrong(form.username)),
            next,
        )?;
        return Ok((StatusCode::UNAUTHORIZED, Html(html)).into_response());
    };
    // Whatever session the browser already carried ends here: a session
    // id planted before sign-in (fixation) must not become an
    // authenticated one, and the new session always gets a fresh secret.
    if let Some(old) = cookies::get(&headers, cookies::SESSION) {
        state
            .store()
            .delete_session(old)
            .await
            .map_err(|e| WebError::from(e).into_page(lang))?;
    }
    let factor = state
        .store()
        .second_factor_status(&user)
        .await
        .map_err(|e| WebError::from(e).into_page(lang))?;
    if factor.asked() {
        // Half-way: the code page takes over, with a challenge cookie.
        let step = super::second_factor::CodeStep::open(&state, &user, &next)
            .await
            .map_err(|e| e.into_page(lang))?;
        attempt.succeeded().await.map_err(|e| e.into_page(lang))?;
        tracing::info!(username = %user.username, "password right; code asked");
        return Ok((
            StatusCode::SEE_OTHER,
            [(LOCATION, step.location), (SET_COOKIE, step.cookie)],
        )
            .into_response());
    }
    let (secret, session) = state
        .store()
        .create_session(&user, state.config().session_lifetime)
        .await
        .map_err(|e| WebError::from(e).into_page(lang))?;
    attempt.succeeded().await.map_err(|e| e.into_page(lang))?;
    tracing::info!(username = %user.username, "signed in");
    let cookie = session_cookie(&state, &secret, &session);
    Ok((
        StatusCode::SEE_OTHER,
        [(LOCATION, next), (SET_COOKIE, cookie)],
    )
        .into_response())
}

/// The `Set-Cookie` value of a new session.
pub(crate) fn session_cookie(
    state: &AppState,
    secret: &str,
    session: &vigie_store::SessionInfo,
) -> String {
    let max_age = (session.expires_at - time::OffsetDateTime::now_utc()).whole_seconds();
    cookies::set(
        cookies::SESSION,
        secret,
        max_age,
        state.config().secure_cookies,
    )
}

/// `next=…` for a URL query.
pub(crate) fn next_query(next: &str) -> String {
    serde_urlencoded::to_string([("next", next)]).unwrap_or_default()
}

/// The form again with `status` and a `Retry-After` of `seconds`.
pub(crate) fn retry_later(status: StatusCode, seconds: u64, html: String) -> Response {
    (status, [(RETRY_AFTER, seconds.to_string())], Html(html)).into_response()
}

/// Why the form is shown again, with the username tried (kept in the
/// field so that only the password needs retyping).
pub(crate) enum Failure {
    Wrong(String),
    Throttled(String),
    Busy(String),
    /// The code step ended (expired, or too many wrong codes).
    CodeExpired(String),
}

/// The form, after a refused attempt if `failure` says so.
pub(crate) fn render_form(
    state: &AppState,
    lang: Lang,
    identity: &Identity,
    uri: &Uri,
    failure: Option<Failure>,
    next: String,
) -> Result<String, PageError> {
    let (error, username) = match failure {
        None => (None, String::new()),
        Some(Failure::Wrong(u)) => (Some("login-failed"), u),
        Some(Failure::Throttled(u)) => (Some("login-throttled"), u),
        Some(Failure::Busy(u)) => (Some("login-busy"), u),
        Some(Failure::CodeExpired(u)) => (Some("login-code-expired"), u),
    };
    let layout = Layout::new(lang, identity, uri, state.config().demo);
    let page = LoginPage {
        error: error.map(|key| layout.t(key)),
        layout,
        username,
        next,
    };
    page.render().map_err(|e| WebError::from(e).into_page(lang))
}

/// The user whose password this is, if any (`Err(Busy)` if the check could
/// not start in time). The argon2 check runs on a blocking thread behind
/// the password gate; an unknown username is checked against a dummy hash so
/// that the answer takes as long either way and does not reveal which
/// usernames exist.
async fn authenticate(
    state: &AppState,
    username: &str,
    password: String,
) -> Result<Result<Option<User>, WebError>, Busy> {
    let candidate = match username.trim().to_ascii_lowercase().parse::<Username>() {
        Ok(name) => match state.store().login_candidate(&name).await {
            Ok(candidate) => candidate,
            Err(e) => return Ok(Err(e.into())),
        },
        Err(_) => None,
    };
    let (user, hash) = match candidate {
        Some((user, hash)) => (Some(user), Some(hash)),
        None => (None, None),
    };
    let checked = state
        .password_checks()
        .run(move || {
            let hash = hash.as_deref().unwrap_or_else(|| dummy_hash());
            credentials::verify_password(&password, hash)
        })
        .await?;
    Ok(checked
        .map(|ok| user.filter(|_| ok))
        .map_err(|e| WebError::Internal(format!("password check: {e}"))))
}

fn dummy_hash() -> &'static str {
    static HASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HASH.get_or_init(|| credentials::hash_password("not a password anyone has").unwrap_or_default())
}

/// `next` if it is a path on this site, else `/`: a sign-in link must not
/// be able to send people to another site afterwards.
///
/// A whitelist, not a blacklist: browsers strip tabs and line breaks from a
/// URL and read `\\` as `/`, so `/\t/evil.example/` is `//evil.example/`, a
/// link to another host. Only printable ASCII without space or backslash is
/// kept (a percent-encoded byte stays encoded in `Location`), the path
/// starts with exactly one `/`, and no `//` appears anywhere, so no
/// normalisation can turn it into a scheme-relative URL.
pub(crate) fn safe_next(next: Option<&str>) -> &str {
    match next {
        Some(n) if is_local_path(n) => n,
        _ => "/",
    }
}

pub(crate) fn is_local_path(n: &str) -> bool {
    let plain = |s: &[u8]| s.first() == Some(&b'/') && !s.windows(2).any(|w| w == b"//");
    n.bytes().all(|b| b.is_ascii_graphic() && b != b'\\') && plain(n.as_bytes()) && {
        // Once decoded (as a proxy or another server might), still one
        // path on this site: no control character, backslash or `//`.
        let decoded = percent_decoded(n);
        plain(&decoded) && decoded.iter().all(|&b| !b.is_ascii_control() && b != b'\\')
    }
}

/// `%XX` decoded once; anything else kept as is.
fn percent_decoded(s: &str) -> Vec<u8> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |c: u8| (c as char).to_digit(16);
        match (
            b[i],
            b.get(i + 1).copied().and_then(hex),
            b.get(i + 2).copied().and_then(hex),
        ) {
            (b'%', Some(h), Some(l)) => {
                out.push((h * 16 + l) as u8);
                i += 3;
            }
            (c, _, _) => {
                out.push(c);
                i += 1;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn next_stays_on_site() {
        assert_eq!(safe_next(Some("/budgets?y=2023")), "/budgets?y=2023");
        assert_eq!(safe_next(Some("/documents?q=a%20b")), "/documents?q=a%20b");
        for bad in [
            "https://evil.example",
            "//evil.example",
            "/\\evil.example",
            "evil",
            "/\t/evil.example/",
            "/\r\n/evil.example/",
            "/ /evil.example",
            "/%09/evil.example/",
            "/a//evil.example",
            "/%2F/evil.example",
            "/%5Cevil.example",
            "/é",
            "",
        ] {
            assert_eq!(safe_next(Some(bad)), "/", "{bad}");
        }
        assert_eq!(safe_next(None), "/");
    }
}
