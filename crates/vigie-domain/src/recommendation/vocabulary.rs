//! The fixed vocabularies of the follow-up, each a closed list of stable
//! codes (scripts and the API rely on them, decision 0004) with French and
//! English labels.

use std::fmt;
use std::str::FromStr;

use crate::{Invalid, Lang};

/// Declares a closed vocabulary: `code()`, `ALL`, `label(lang)`, parsing
/// with a message listing the codes, and serde as the code.
macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident, $field:literal { $($(#[$vmeta:meta])* $variant:ident = $code:literal, $fr:literal, $en:literal;)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        #[serde(try_from = "String", into = "&'static str")]
        pub enum $name {
            $($(#[$vmeta])* $variant,)+
        }

        impl $name {
            /// Every value, in the order pages and tables show them.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stable code.
            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code,)+ }
            }

            /// The label readers see.
            pub fn label(self, lang: Lang) -> &'static str {
                match (self, lang) {
                    $(($name::$variant, Lang::Fr) => $fr, ($name::$variant, Lang::En) => $en,)+
                }
            }
        }

        impl FromStr for $name {
            type Err = Invalid;
            fn from_str(s: &str) -> Result<Self, Invalid> {
                $name::ALL.iter().copied().find(|v| v.code() == s).ok_or_else(|| {
                    let codes: Vec<&str> = $name::ALL.iter().map(|v| v.code()).collect();
                    Invalid::new($field, s, format!("expected one of {}", codes.join(", ")))
                })
            }
        }

        impl TryFrom<String> for $name {
            type Error = Invalid;
            fn try_from(s: String) -> Result<Self, Invalid> {
                s.parse()
            }
        }

        impl From<$name> for &'static str {
            fn from(v: $name) -> &'static str {
                v.code()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.code())
            }
        }
    };
}

vocabulary! {
    /// Where a recommendation stands (issue 7's five statuses).
    RecommendationStatus, "status" {
        /// Nothing done yet.
        NotStarted = "not_started", "Non démarrée", "Not started";
        /// Work under way.
        InProgress = "in_progress", "En cours", "In progress";
        /// Part of it done, the rest outstanding.
        PartiallyImplemented = "partially_implemented", "Partiellement mise en œuvre", "Partially implemented";
        /// Done, with evidence.
        Implemented = "implemented", "Mise en œuvre", "Implemented";
        /// The addressee declined it.
        NotAccepted = "not_accepted", "Non acceptée", "Not accepted";
    }
}

vocabulary! {
    /// Where a recommendation comes from.
    SourceKind, "source" {
        /// A workshop of a regional conference edition.
        ConferenceWorkshop = "conference_workshop", "Atelier de la conférence", "Conference workshop";
        /// An audit (court of auditors, auditor general).
        Audit = "audit", "Audit", "Audit";
        /// An inspection (inspectorate general).
        Inspection = "inspection", "Inspection", "Inspection";
        /// A parliamentary inquiry.
        ParliamentaryInquiry = "parliamentary_inquiry", "Enquête parlementaire", "Parliamentary inquiry";
    }
}

impl SourceKind {
    /// The finding kind this source names, `None` for a conference workshop.
    pub fn finding(self) -> Option<FindingSource> {
        match self {
            SourceKind::ConferenceWorkshop => None,
            SourceKind::Audit => Some(FindingSource::Audit),
            SourceKind::Inspection => Some(FindingSource::Inspection),
            SourceKind::ParliamentaryInquiry => Some(FindingSource::ParliamentaryInquiry),
        }
    }
}

vocabulary! {
    /// What kind of work produced a finding.
    FindingSource, "source" {
        /// An audit.
        Audit = "audit", "Audit", "Audit";
        /// An inspection.
        Inspection = "inspection", "Inspection", "Inspection";
        /// A parliamentary inquiry.
        ParliamentaryInquiry = "parliamentary_inquiry", "Enquête parlementaire", "Parliamentary inquiry";
    }
}

vocabulary! {
    /// How urgent a recommendation is, as its authors said.
    Priority, "priority" {
        /// First.
        High = "high", "Haute", "High";
        /// Second.
        Medium = "medium", "Moyenne", "Medium";
        /// Third.
        Low = "low", "Basse", "Low";
    }
}

vocabulary! {
    /// What a recommendation is about: a fixed list drawn from the 2021
    /// conference's workshops and the oversight bodies' mandates
    /// (docs/decisions/0012).
    Theme, "theme" {
        /// Budget transparency and the defence budget's scrutiny.
        BudgetTransparency = "budget_transparency", "Transparence budgétaire", "Budget transparency";
        /// Procurement, including the derogatory regime.
        Procurement = "procurement", "Commande publique", "Procurement";
        /// Classification rules and oversight bodies' access to classified information.
        ClassificationAccess = "classification_access", "Secret et accès à l'information classifiée", "Classification and access to classified information";
        /// Judicial follow-up of findings (referrals, prosecutions, recoveries).
        JudicialFollowup = "judicial_followup", "Suites judiciaires", "Judicial follow-up";
        /// Parliamentary control of defence and security.
        ParliamentaryControl = "parliamentary_control", "Contrôle parlementaire", "Parliamentary control";
        /// Civil society and media.
        CivilSocietyMedia = "civil_society_media", "Société civile et médias", "Civil society and media";
        /// Technical and financial partners.
        Partners = "partners", "Partenaires techniques et financiers", "Technical and financial partners";
        /// Internal control (inspectorates, financial control).
        InternalControl = "internal_control", "Contrôle interne", "Internal control";
    }
}

vocabulary! {
    /// Where a court case on a referred finding stands.
    Outcome, "outcome" {
        /// Not decided yet.
        Pending = "pending", "En cours", "Pending";
        /// Dismissed (non-lieu, classement).
        Dismissed = "dismissed", "Classée / non-lieu", "Dismissed";
        /// At least one conviction.
        Convicted = "convicted", "Condamnation", "Conviction";
        /// Acquittal.
        Acquitted = "acquitted", "Relaxe / acquittement", "Acquittal";
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_unknown_codes_list_the_choices() {
        for s in RecommendationStatus::ALL {
            assert_eq!(s.code().parse::<RecommendationStatus>(), Ok(*s));
        }
        let e = "done".parse::<RecommendationStatus>().unwrap_err();
        assert_eq!(
            e.to_string(),
            "invalid status `done`: expected one of not_started, in_progress, partially_implemented, implemented, not_accepted"
        );
        assert_eq!(Theme::ALL.len(), 8);
        assert_eq!(SourceKind::Audit.finding(), Some(FindingSource::Audit));
        assert_eq!(SourceKind::ConferenceWorkshop.finding(), None);
    }
}
