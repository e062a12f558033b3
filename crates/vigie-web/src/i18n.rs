//! Translations: Fluent files in `locales/<lang>/main.ftl`, compiled in.
//!
//! French is the fallback: a key missing in English shows the French text
//! rather than nothing, and a test (`missing_translations`) keeps the two
//! files in step so that never happens in practice.

use std::borrow::Cow;
use std::collections::HashMap;

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader, langid, static_loader};
use vigie_domain::Lang;

static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "fr",
        // Unicode isolation marks around arguments help right-to-left
        // scripts; in French and English they only get in the way of tests
        // and copy-paste.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

static FR: LanguageIdentifier = langid!("fr");
static EN: LanguageIdentifier = langid!("en");

fn langid(lang: Lang) -> &'static LanguageIdentifier {
    match lang {
        Lang::Fr => &FR,
        Lang::En => &EN,
    }
}

/// Translates message keys into one language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tr(pub Lang);

impl Tr {
    /// The message for a key; the key itself if no language has it (a bug
    /// the `missing_translations` test catches).
    pub fn t(&self, key: &str) -> String {
        LOCALES
            .try_lookup(langid(self.0), key)
            .unwrap_or_else(|| key.to_owned())
    }

    /// The message for a key, with named arguments.
    pub fn t_with(&self, key: &str, args: &[(&'static str, String)]) -> String {
        let args: HashMap<Cow<'static, str>, FluentValue<'_>> = args
            .iter()
            .map(|(k, v)| (Cow::Borrowed(*k), FluentValue::from(v.as_str())))
            .collect();
        LOCALES
            .try_lookup_with_args(langid(self.0), key, &args)
            .unwrap_or_else(|| key.to_owned())
    }
}

const SOURCES: [(Lang, &str); 2] = [
    (Lang::Fr, include_str!("../locales/fr/main.ftl")),
    (Lang::En, include_str!("../locales/en/main.ftl")),
];

fn keys(source: &str) -> Vec<&str> {
    source
        .lines()
        .filter(|l| l.starts_with(|c: char| c.is_ascii_alphabetic()))
        .filter_map(|l| l.split_once('=').map(|(k, _)| k.trim()))
        .collect()
}

/// Message keys present in one language's file and missing from another's,
/// as `(language missing it, key)`.
pub fn missing_translations() -> Vec<(Lang, String)> {
    let mut missing = Vec::new();
    for (lang, source) in SOURCES {
        let own = keys(source);
        for (other, other_source) in SOURCES {
            if other != lang {
                for key in keys(other_source) {
                    if !own.contains(&key) {
                        missing.push((lang, key.to_owned()));
                    }
                }
            }
        }
    }
    missing
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_languages_have_every_key() {
        assert_eq!(missing_translations(), vec![]);
        assert!(keys(SOURCES[0].1).len() > 20);
    }

    #[test]
    fn lookups_and_arguments() {
        assert_eq!(Tr(Lang::Fr).t("nav-sign-in"), "Se connecter");
        assert_eq!(Tr(Lang::En).t("nav-sign-in"), "Sign in");
        assert_eq!(Tr(Lang::En).t("no-such-key"), "no-such-key");
        let signed = Tr(Lang::Fr).t_with("nav-signed-in-as", &[("username", "awa".into())]);
        assert_eq!(signed, "Connecté·e : awa");
    }
}
