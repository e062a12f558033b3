//! A link to another site, as records cite their sources and evidence.

use std::fmt;

use crate::Invalid;

/// An `http` or `https` address with a host, checked once where it enters.
///
/// Every URL a person gives (evidence of a recommendation, an assessment's
/// evidence, a conference document, a legal basis's source) ends up as an
/// `href`: a `javascript:`, `data:` or `vbscript:` address there runs in
/// the reader's session when clicked, and the CSP does not stop a
/// navigation. So the scheme is whitelisted (only `http` and `https`,
/// whatever their case), a host is required, and nothing a browser would
/// strip or reinterpret (whitespace, control characters, backslashes) is
/// accepted.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(transparent)]
pub struct WebLink(String);

impl WebLink {
    /// The link, or an error naming `field`.
    pub fn parse(field: &'static str, s: &str) -> Result<WebLink, Invalid> {
        let bad = |reason: &str| Invalid::new(field, s, reason);
        if s.chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '\\')
        {
            return Err(bad(
                "a link holds no spaces, control characters or backslashes",
            ));
        }
        let Some((scheme, rest)) = s.split_once("://") else {
            return Err(bad("expected an http:// or https:// link"));
        };
        let scheme = scheme.to_ascii_lowercase();
        if scheme != "http" && scheme != "https" {
            return Err(bad("expected an http:// or https:// link"));
        }
        let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
        if host.is_empty() || host.starts_with('@') || host.ends_with('@') {
            return Err(bad("the link names no host"));
        }
        Ok(WebLink(format!("{scheme}://{rest}")))
    }

    /// The address.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for WebLink {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::WebLink;

    #[test]
    fn only_http_links_with_a_host() {
        for ok in [
            "https://example.org",
            "http://example.org/a?b=c#d",
            "HTTPS://Example.org/x",
        ] {
            assert!(WebLink::parse("url", ok).is_ok(), "{ok}");
        }
        assert_eq!(
            WebLink::parse("url", "HTTPS://e.org").unwrap().as_str(),
            "https://e.org"
        );
        for bad in [
            "javascript:alert(1)",
            "JavaScript://%0aalert(1)",
            "data:text/html,<script>",
            "vbscript:msgbox",
            " https://e.org",
            "java\tscript:alert(1)",
            "https:///path",
            "https://",
            "//evil.example",
            "/local",
            "https:\\\\evil.example",
            "ftp://e.org",
            "",
        ] {
            let e = WebLink::parse("url", bad).unwrap_err();
            assert_eq!(e.field, "url", "{bad}");
        }
    }
}
