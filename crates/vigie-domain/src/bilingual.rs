//! Texts in both of Vigie's languages.

use crate::Lang;

/// A text in French and in English, as every published text of the
/// accountability chain is given (programmes, profiles, minutes).
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Bilingual {
    /// French.
    pub fr: String,
    /// English.
    pub en: String,
}

impl Bilingual {
    /// The text in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        lang.pick(&self.fr, &self.en)
    }

    /// The languages (`fr`, `en`) whose text is blank: each one is a
    /// problem at `…/fr` or `…/en` for whoever checks the record.
    pub fn blank(&self) -> impl Iterator<Item = &'static str> + '_ {
        [("fr", &self.fr), ("en", &self.en)]
            .into_iter()
            .filter(|(_, text)| text.trim().is_empty())
            .map(|(lang, _)| lang)
    }
}
