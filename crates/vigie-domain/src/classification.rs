//! Classification levels, ordered, with names configured per country.
//!
//! Each state names its levels in its own law (Burkina Faso's Loi
//! n°051-2015/CNT names *Confidentiel Défense*, *Secret Défense* and *Très
//! Secret Défense*), so the names are data. What the code fixes is the
//! order: a level is a rank within one country's scheme, and levels of two
//! different countries are not comparable at all.

mod category;
mod redaction;

use std::cmp::Ordering;

pub use category::{
    AuthorityAction, BUDGET_LINE_CATEGORY, ClassificationAuthority, InformationCategory,
    PROCUREMENT_FIELD_CATEGORY, Treatment,
};
pub use redaction::{REMOVED_MARK, redact};

use crate::{CountryCode, Invalid, Lang};

/// One level of a country's scheme, as configured.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct LevelDefinition {
    /// Short code (`NC`, `DR`, `CD`, `SD`, `TSD`), unique within the scheme.
    pub code: String,
    /// Name in French.
    pub name_fr: String,
    /// Name in English.
    pub name_en: String,
    /// The longest a document may stay at this level before it must be
    /// declassified; `None` for the unclassified level.
    pub max_years: Option<u16>,
}

/// A country's ordered list of classification levels, lowest first.
///
/// Rank 0 is always the public level: a scheme without one would make
/// every record secret by default, the very failure Vigie exists to fix.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ClassificationScheme {
    country: CountryCode,
    levels: Vec<LevelDefinition>,
}

/// A level within one country's scheme.
///
/// Ordered only against levels of the same country: `partial_cmp` answers
/// `None` across countries, so `a < b` is false both ways.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
pub struct ClassificationLevel {
    country: CountryCode,
    rank: u8,
}

impl ClassificationScheme {
    /// Builds a scheme from levels listed lowest first, checking that there is
    /// at least one, that codes are unique, that the lowest has no time limit
    /// (it is public) and that every other one has.
    pub fn new(country: CountryCode, levels: Vec<LevelDefinition>) -> Result<Self, Invalid> {
        let Some(first) = levels.first() else {
            return Err(Invalid::new(
                "classification levels",
                "",
                "a scheme needs at least one level",
            ));
        };
        if first.max_years.is_some() {
            return Err(Invalid::new(
                "classification levels",
                &first.code,
                "the lowest level is public and has no time limit",
            ));
        }
        if levels.len() > usize::from(u8::MAX) {
            return Err(Invalid::new("classification levels", "", "too many levels"));
        }
        for (i, level) in levels.iter().enumerate() {
            if level.code.trim().is_empty()
                || level.name_fr.trim().is_empty()
                || level.name_en.trim().is_empty()
            {
                return Err(Invalid::new(
                    "classification level",
                    &level.code,
                    "code and both names are required",
                ));
            }
            if levels[..i].iter().any(|l| l.code == level.code) {
                return Err(Invalid::new(
                    "classification level",
                    &level.code,
                    "codes must be unique",
                ));
            }
            if i > 0 && level.max_years.is_none_or(|y| y == 0) {
                return Err(Invalid::new(
                    "classification level",
                    &level.code,
                    "secrecy has a time limit: give a maximum duration in years",
                ));
            }
        }
        Ok(ClassificationScheme { country, levels })
    }

    /// The country the scheme belongs to.
    pub fn country(&self) -> CountryCode {
        self.country
    }

    /// The public level (rank 0).
    pub fn public(&self) -> ClassificationLevel {
        ClassificationLevel {
            country: self.country,
            rank: 0,
        }
    }

