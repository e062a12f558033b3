//! The frame around every page: language, navigation, who is signed in.

use axum::http::Uri;
use vigie_domain::Lang;

use crate::{Identity, Tr};

/// What the base template needs, built once per page.
#[derive(Debug)]
pub struct Layout {
    /// The reader's language.
    pub lang: Lang,
    tr: Tr,
    /// The signed-in user's name, if any.
    pub username: Option<String>,
    /// The CSRF token for the sign-out form, for browser sessions.
    pub csrf_token: Option<String>,
    /// The current path, for the language switch links.
    path: String,
    /// Whether the instance runs on demo data.
    pub demo: bool,
}

impl Layout {
    /// The frame for a page at `uri`, seen by `identity` in `lang`.
    pub fn new(lang: Lang, identity: &Identity, uri: &Uri, demo: bool) -> Self {
        Layout {
            lang,
            tr: Tr(lang),
            username: identity.user().map(|u| u.username.to_string()),
            csrf_token: identity.csrf_token().map(str::to_owned),
            // The language links repeat the path: a request for
            // `//evil.example/` must not become a link to another site.
            path: if crate::handlers::login::is_local_path(uri.path()) {
                uri.path().to_owned()
            } else {
                "/".to_owned()
            },
            demo,
        }
    }

    /// A message in the reader's language.
    pub fn t(&self, key: &str) -> String {
        self.tr.t(key)
    }

    /// A message with one argument.
    pub fn t1(&self, key: &str, name: &'static str, value: &str) -> String {
        self.tr.t_with(key, &[(name, value.to_owned())])
    }

    /// `csrf_token=…` for the action URL of a multipart form (whose body
    /// the CSRF check does not read).
    pub fn csrf_query(&self) -> String {
        self.csrf_token
            .as_deref()
            .map(|t| serde_urlencoded::to_string([("csrf_token", t)]).unwrap_or_default())
            .unwrap_or_default()
    }

    /// A message with several arguments.
    pub fn tr_args(&self, key: &str, args: &[(&'static str, String)]) -> String {
        self.tr.t_with(key, args)
    }

    /// The `lang` attribute of the page.
    pub fn lang_code(&self) -> &'static str {
        self.lang.code()
    }

    /// The links of the language switch: (code, label, href, is current).
    pub fn languages(&self) -> Vec<(&'static str, &'static str, String, bool)> {
        Lang::ALL
            .iter()
            .map(|l| {
                let label = match l {
                    Lang::Fr => "Français",
                    Lang::En => "English",
                };
                (
                    l.code(),
                    label,
                    format!("{}?lang={}", self.path, l.code()),
                    *l == self.lang,
                )
            })
            .collect()
    }

    /// Vigie's version, shown in the footer.
    pub fn version(&self) -> &'static str {
        env!("CARGO_PKG_VERSION")
    }
}
