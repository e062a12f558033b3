//! Which client a request comes from, for the per-client sign-in limit.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;

use crate::AppState;

/// The client a request is counted against. In order: a `ClientKey`
/// already in the request's extensions (set by a layer in front, or by a
/// test); the configured trusted proxy header
/// ([`crate::WebConfig::client_ip_header`], its last comma-separated
/// value, the one the nearest proxy wrote); the peer address of the
/// connection; else one shared `unknown` bucket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientKey(pub String);

impl FromRequestParts<AppState> for ClientKey {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        if let Some(key) = parts.extensions.get::<ClientKey>() {
            return Ok(key.clone());
        }
        let from_proxy = state
            .config()
            .client_ip_header
            .as_ref()
            .and_then(|name| parts.headers.get_all(name).iter().next_back())
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.rsplit(',').next())
            .map(str::trim)
            .filter(|value| !value.is_empty());
        if let Some(address) = from_proxy {
            return Ok(ClientKey(address.to_owned()));
        }
        if let Some(ConnectInfo(peer)) = parts.extensions.get::<ConnectInfo<SocketAddr>>() {
            return Ok(ClientKey(peer.ip().to_string()));
        }
        Ok(ClientKey("unknown".to_owned()))
    }
}
