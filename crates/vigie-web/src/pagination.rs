//! Keyset pagination for the lists that grow (decision 0023).
//!
//! A page is asked for with `?limit=N&after=CURSOR`. The cursor is the sort
//! key of the previous page's last row, never a position: a row added or
//! removed meanwhile does not shift the pages, and where the list is read
//! from the database it seeks to the key in an index instead of counting
//! rows. A cursor is that key as JSON, base64url-encoded: opaque to callers,
//! read back bounded, and naming nothing but a row the caller was shown.

use axum::http::{HeaderValue, Uri, header::LINK};
use axum::response::Response;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::WebError;

/// Rows in a page when the caller does not say.
pub const DEFAULT_LIMIT: usize = 100;
/// The most rows a page holds.
pub const MAX_LIMIT: usize = 1_000;
/// The longest cursor read (a key is a date and an identifier or two).
const MAX_CURSOR: usize = 1_024;

/// `?after=CURSOR&limit=N`.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct PageParams {
    #[serde(default)]
    pub after: Option<String>,
    #[serde(default)]
    pub limit: Option<usize>,
}

impl PageParams {
    /// The rows a page holds; a 400 names the bounds.
    pub fn limit(&self) -> Result<usize, WebError> {
        match self.limit {
            None => Ok(DEFAULT_LIMIT),
            Some(n @ 1..=MAX_LIMIT) => Ok(n),
            Some(_) => Err(WebError::BadRequest(format!(
                "`limit` must be between 1 and {MAX_LIMIT}"
            ))),
        }
    }

    /// The key the page starts after, if any.
    pub fn after<K: DeserializeOwned>(&self) -> Result<Option<K>, WebError> {
        self.after
            .as_deref()
            .filter(|c| !c.is_empty())
            .map(decode)
            .transpose()
    }
}

/// A key as a cursor.
pub fn encode<K: Serialize>(key: &K) -> String {
    // A key of strings and numbers always serializes.
    URL_SAFE_NO_PAD.encode(serde_json::to_vec(key).unwrap_or_default())
}

/// A cursor back into its key; a 400 for anything that is not one.
pub fn decode<K: DeserializeOwned>(cursor: &str) -> Result<K, WebError> {
    let bad = || WebError::BadRequest("`after`: not a cursor this list gave".into());
    if cursor.len() > MAX_CURSOR {
        return Err(bad());
    }
    let bytes = URL_SAFE_NO_PAD.decode(cursor).map_err(|_| bad())?;
    serde_json::from_slice(&bytes).map_err(|_| bad())
}

/// One page of a list, and the link to the next when there is one.
#[derive(Debug)]
pub struct Page<T> {
    pub rows: Vec<T>,
    pub next: Option<String>,
}

/// The page of `rows` that `params` asks for at `uri`, in the order of
/// `key` (which must tell every row apart: an identifier ends it).
///
/// For lists read whole today because a figure beside them needs every row;
/// the read models (issue 16) will let the database seek instead, with the
/// same cursors.
pub fn page<T, K>(
    mut rows: Vec<T>,
    key: impl Fn(&T) -> K,
    params: &PageParams,
    uri: &Uri,
) -> Result<Page<T>, WebError>
where
    K: Ord + Serialize + DeserializeOwned,
{
    let limit = params.limit()?;
    let after: Option<K> = params.after()?;
    rows.sort_by_cached_key(&key);
    let start = after.map_or(0, |a| rows.partition_point(|r| key(r) <= a));
    let end = start.saturating_add(limit).min(rows.len());
    let next = (end < rows.len()).then(|| next_after(uri, &key(&rows[end - 1])));
    rows.truncate(end);
    rows.drain(..start);
    Ok(Page { rows, next })
}

/// The link to the page after the row whose key is `key`: `uri` with
/// `after` set to that key's cursor.
pub fn next_after<K: Serialize>(uri: &Uri, key: &K) -> String {
    link(uri, "after", &encode(key))
}

/// `uri` with `param` (`after`, `before`) set to `cursor` and its other
/// parameters kept: the link to the next page.
pub fn link(uri: &Uri, param: &str, cursor: &str) -> String {
    with_pairs(uri, Some((param, cursor)))
}

