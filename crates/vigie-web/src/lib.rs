#![doc = include_str!("../README.md")]

pub mod budget;
mod client;
mod conferences;
mod cookies;
mod error;
mod governance;
mod handlers;
mod i18n;
mod imports;
mod layout;
mod middleware;
mod pagination;
mod passwords;
mod procurement;
mod qr;
mod recommendations;
mod router;
mod throttle;

use std::sync::Arc;

use axum::http::HeaderName;

use time::Duration;
use vigie_ledger::SigningKey;
use vigie_policy::Authorizer;
use vigie_store::Store;

pub use client::ClientKey;
pub use error::WebError;
pub use i18n::{Tr, missing_translations};
pub use middleware::identity::Identity;
pub use router::app;

/// Settings the web layer needs, decided once by the binary.
#[derive(Debug, Clone)]
pub struct WebConfig {
    /// Mark cookies `Secure`. On by default; browsers and curl accept
    /// `Secure` cookies over plain HTTP on `localhost` and `127.0.0.1`, so
    /// this only needs turning off for plain HTTP on another address.
    pub secure_cookies: bool,
    /// How long a browser session lasts, whatever the activity.
    pub session_lifetime: Duration,
    /// Whether the instance runs on demo data (pages then say so, and that
    /// every demo account's password is `demo`).
    pub demo: bool,
    /// The header a trusted reverse proxy sets to the client's address
    /// (`X-Forwarded-For`, `X-Real-IP`…), used to limit sign-in attempts
    /// per client. Only set it behind such a proxy: anyone can send the
    /// header to a server reached directly. Unset, the peer address counts.
    pub client_ip_header: Option<HeaderName>,
    /// Send `Strict-Transport-Security` (one year, subdomains included):
    /// only when the site is reached over HTTPS, directly or through a TLS
    /// proxy. Off by default, since over plain HTTP it locks browsers out.
    pub hsts: bool,
    /// The store reads a streaming replica (`vigie serve --replica`): only
    /// anonymous `GET`s are answered; a sign-in, a form, a session or a
    /// token gets `503`, pointing to the primary
    /// ([`middleware::replica`]).
    pub replica: bool,
}

impl Default for WebConfig {
    fn default() -> Self {
        WebConfig {
            secure_cookies: true,
            session_lifetime: Duration::hours(12),
            demo: false,
            client_ip_header: None,
            hsts: false,
            replica: false,
        }
    }
}

/// What every handler can reach: the store and the settings.
#[derive(Debug, Clone)]
pub struct AppState {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    store: Store,
    config: WebConfig,
    log_key: SigningKey,
    login_throttle: throttle::LoginThrottle,
    password_checks: passwords::PasswordChecks,
    authorizer: Authorizer,
    imports: Arc<imports::Imports>,
    versions: middleware::revalidate::Versions,
    rendered: middleware::revalidate::Rendered,
}

impl AppState {
    /// Bundles the store, the settings, the key that signs checkpoints and
    /// the access policies in force.
    pub fn new(
        store: Store,
        config: WebConfig,
        log_key: SigningKey,
        authorizer: Authorizer,
    ) -> Self {
        AppState {
            inner: Arc::new(Inner {
                store,
                config,
                log_key,
                login_throttle: throttle::LoginThrottle::default(),
                password_checks: passwords::PasswordChecks::default(),
                authorizer,
                imports: Arc::default(),
                versions: Default::default(),
                rendered: Default::default(),
            }),
        }
    }

    /// Uploads being imported, and their results.
    pub(crate) fn imports(&self) -> &Arc<imports::Imports> {
        &self.inner.imports
    }

    /// The access policies in force.
    pub fn authorizer(&self) -> &Authorizer {
        &self.inner.authorizer
    }

    /// The data versions answers were tagged with.
    pub(crate) fn versions(&self) -> &middleware::revalidate::Versions {
        &self.inner.versions
    }

    /// Anonymous answers kept rendered at the current data version.
    pub(crate) fn rendered(&self) -> &middleware::revalidate::Rendered {
        &self.inner.rendered
    }

    /// Sign-in attempts per username and per client.
    pub(crate) fn login_throttle(&self) -> &throttle::LoginThrottle {
        &self.inner.login_throttle
    }

    /// The gate of password checks made on request.
    pub(crate) fn password_checks(&self) -> &passwords::PasswordChecks {
        &self.inner.password_checks
    }

    /// The key that signs the log's checkpoints.
    pub fn log_key(&self) -> &SigningKey {
        &self.inner.log_key
    }

    /// The store.
    pub fn store(&self) -> &Store {
        &self.inner.store
    }

    /// The settings.
    pub fn config(&self) -> &WebConfig {
        &self.inner.config
    }
}
