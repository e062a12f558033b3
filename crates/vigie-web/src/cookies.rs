//! The cookies Vigie sets, and reading them back.

use axum::http::HeaderMap;
use axum::http::header::COOKIE;

/// The session cookie: an opaque 256-bit secret; the server keeps its hash.
pub const SESSION: &str = "vigie_session";
/// A sign-in half done: the password was right, the code is awaited. An
/// opaque 256-bit secret; the server keeps its hash, for ten minutes.
pub const CHALLENGE: &str = "vigie_challenge";
/// The remembered interface language (`fr` or `en`).
pub const LANG: &str = "vigie_lang";

/// The value of a cookie in the request, if present.
pub fn get<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find_map(|(k, v)| (k == name).then_some(v))
}

/// A `Set-Cookie` value. Every Vigie cookie is `HttpOnly` (no script reads
/// it), `SameSite=Lax` (not sent on cross-site form posts) and `Path=/`.
pub fn set(name: &str, value: &str, max_age_seconds: i64, secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!("{name}={value}; Path=/; Max-Age={max_age_seconds}; HttpOnly; SameSite=Lax{secure}")
}

/// A `Set-Cookie` value that removes a cookie.
pub fn clear(name: &str, secure: bool) -> String {
    set(name, "", 0, secure)
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn reads_one_cookie_among_many() {
        let mut h = HeaderMap::new();
        h.insert(
            COOKIE,
            HeaderValue::from_static("a=1; vigie_lang=en; vigie_session=abc"),
        );
        assert_eq!(get(&h, LANG), Some("en"));
        assert_eq!(get(&h, SESSION), Some("abc"));
        assert_eq!(get(&h, "x"), None);
    }

    #[test]
    fn attributes() {
        assert_eq!(
            set(SESSION, "s", 60, true),
            "vigie_session=s; Path=/; Max-Age=60; HttpOnly; SameSite=Lax; Secure"
        );
        assert!(clear(LANG, false).contains("Max-Age=0"));
    }
}
