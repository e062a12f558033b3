//! Who supports an edition, who takes part in it, and what it published.

use serde::{Deserialize, Serialize};

use super::Text;
use crate::{CountryCode, InstitutionCode, InstitutionKind};

/// How an institution supports an edition.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PartnerRole {
    /// Organises it.
    Organiser,
    /// Hosts or co-organises it.
    Partner,
    /// Pays for it.
    Funder,
}

impl PartnerRole {
    /// The stable code.
    pub fn code(self) -> &'static str {
        match self {
            PartnerRole::Organiser => "organiser",
            PartnerRole::Partner => "partner",
            PartnerRole::Funder => "funder",
        }
    }

    /// The role of a stored code.
    pub fn from_code(code: &str) -> Option<PartnerRole> {
        [
            PartnerRole::Organiser,
            PartnerRole::Partner,
            PartnerRole::Funder,
        ]
        .into_iter()
        .find(|k| k.code() == code)
    }
}

/// An organiser, partner or funder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SupportingInstitution {
    /// The institution.
    pub institution: InstitutionCode,
    /// How it supports the edition.
    pub role: PartnerRole,
    /// What exactly (the programme that funds it), where published.
    #[serde(default)]
    pub note: Option<Text>,
}

/// Invited participants of one category, from one country (none for
/// regional and international bodies).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Participant {
    /// The state they represent.
    #[serde(default)]
    pub country: Option<CountryCode>,
    /// The category of their institution.
    pub category: InstitutionKind,
    /// The institution itself, when known.
    #[serde(default)]
    pub institution: Option<InstitutionCode>,
    /// How the source describes them.
    #[serde(default)]
    pub label: Option<Text>,
    /// How many were invited, where known.
    #[serde(default)]
    pub expected: Option<u32>,
    /// How many came, where known.
    #[serde(default)]
    pub actual: Option<u32>,
}

/// What a document is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    /// Concept or information note.
    ConceptNote,
    /// Programme.
    Programme,
    /// A rapporteur's report.
    RapporteurReport,
    /// The restitution of one workshop.
    WorkshopRestitution,
    /// Anything else.
    Other,
}

impl DocumentKind {
    /// The stable code.
    pub fn code(self) -> &'static str {
        match self {
            DocumentKind::ConceptNote => "concept_note",
            DocumentKind::Programme => "programme",
            DocumentKind::RapporteurReport => "rapporteur_report",
            DocumentKind::WorkshopRestitution => "workshop_restitution",
            DocumentKind::Other => "other",
        }
    }

    /// The kind of a stored code.
    pub fn from_code(code: &str) -> Option<DocumentKind> {
        [
            DocumentKind::ConceptNote,
            DocumentKind::Programme,
            DocumentKind::RapporteurReport,
            DocumentKind::WorkshopRestitution,
            DocumentKind::Other,
        ]
        .into_iter()
        .find(|k| k.code() == code)
    }
}

/// A document of the edition: a public URL, a document of Vigie's
/// register, or only its title when neither is available.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Document {
    /// What it is.
    pub kind: DocumentKind,
    /// Its title.
    pub title: Text,
    /// The language it is written in (`fr`, `en`).
    pub language: String,
    /// A public address.
    #[serde(default)]
    pub url: Option<String>,
    /// A document of Vigie's register.
    #[serde(default)]
    pub document_id: Option<i64>,
    /// The programme item it belongs to (a workshop's restitution).
    #[serde(default)]
    pub item: Option<String>,
}
