//! Conditional requests (decision 0022): what nobody signed in sees is a
//! function of the data's version, the address, the language and the day,
//! so its `ETag` is made of those, and a reader who has the page already
//! gets `304 Not Modified` before anything is read or rendered — a
//! parliamentary clerk on a weak connection re-downloads nothing, and a
//! press day's readers cost a lookup each.
//!
//! The version is the log's size ([`vigie_store::Store::data_version`]):
//! every write adds an entry, and the size is public (every checkpoint
//! publishes it), so a tag tells nobody anything new. A signed-in reader
//! sees what their clearance allows and forms carry their CSRF token:
//! their answers get no tag, and stay `private, no-store`
//! ([`super::identity`]).

use std::sync::Mutex;
use std::time::{Duration, SystemTime};

use axum::extract::{Request, State};
use axum::http::header::{CACHE_CONTROL, ETAG, IF_MODIFIED_SINCE, IF_NONE_MATCH, LAST_MODIFIED};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use vigie_domain::Lang;

use crate::AppState;
use crate::middleware::identity::Identity;

/// What an anonymous page may be kept as: by anyone, shown again only once
/// revalidated (a `304` costs a lookup).
const ANONYMOUS: &str = "public, no-cache";

/// The versions this server has seen, and since when: `Last-Modified`.
#[derive(Debug)]
pub(crate) struct Versions {
    /// Told apart from another run's tags: a restart may bring another
    /// configuration or another build.
    boot: u64,
    seen: Mutex<(u64, SystemTime)>,
}

impl Default for Versions {
    fn default() -> Self {
        let now = SystemTime::now();
        let boot = now
            .duration_since(SystemTime::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos() as u64);
        Versions {
            boot,
            seen: Mutex::new((u64::MAX, SystemTime::UNIX_EPOCH)),
        }
    }
}

impl Versions {
    /// When `version` was first seen here: a later version always gets a
    /// later second than the one before, so that `If-Modified-Since` (to
    /// the second) never takes a new version for the old one.
    fn since(&self, version: u64) -> SystemTime {
        let mut seen = self
            .seen
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if seen.0 != version {
            // To the second, as HTTP dates are.
            let now = SystemTime::now()
                .duration_since(SystemTime::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs());
            let floor = seen.1 + Duration::from_secs(1);
            *seen = (
                version,
                (SystemTime::UNIX_EPOCH + Duration::from_secs(now)).max(floor),
            );
        }
        seen.1
    }

    fn tag(&self, version: u64, lang: Lang) -> String {
        let day = time::OffsetDateTime::now_utc().date();
        // Overdue recommendations are counted against today: a new day is
        // a new page.
        format!("W/\"{version}.{:x}.{}.{}\"", self.boot, day, lang.code())
    }
}

/// Answers `304` to a reader whose copy is current; tags what it serves.
pub async fn conditional(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let anonymous = matches!(
        request.extensions().get::<Identity>(),
        None | Some(Identity::Anonymous)
    );
    if !anonymous
        || !matches!(*request.method(), Method::GET | Method::HEAD)
        || !tagged(request.uri().path())
    {
        return next.run(request).await;
    }
    let Ok(version) = state.store().data_version().await else {
        // The page says what is wrong; nothing is cached.
        return next.run(request).await;
    };
    let lang = request
        .extensions()
        .get::<Lang>()
        .copied()
        .unwrap_or_default();
    let versions = state.versions();
    let tag = versions.tag(version, lang);
    let since = versions.since(version);
    let headers = |to: &mut HeaderMap| {
        if let Ok(tag) = HeaderValue::from_str(&tag) {
            to.insert(ETAG, tag);
        }
        if let Ok(date) = HeaderValue::from_str(&httpdate::fmt_http_date(since)) {
            to.insert(LAST_MODIFIED, date);
        }
        to.insert(CACHE_CONTROL, HeaderValue::from_static(ANONYMOUS));
    };
    if is_current(request.headers(), &tag, since) {
        let mut response = StatusCode::NOT_MODIFIED.into_response();
        headers(response.headers_mut());
        return response;
    }
    let mut response = next.run(request).await;
    if response.status() == StatusCode::OK {
        headers(response.headers_mut());
    }
    response
}

/// Whether the reader's copy is the current one: `If-None-Match` when
/// given (weak comparison, RFC 9110 §13.1.2), else `If-Modified-Since`.
fn is_current(headers: &HeaderMap, tag: &str, since: SystemTime) -> bool {
    let opaque = |t: &str| t.trim().trim_start_matches("W/").to_owned();
    if let Some(asked) = headers.get(IF_NONE_MATCH) {
        let Ok(asked) = asked.to_str() else {
            return false;
        };
        let ours = opaque(tag);
        return asked
            .split(',')
            .any(|t| t.trim() == "*" || opaque(t) == ours);
    }
    headers
        .get(IF_MODIFIED_SINCE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| httpdate::parse_http_date(v).ok())
        .is_some_and(|date| since <= date)
}

/// The pages and answers whose content is the stored data's alone. Not:
/// an import's progress (held in memory), health, the log (its own
/// headers: a tile never changes, a checkpoint is signed now), the
/// stylesheet (its own), sign-in.
fn tagged(path: &str) -> bool {
    const OWN: [&str; 4] = ["/healthz", "/log", "/static/", "/login"];
    !OWN.iter().any(|p| path.starts_with(p)) && !path.contains("/import")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_copy_is_current_by_its_tag_or_its_date() {
        let versions = Versions::default();
        let since = versions.since(7);
        let tag = versions.tag(7, Lang::Fr);
        let mut headers = HeaderMap::new();
        assert!(!is_current(&headers, &tag, since));
        headers.insert(IF_NONE_MATCH, HeaderValue::from_str(&tag).unwrap());
        assert!(is_current(&headers, &tag, since));
        assert!(!is_current(&headers, &versions.tag(8, Lang::Fr), since));
        assert!(!is_current(&headers, &versions.tag(7, Lang::En), since));
        // Given a tag, the date is not read.
        headers.insert(
            IF_MODIFIED_SINCE,
            HeaderValue::from_str(&httpdate::fmt_http_date(since)).unwrap(),
        );
        assert!(!is_current(&headers, &versions.tag(8, Lang::Fr), since));
        headers.remove(IF_NONE_MATCH);
        assert!(is_current(&headers, &tag, since));
        let later = versions.since(8);
        assert!(later > since);
        assert!(!is_current(&headers, &tag, later));
    }
}
