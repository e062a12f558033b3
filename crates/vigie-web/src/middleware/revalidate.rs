//! Conditional requests (decision 0022): what nobody signed in sees is a
//! function of the data's version, the address, the language and the day,
//! so its `ETag` is made of those, and a reader who has the page already
//! gets `304 Not Modified` before anything is read or rendered — a
//! parliamentary clerk on a weak connection re-downloads nothing — and a
//! reader without a copy gets the one rendered for the reader before
//! ([`Rendered`]): a press day's readers cost a lookup each.
//!
//! The version is the log's size ([`vigie_store::Store::data_version`]):
//! every write adds an entry, and the size is public (every checkpoint
//! publishes it), so a tag tells nobody anything new. A signed-in reader
//! sees what their clearance allows and forms carry their CSRF token:
//! their answers get no tag, and stay `private, no-store`
//! ([`super::identity`]).

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant, SystemTime};

use axum::body::{Body, Bytes, HttpBody as _};
use axum::extract::{Request, State};
use axum::http::header::{
    CACHE_CONTROL, ETAG, IF_MODIFIED_SINCE, IF_NONE_MATCH, LAST_MODIFIED, SET_COOKIE,
};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use vigie_domain::Lang;

use crate::AppState;
use crate::middleware::identity::Identity;

/// What an anonymous page may be kept as: by anyone, shown again only once
/// revalidated (a `304` costs a lookup).
const ANONYMOUS: &str = "public, no-cache";

/// A lock's contents, even after a panic while it was held: what it holds
/// (a version, rendered pages) is still sound.
fn locked<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// How long the data's version, once read, is taken as current: a write
/// made elsewhere (the command line, another server, an upload's import
/// finishing after its request) is seen this late at most. A write through
/// this server's requests is seen at once.
const VERSION_READ: Duration = Duration::from_millis(250);

/// The versions this server has seen, and since when: `Last-Modified`.
#[derive(Debug)]
pub(crate) struct Versions {
    /// Told apart from another run's tags: a restart may bring another
    /// configuration or another build.
    boot: u64,
    seen: Mutex<(u64, SystemTime)>,
    /// The version last read, and when: read again after [`VERSION_READ`]
    /// or after a write, so that a reader costs no query.
    read: Mutex<Option<(u64, Instant)>>,
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
            read: Mutex::new(None),
        }
    }
}

impl Versions {
    /// The version read less than [`VERSION_READ`] ago, if no write came
    /// since.
    fn known(&self) -> Option<u64> {
        let read = locked(&self.read);
        read.filter(|(_, at)| at.elapsed() < VERSION_READ)
            .map(|(version, _)| version)
    }

    /// Notes `version` as just read; returns it.
    fn read(&self, version: u64) -> u64 {
        *locked(&self.read) = Some((version, Instant::now()));
        version
    }

    /// Something was written: the next reader reads the version again.
    fn forget(&self) {
        *locked(&self.read) = None;
    }

    /// When `version` was first seen here: a later version always gets a
    /// later second than the one before, so that `If-Modified-Since` (to
    /// the second) never takes a new version for the old one.
    fn since(&self, version: u64) -> SystemTime {
        let mut seen = locked(&self.seen);
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
    let versions = state.versions();
    if !matches!(*request.method(), Method::GET | Method::HEAD) {
        // Whoever asks: what it wrote is seen by the next reader.
        let response = next.run(request).await;
        versions.forget();
        return response;
    }
    if !anonymous || !tagged(request.uri().path()) {
        return next.run(request).await;
    }
    let version = match versions.known() {
        Some(version) => version,
        None => match state.store().data_version().await {
            Ok(version) => versions.read(version),
            // The page says what is wrong; nothing is kept.
            Err(_) => return next.run(request).await,
        },
    };
    let lang = request
        .extensions()
        .get::<Lang>()
        .copied()
        .unwrap_or_default();
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
    let uri = request.uri().to_string();
    let rendered = state.rendered();
    if let Some(page) = rendered.get(&tag, &uri) {
        let mut response = (page.headers, page.body).into_response();
        headers(response.headers_mut());
        return response;
    }
    let get = request.method() == Method::GET;
    let response = next.run(request).await;
    if response.status() != StatusCode::OK {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let small = body
        .size_hint()
        .exact()
        .is_some_and(|n| n <= MAX_PAGE as u64);
    // An answer whose rendering wrote to the log (a read the trail records)
    // is never kept: the next reader's read must be recorded too. (Nor is
    // it ever answered 304: its tag, taken before, is stale at once.)
    let unchanged = || async {
        let now = state.store().data_version().await.ok();
        if now != Some(version) {
            versions.forget();
        }
        now == Some(version)
    };
    let body = if get && small && !parts.headers.contains_key(SET_COOKIE) && unchanged().await {
        let Ok(body) = axum::body::to_bytes(body, MAX_PAGE).await else {
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        };
        rendered.keep(
            &tag,
            uri,
            Page {
                headers: parts.headers.clone(),
                body: body.clone(),
            },
        );
        Body::from(body)
    } else {
        body
    };
    headers(&mut parts.headers);
    Response::from_parts(parts, body)
}

/// The largest answer kept rendered.
const MAX_PAGE: usize = 4 << 20;

/// All the answers kept rendered, at most.
const MAX_RENDERED: usize = 64 << 20;

/// An anonymous answer as its handler gave it.
#[derive(Debug, Clone)]
struct Page {
    headers: HeaderMap,
    body: Bytes,
}

/// Anonymous answers rendered at the current tag, by address: an answer is
/// a function of its tag and its address (the premise of the tag itself),
/// so a reader without a copy gets the one rendered for the reader before,
/// until something is written. Bounded ([`MAX_RENDERED`]); emptied when the
/// tag changes.
#[derive(Debug, Default)]
pub(crate) struct Rendered {
    inner: Mutex<RenderedAt>,
}

#[derive(Debug, Default)]
struct RenderedAt {
    tag: String,
    bytes: usize,
    pages: HashMap<String, Page>,
}

impl Rendered {
    fn get(&self, tag: &str, uri: &str) -> Option<Page> {
        let inner = locked(&self.inner);
        if inner.tag != tag {
            return None;
        }
        inner.pages.get(uri).cloned()
    }

    fn keep(&self, tag: &str, uri: String, page: Page) {
        let mut inner = locked(&self.inner);
        if inner.tag != tag {
            *inner = RenderedAt {
                tag: tag.to_owned(),
                ..RenderedAt::default()
            };
        }
        let size = uri.len() + page.body.len();
        if inner.bytes + size <= MAX_RENDERED {
            inner.bytes += size;
            if let Some(old) = inner.pages.insert(uri, page) {
                inner.bytes -= old.body.len();
            }
        }
    }
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
