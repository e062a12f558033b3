//! Categories of information and who may classify and declassify.
//!
//! Guided by the Tshwane Principles (2013): information on budgets,
//! procurement, oversight and the structures of security institutions
//! carries a strong presumption of disclosure (P10); only narrow categories
//! may be withheld, and then only on a showing of harm (P9).

use std::fmt;
use std::str::FromStr;

use crate::{Invalid, Lang};

/// What the Tshwane Principles say a category's default is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Treatment {
    /// Should almost always be public (Tshwane P10).
    PresumptionOfDisclosure,
    /// May be withheld, narrowly and while harm can be shown (Tshwane P9).
    MayBeWithheld,
}

impl Treatment {
    /// The stable code.
    pub fn code(self) -> &'static str {
        match self {
            Treatment::PresumptionOfDisclosure => "presumption_of_disclosure",
            Treatment::MayBeWithheld => "may_be_withheld",
        }
    }
}

impl FromStr for Treatment {
    type Err = Invalid;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "presumption_of_disclosure" => Ok(Treatment::PresumptionOfDisclosure),
            "may_be_withheld" => Ok(Treatment::MayBeWithheld),
            _ => Err(Invalid::new(
                "treatment",
                s,
                "expected `presumption_of_disclosure` or `may_be_withheld`",
            )),
        }
    }
}

impl fmt::Display for Treatment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// A category of information, with its default treatment.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct InformationCategory {
    /// Stable code (`overall_budget`).
    pub code: String,
    /// Its default treatment.
    pub treatment: Treatment,
    /// The level (by code, such as `NC`) a record of this category gets
    /// unless an authority decides otherwise, with reasons.
    pub default_level: String,
    /// The Tshwane principle it rests on (`P10F`).
    pub tshwane: String,
    /// Name in French.
    pub name_fr: String,
    /// Name in English.
    pub name_en: String,
}

/// The category the access policies give a classified budget line
/// (policy `budget-detail`).
pub const BUDGET_LINE_CATEGORY: &str = "budget_line";

/// The category the access policies give a classified field of a
/// contracting process (policy `procurement-detail`).
pub const PROCUREMENT_FIELD_CATEGORY: &str = "procurement_field";

impl InformationCategory {
    /// Codes no category of documents may take.
    ///
    /// Budget lines and procurement fields reach the Cedar policies as
    /// resources whose `category` is one of these, in the same attribute as
    /// a document's category: a classification scheme that defined a
    /// document category `budget_line` would make its documents fall under
    /// the budget policy. Reserving the codes where every category is born
    /// (this check, run by the classification import and the demo load)
    /// closes that door without a second attribute in the Cedar schema,
    /// and the policies stay as they read.
    pub const RESERVED_CODES: [&'static str; 2] =
        [BUDGET_LINE_CATEGORY, PROCUREMENT_FIELD_CATEGORY];

    /// Refuses a code reserved for records that are not documents.
    pub fn check_code(code: &str) -> Result<(), Invalid> {
        if Self::RESERVED_CODES
            .iter()
            .any(|r| r.eq_ignore_ascii_case(code.trim()))
        {
            return Err(Invalid::new(
                "code",
                code,
                "reserved for budget lines and procurement fields in the access policies",
            ));
        }
        Ok(())
    }

    /// The name in the reader's language.
    pub fn name(&self, lang: Lang) -> &str {
        lang.pick(&self.name_fr, &self.name_en)
    }
}

/// What an authority may do at a level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AuthorityAction {
    /// Classify at that level.
    Classify,
    /// Declassify from that level.
    Declassify,
}

impl AuthorityAction {
    /// The stable code.
    pub fn code(self) -> &'static str {
        match self {
            AuthorityAction::Classify => "classify",
            AuthorityAction::Declassify => "declassify",
        }
    }
}

impl FromStr for AuthorityAction {
    type Err = Invalid;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "classify" => Ok(AuthorityAction::Classify),
            "declassify" => Ok(AuthorityAction::Declassify),
            _ => Err(Invalid::new(
                "action",
                s,
                "expected `classify` or `declassify`",
            )),
        }
    }
}

/// Who may classify or declassify at one level of one country's scheme.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ClassificationAuthority {
    /// The level's code (`SD`).
    pub level: String,
    /// Classify or declassify.
    pub action: AuthorityAction,
    /// Who, in French (`Ministre chargé de la défense`).
    pub authority_fr: String,
    /// Who, in English.
    pub authority_en: String,
    /// True when not attested for this country (a model, not a fact).
    pub illustrative: bool,
}

impl ClassificationAuthority {
    /// The authority in the reader's language.
    pub fn authority(&self, lang: Lang) -> &str {
        lang.pick(&self.authority_fr, &self.authority_en)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for t in [Treatment::PresumptionOfDisclosure, Treatment::MayBeWithheld] {
            assert_eq!(t.code().parse::<Treatment>().unwrap(), t);
        }
        for a in [AuthorityAction::Classify, AuthorityAction::Declassify] {
            assert_eq!(a.code().parse::<AuthorityAction>().unwrap(), a);
        }
        assert!("secret".parse::<Treatment>().is_err());
        assert!("read".parse::<AuthorityAction>().is_err());
        for reserved in ["budget_line", "procurement_field", "Budget_Line "] {
            assert!(
                InformationCategory::check_code(reserved).is_err(),
                "{reserved}"
            );
        }
        assert!(InformationCategory::check_code("overall_budget").is_ok());
    }
}