    /// All levels, lowest first.
    pub fn levels(&self) -> impl Iterator<Item = ClassificationLevel> + '_ {
        (0..self.levels.len()).map(|rank| ClassificationLevel {
            country: self.country,
            // INVARIANT: `new` caps the number of levels at u8::MAX.
            rank: u8::try_from(rank).unwrap_or(u8::MAX),
        })
    }

    /// The level with a code, if the scheme has one.
    pub fn level(&self, code: &str) -> Option<ClassificationLevel> {
        self.levels()
            .find(|l| self.definition(*l).is_some_and(|d| d.code == code))
    }

    /// The level at a rank, if the scheme has one.
    pub fn at_rank(&self, rank: u8) -> Option<ClassificationLevel> {
        self.levels().nth(usize::from(rank))
    }

    /// The configured names and duration of a level of this scheme.
    pub fn definition(&self, level: ClassificationLevel) -> Option<&LevelDefinition> {
        (level.country == self.country)
            .then(|| self.levels.get(usize::from(level.rank)))
            .flatten()
    }

    /// A level's name in the reader's language.
    pub fn name(&self, level: ClassificationLevel, lang: Lang) -> Option<&str> {
        self.definition(level)
            .map(|d| lang.pick(&d.name_fr, &d.name_en))
    }
}

impl ClassificationLevel {
    /// The public level of a country: rank 0 is in every scheme, and is
    /// what a record is before anyone classifies it, even in a country
    /// that has no scheme yet.
    pub fn public_of(country: CountryCode) -> ClassificationLevel {
        ClassificationLevel { country, rank: 0 }
    }

    /// The country whose scheme this level belongs to.
    pub fn country(self) -> CountryCode {
        self.country
    }

    /// Its rank: 0 is public, higher is more secret.
    pub fn rank(self) -> u8 {
        self.rank
    }

    /// Whether this level is the public one.
    pub fn is_public(self) -> bool {
        self.rank == 0
    }
}

impl PartialOrd for ClassificationLevel {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        (self.country == other.country).then(|| self.rank.cmp(&other.rank))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn def(code: &str, max_years: Option<u16>) -> LevelDefinition {
        LevelDefinition {
            code: code.into(),
            name_fr: format!("{code} fr"),
            name_en: format!("{code} en"),
            max_years,
        }
    }

    fn sahel_scheme(country: CountryCode) -> ClassificationScheme {
        let levels = vec![
            def("NC", None),
            def("DR", Some(10)),
            def("CD", Some(20)),
            def("SD", Some(30)),
            def("TSD", Some(50)),
        ];
        ClassificationScheme::new(country, levels).unwrap()
    }

    #[test]
    fn levels_are_ordered_within_a_country() {
        let s = sahel_scheme(CountryCode::BFA);
        let (cd, sd, tsd) = (
            s.level("CD").unwrap(),
            s.level("SD").unwrap(),
            s.level("TSD").unwrap(),
        );
        assert!(cd < sd && sd < tsd && s.public() < cd);
        assert!(s.public().is_public());
        assert_eq!(s.name(sd, Lang::En), Some("SD en"));
        assert_eq!(s.at_rank(4), Some(tsd));
        assert_eq!(s.at_rank(5), None);
    }

    #[test]
    #[expect(
        clippy::neg_cmp_op_on_partial_ord,
        reason = "the point of the test: `<` and `>` are both false across countries"
    )]
    fn levels_of_two_countries_do_not_compare() {
        let bfa = sahel_scheme(CountryCode::BFA).level("SD").unwrap();
        let mli = sahel_scheme(CountryCode::MLI).level("CD").unwrap();
        assert_eq!(bfa.partial_cmp(&mli), None);
        assert!(!(bfa < mli) && !(bfa > mli) && bfa != mli);
        assert_eq!(sahel_scheme(CountryCode::MLI).definition(bfa), None);
    }

    #[test]
    fn schemes_are_validated() {
        let c = CountryCode::NER;
        assert!(ClassificationScheme::new(c, vec![]).is_err());
        assert!(
            ClassificationScheme::new(c, vec![def("CD", Some(20))]).is_err(),
            "lowest must be public"
        );
        assert!(
            ClassificationScheme::new(c, vec![def("NC", None), def("SD", None)]).is_err(),
            "secrecy needs a limit"
        );
        assert!(
            ClassificationScheme::new(c, vec![def("NC", None), def("NC", Some(5))]).is_err(),
            "duplicate"
        );
        assert!(ClassificationScheme::new(c, vec![def("NC", None), def("SD", Some(30))]).is_ok());
    }
}
