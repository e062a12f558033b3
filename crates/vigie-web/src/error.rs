//! The web layer's one error type, mapped to responses here and nowhere else.
//!
//! Which type to use where:
//! - handlers of the JSON API return `Result<_, WebError>`: the error
//!   becomes the JSON envelope `{"error": {"status", "code", "message"}}`
//!   documented in `docs/API-DESIGN.md`;
//! - page handlers return `Result<_, PageError>`: the same error as a
//!   localized HTML page.
//!
//! Server-side failures (5xx) are logged in full and shown to the client as
//! a generic message: internal details never reach a browser.

use askama::Template;
use axum::Json;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use vigie_domain::Lang;
use vigie_store::StoreError;

use crate::Tr;

/// Why a request failed.
#[derive(Debug, thiserror::Error)]
pub enum WebError {
    /// No such page or record.
    #[error("not found")]
    NotFound,
    /// No such record, and the message (safe to show) says what exists.
    #[error("not found: {0}")]
    NotFoundWith(String),
    /// The request needs a signed-in user.
    #[error("authentication required")]
    Unauthorized,
    /// The user may not do this.
    #[error("forbidden")]
    Forbidden,
    /// A state-changing request without a valid CSRF token, or from another site.
    #[error("cross-site request refused")]
    Csrf,
    /// The policies refuse; the message says what the user may do instead.
    #[error("forbidden: {0}")]
    Refused(String),
    /// The request is malformed; the message is safe to show.
    #[error("{0}")]
    BadRequest(String),
    /// Well-formed, but a value breaks a rule (a decision without reasons,
    /// an unknown level); the message names the field.
    #[error("{0}")]
    Unprocessable(String),
    /// The request clashes with the record's state (already answered,
    /// reference taken).
    #[error("{0}")]
    Conflict(String),
    /// A unique key is taken; `field` names it (column names only, never
    /// the driver's text, the table or the constraint).
    #[error("duplicate {field:?}")]
    Duplicate {
        /// The key's columns, if the store knows them.
        field: Option<String>,
    },
    /// The database cannot be reached right now.
    #[error("service unavailable: {0}")]
    Unavailable(String),
    /// This server reads a replica: what was asked needs the primary.
    #[error("this server reads a replica")]
    ReadOnly,
    /// Anything else that went wrong on our side.
    #[error("internal error: {0}")]
    Internal(String),
}

impl From<StoreError> for WebError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound { .. } => WebError::NotFound,
            StoreError::Invalid(invalid) => WebError::Unprocessable(invalid.to_string()),
            StoreError::Rejected(_) => WebError::Unprocessable(e.to_string()),
            StoreError::Refused(_) => WebError::Refused(e.to_string()),
            StoreError::Forbidden(message) => WebError::Refused(message),
            StoreError::Conflict(message) => WebError::Conflict(message),
            StoreError::Duplicate { field } => WebError::Duplicate { field },
            StoreError::BadData { .. } => WebError::BadRequest(e.to_string()),
            StoreError::Unavailable(message) => WebError::Unavailable(message),
            StoreError::InvalidUrl { .. }
            | StoreError::Corrupt(_)
            | StoreError::Migration(_)
            | StoreError::Backend(_) => WebError::Internal(e.to_string()),
        }
    }
}

impl From<askama::Error> for WebError {
    fn from(e: askama::Error) -> Self {
        WebError::Internal(format!("template: {e}"))
    }
}

/// For page handlers: `.map_err(page_error(lang))` turns an error into its
/// page in the reader's language.
pub(crate) fn page_error(lang: Lang) -> impl Fn(WebError) -> PageError {
    move |e| e.into_page(lang)
}

impl WebError {
    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        match self {
            WebError::NotFound | WebError::NotFoundWith(_) => StatusCode::NOT_FOUND,
            WebError::Unauthorized => StatusCode::UNAUTHORIZED,
            WebError::Forbidden | WebError::Refused(_) | WebError::Csrf => StatusCode::FORBIDDEN,
            WebError::BadRequest(_) => StatusCode::BAD_REQUEST,
            WebError::Unprocessable(_) => StatusCode::UNPROCESSABLE_ENTITY,
            WebError::Conflict(_) | WebError::Duplicate { .. } => StatusCode::CONFLICT,
            WebError::Unavailable(_) | WebError::ReadOnly => StatusCode::SERVICE_UNAVAILABLE,
            WebError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// A stable machine-readable code for the JSON envelope.
    pub fn code(&self) -> &'static str {
        match self {
            WebError::NotFound | WebError::NotFoundWith(_) => "not_found",
            WebError::Unauthorized => "unauthorized",
            WebError::Forbidden | WebError::Refused(_) => "forbidden",
            WebError::Csrf => "csrf",
            WebError::BadRequest(_) => "bad_request",
            WebError::Unprocessable(_) => "invalid",
            WebError::Conflict(_) | WebError::Duplicate { .. } => "conflict",
            WebError::Unavailable(_) => "unavailable",
            WebError::ReadOnly => "read_only",
            WebError::Internal(_) => "internal",
        }
    }

    /// The message a person sees, in their language. Server-side details
    /// are replaced by a generic message.
    fn public_message(&self, lang: Lang) -> String {
        let tr = Tr(lang);
        match self {
            WebError::NotFound => tr.t("error-not-found"),
            WebError::NotFoundWith(message) => format!("{} {message}", tr.t("error-not-found")),
            WebError::Unauthorized => tr.t("error-unauthorized"),
            WebError::Forbidden => tr.t("error-forbidden"),
            WebError::Csrf => tr.t("error-csrf"),
            WebError::Refused(message) => format!("{} {message}", tr.t("error-forbidden")),
            WebError::BadRequest(message)
            | WebError::Unprocessable(message)
            | WebError::Conflict(message) => format!("{} {message}", tr.t("error-bad-request")),
            WebError::Duplicate { field: Some(field) } => {
                tr.t_with("error-duplicate-field", &[("field", field.clone())])
            }
            WebError::Duplicate { field: None } => tr.t("error-duplicate"),
            WebError::Unavailable(_) | WebError::Internal(_) => tr.t("error-internal"),
            WebError::ReadOnly => tr.t("error-read-only"),
        }
    }

    fn log(&self) {
        if self.status().is_server_error() && !matches!(self, WebError::ReadOnly) {
            tracing::error!(error = %self, "request failed");
        }
    }

    /// This error as a localized HTML page.
    pub fn into_page(self, lang: Lang) -> PageError {
        PageError { error: self, lang }
    }
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        self.log();
        let body = serde_json::json!({
            "error": {
                "status": self.status().as_u16(),
                "code": self.code(),
                "message": self.public_message(Lang::En),
            }
        });
        (self.status(), Json(body)).into_response()
    }
}

/// An error shown as an HTML page in the reader's language.
#[derive(Debug)]
pub struct PageError {
    error: WebError,
    lang: Lang,
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    lang: &'static str,
    title: String,
    message: String,
    back: String,
    status: u16,
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        self.error.log();
        let tr = Tr(self.lang);
        let page = ErrorPage {
            lang: self.lang.code(),
            title: tr.t("error-title"),
            message: self.error.public_message(self.lang),
            back: tr.t("error-back-home"),
            status: self.error.status().as_u16(),
        };
        let body = page.render().unwrap_or_else(|_| "error".to_owned());
        (self.error.status(), Html(body)).into_response()
    }
}
