//! The formulas of the indicators, in words, in both of Vigie's languages.
//!
//! A figure nobody can recompute is a figure nobody can contest: every page
//! that shows an indicator prints its formula beside it, from this table, so
//! the words and the code cannot drift apart.

use crate::Lang;

use super::{
    CONSTANT_USD_FORMULA, EXECUTION_RATE_FORMULA, FUNNEL_RATE_FORMULA, GROWTH_FORMULA, PI1_FORMULA,
    PI2_FORMULA, PROGRAMMING_GAP_FORMULA, SIPRI_FACTORS_SOURCE, SIPRI_RATIO_FORMULA,
    STATE_SHARE_FORMULA,
};

/// How an indicator is computed, in words, in English and in French.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Formula {
    /// The English text.
    pub en: &'static str,
    /// The French text.
    pub fr: &'static str,
}

impl Formula {
    /// The text in a language.
    pub fn text(self, lang: Lang) -> &'static str {
        lang.pick(self.fr, self.en)
    }
}

/// Every indicator's formula, keyed by a stable identifier the web layer
/// can use in templates and JSON (`"pi1"`, `"execution_rate"`…).
pub const FORMULAS: [(&str, Formula); 10] = [
    ("execution_rate", EXECUTION_RATE_FORMULA),
    ("funnel_rate", FUNNEL_RATE_FORMULA),
    ("growth", GROWTH_FORMULA),
    ("state_share", STATE_SHARE_FORMULA),
    ("pi1", PI1_FORMULA),
    ("pi2", PI2_FORMULA),
    ("programming_gap", PROGRAMMING_GAP_FORMULA),
    ("constant_usd", CONSTANT_USD_FORMULA),
    ("sipri_factors", SIPRI_FACTORS_SOURCE),
    ("sipri_ratio", SIPRI_RATIO_FORMULA),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_formula_has_a_unique_key_and_both_languages() {
        let mut keys: Vec<&str> = FORMULAS.iter().map(|(k, _)| *k).collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), FORMULAS.len());
        for (key, formula) in FORMULAS {
            assert!(!formula.en.is_empty() && !formula.fr.is_empty(), "{key}");
            assert_ne!(formula.en, formula.fr, "{key} is not translated");
        }
        assert_eq!(PI1_FORMULA.text(Lang::Fr), PI1_FORMULA.fr);
        assert_eq!(PI1_FORMULA.text(Lang::En), PI1_FORMULA.en);
    }
}
