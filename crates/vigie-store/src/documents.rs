//! The classified document register: who may know of a document, read it,
//! ask for it, answer, declassify — always through a policy decision that
//! the log records in the same call.
//!
//! The one rule the types carry: classified metadata and content leave this
//! module only inside a [`Permit`] (one document) or a [`DocumentPage`] (a
//! listing), and only this module builds either. A [`Document`] cannot be
//! made outside the store (it has a private field), so a handler holding one
//! got it through a decision.

mod authorize;
mod declassify;
mod list;
mod mandates;
mod principal;
pub(crate) mod register;
mod requests;
pub(crate) mod rows;
pub mod vault;

use time::{Date, OffsetDateTime};
use vigie_domain::{ClassificationLevel, CountryCode};
use vigie_policy::Resource;

pub use authorize::{Act, Permit, Read, See};
pub use declassify::{Declassified, Declassify};
pub use list::{DocumentKey, DocumentPage, DocumentQuery, MAX_PER_PAGE, Seek};
pub use mandates::Mandate;
pub use register::NewDocument;
pub use requests::{
    AccessRequest, Answer, NewRequest, RequestDecision, RequestStatus, RequestTarget, RequestView,
};
pub use vault::Vault;

crate::area::area!(
    /// The register (`store.documents()`): classified documents and their
    /// content, access decisions, access requests, declassification.
    Documents,
    documents
);

/// A document of the register, as a decision allowed someone to see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// Its id.
    pub id: i64,
    /// Its reference (unique within its country).
    pub reference: String,
    /// Its title.
    pub title: String,
    /// The date it bears.
    pub dated: Date,
    /// The code of the service that produced it.
    pub producing_service: String,
    /// Its level now (which names its country).
    pub level: ClassificationLevel,
    /// The level's code (`SD`).
    pub level_code: String,
    /// The level's name in French.
    pub level_name_fr: String,
    /// The level's name in English.
    pub level_name_en: String,
    /// Who classified it (username).
    pub classified_by: String,
    /// The legal basis of its classification.
    pub legal_basis: String,
    /// Its category code.
    pub category: String,
    /// Why it is classified.
    pub justification: String,
    /// When its classification is to be reviewed.
    pub review_on: Option<Date>,
    /// When it is declassified at the latest.
    pub declassify_on: Option<Date>,
    /// The document this one is a redacted version of.
    pub derived_from: Option<i64>,
    /// The content's media type.
    pub media_type: String,
    /// The content's file name.
    pub file_name: String,
    /// The content's size in bytes.
    pub size: i64,
    /// When it was registered.
    pub created_at: OffsetDateTime,
    presumption_of_disclosure: bool,
    object_key: String,
}

impl Document {
    /// Its country.
    pub fn country(&self) -> CountryCode {
        self.level.country()
    }

    /// Whether its category carries a presumption of disclosure.
    pub fn presumption_of_disclosure(&self) -> bool {
        self.presumption_of_disclosure
    }

    /// The document as the policies see it.
    pub fn resource(&self) -> Resource {
        Resource {
            id: self.id.to_string(),
            level: self.level,
            category: self.category.clone(),
            presumption_of_disclosure: self.presumption_of_disclosure,
            producing_service: self.producing_service.clone(),
            year: self.dated.year(),
        }
    }
}

/// One step of a document's classification history.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct HistoryStep {
    /// When.
    pub at: OffsetDateTime,
    /// `classify`, `declassify`, `declassify_due`, `public_version`,
    /// `redacted_version`, `grant`.
    pub action: String,
    /// Who (a username, or `@system` for a date reached).
    pub actor: String,
    /// The level before, as a rank.
    pub from_rank: Option<i32>,
    /// The level after, as a rank.
    pub to_rank: Option<i32>,
    /// The reasons or a note.
    pub note: String,
}

/// `vigie_policy`'s decision, as the log records it: the outcome and the
/// policies that decided. Written reasons, justifications and purposes stay
/// in their rows (whose state hash the log holds): log entries are open to
/// oversight bodies of every country, and such texts may be classified.
pub(crate) fn logged(d: &vigie_policy::Decision) -> vigie_ledger::Decision {
    vigie_ledger::Decision {
        permit: d.permit,
        policies: d.policies.clone(),
        reasons: String::new(),
    }
}