fn with_pairs(uri: &Uri, seek: Option<(&str, &str)>) -> String {
    let mut pairs: Vec<(String, String)> = uri
        .query()
        .map(|q| serde_urlencoded::from_str::<Vec<(String, String)>>(q).unwrap_or_default())
        .unwrap_or_default()
        .into_iter()
        .filter(|(k, _)| k != "after" && k != "before")
        .collect();
    if let Some((param, cursor)) = seek {
        pairs.push((param.to_owned(), cursor.to_owned()));
    }
    if pairs.is_empty() {
        return uri.path().to_owned();
    }
    format!(
        "{}?{}",
        uri.path(),
        serde_urlencoded::to_string(&pairs).unwrap_or_default()
    )
}

/// The links under a list on a page (`pager.html`): back to the first page,
/// on to the next.
#[derive(Debug, Default)]
pub struct Pager {
    pub first: Option<String>,
    pub next: Option<String>,
}

impl Pager {
    /// The links of the page `params` asked for, at `uri`, whose next
    /// page is at `next`.
    pub fn new(uri: &Uri, params: &PageParams, next: Option<String>) -> Pager {
        Pager {
            first: params
                .after
                .as_deref()
                .filter(|a| !a.is_empty())
                .map(|_| with_pairs(uri, None)),
            next,
        }
    }
}

/// The `Link: <…>; rel="next"` header (RFC 8288), for clients that follow
/// links rather than read bodies.
pub fn with_next(mut response: Response, next: Option<&str>) -> Response {
    if let Some(value) =
        next.and_then(|n| HeaderValue::from_str(&format!("<{n}>; rel=\"next\"")).ok())
    {
        response.headers_mut().insert(LINK, value);
    }
    response
}

#[cfg(test)]
mod tests {
    use std::cmp::Reverse;

    use super::*;

    fn uri() -> Uri {
        Uri::from_static("/list?country=BFA")
    }

    /// The cursor in a next page's link.
    fn cursor_of(link: &str) -> String {
        link.split_once("after=").unwrap().1.to_owned()
    }

    fn params(after: Option<String>, limit: usize) -> PageParams {
        PageParams {
            after,
            limit: Some(limit),
        }
    }

    /// Walking the pages yields every row once, in order, whatever the
    /// page size, even when rows arrive between two pages.
    #[test]
    fn the_pages_cover_the_list_once_and_rows_added_meanwhile_shift_nothing() {
        let key = |r: &(String, u32)| (Reverse(r.0.clone()), r.1);
        let rows: Vec<(String, u32)> = (0..23)
            .map(|i| (format!("2024-0{}-01", 1 + i % 9), i))
            .collect();
        let mut sorted = rows.clone();
        sorted.sort_by_key(key);
        for limit in [1, 2, 5, 22, 23, 100] {
            let mut seen = Vec::new();
            let mut after = None;
            loop {
                let p = page(rows.clone(), key, &params(after, limit), &uri()).unwrap();
                assert!(p.rows.len() <= limit);
                seen.extend(p.rows);
                match p.next {
                    Some(n) => after = Some(cursor_of(&n)),
                    None => break,
                }
            }
            assert_eq!(seen, sorted, "limit {limit}");
        }
        // A row added before the cursor does not come back on the next page.
        let first = page(rows.clone(), key, &params(None, 5), &uri()).unwrap();
        let mut grown = rows.clone();
        grown.push(("2024-09-30".into(), 99));
        let after = first.next.as_deref().map(cursor_of);
        let second = page(grown, key, &params(after, 5), &uri()).unwrap();
        assert_eq!(second.rows, sorted[5..10]);
    }

    #[test]
    fn cursors_and_limits_that_are_not_ours_are_refused() {
        let rows = vec![(1_u32,)];
        let key = |r: &(u32,)| r.0;
        for (after, limit) in [
            (Some("not base64!".to_owned()), 10),
            (Some(URL_SAFE_NO_PAD.encode("\"text\"")), 10),
            (Some("A".repeat(MAX_CURSOR + 1)), 10),
            (None, 0),
            (None, MAX_LIMIT + 1),
        ] {
            assert!(matches!(
                page(rows.clone(), key, &params(after, limit), &uri()),
                Err(WebError::BadRequest(_))
            ));
        }
    }

    #[test]
    fn the_link_keeps_the_filters_and_replaces_the_cursor() {
        let uri: Uri = "/api/v1/x?country=BFA&after=old&format=json"
            .parse()
            .unwrap();
        assert_eq!(
            link(&uri, "after", "new"),
            "/api/v1/x?country=BFA&format=json&after=new"
        );
    }
}
