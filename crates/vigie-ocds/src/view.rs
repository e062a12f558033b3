//! Typed, borrowed, read-only views of a compiled release for the web
//! app's pages: `ProcessView::from_value(&value)` or
//! `ProcessView::from_json(&text)`. Lenient by design: a missing field is
//! `None` (a missing list empty), and a field of the wrong type is treated
//! as missing rather than failing the page, because real publishers' data
//! is uneven. Text is borrowed from the release wherever possible.

use serde::Deserialize;
use serde_json::{Number, Value};

use crate::lax::{Text, lax, lax_vec};
pub use crate::view_party::{Address, ContactPoint, Identifier, PartyDetails, PartyView};

impl<'a> ProcessView<'a> {
    /// The view of a compiled release held as a `Value`; anything that is not
    /// an object gives an empty view.
    pub fn from_value(release: &'a Value) -> Self {
        if !release.is_object() {
            return ProcessView::default();
        }
        ProcessView::deserialize(release).unwrap_or_default()
    }

    /// The view of a compiled release held as JSON text, or the JSON error.
    pub fn from_json(text: &'a str) -> Result<Self, serde_json::Error> {
        serde_json::from_str(text)
    }

    /// The party with this id, if listed.
    pub fn party(&self, id: &str) -> Option<&PartyView<'a>> {
        self.parties
            .iter()
            .find(|party| party.id.as_deref() == Some(id))
    }
}

/// The view of one contracting process (a compiled release) that pages read.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, bound(deserialize = "'de: 'a"))]
pub struct ProcessView<'a> {
    /// `ocid`.
    #[serde(deserialize_with = "lax")]
    pub ocid: Option<Text<'a>>,
    /// `id`.
    #[serde(deserialize_with = "lax")]
    pub id: Option<Text<'a>>,
    /// `date`.
    #[serde(deserialize_with = "lax")]
    pub date: Option<Text<'a>>,
    /// ISO 3166-1 alpha-3 code of the buyer's state (Vigie extension).
    #[serde(deserialize_with = "lax")]
    pub country: Option<Text<'a>>,
    /// `buyer`.
    #[serde(deserialize_with = "lax")]
    pub buyer: Option<OrgRef<'a>>,
    /// `tender`.
    #[serde(deserialize_with = "lax")]
    pub tender: Option<TenderView<'a>>,
    /// `awards`.
    #[serde(deserialize_with = "lax_vec")]
    pub awards: Vec<AwardView<'a>>,
    /// `contracts`.
    #[serde(deserialize_with = "lax_vec")]
    pub contracts: Vec<ContractView<'a>>,
    /// `parties`.
    #[serde(deserialize_with = "lax_vec")]
    pub parties: Vec<PartyView<'a>>,
    /// Which fields are classified, at what level (Vigie extension).
    #[serde(deserialize_with = "lax_vec")]
    pub classification: Vec<FieldClassification<'a>>,
}

/// A reference to an organization in `parties`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, bound(deserialize = "'de: 'a"))]
pub struct OrgRef<'a> {
    /// `id`.
    #[serde(deserialize_with = "lax")]
    pub id: Option<Text<'a>>,
    /// `name`.
    #[serde(deserialize_with = "lax")]
    pub name: Option<Text<'a>>,
}

/// An amount of money, as published: converting it to a decimal `Money` is the domain's business.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, bound(deserialize = "'de: 'a"))]
pub struct Amount<'a> {
    /// `amount`.
    #[serde(deserialize_with = "lax")]
    pub amount: Option<Number>,
    /// `currency`.
    #[serde(deserialize_with = "lax")]
    pub currency: Option<Text<'a>>,
}

/// A period.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, bound(deserialize = "'de: 'a"))]
pub struct Period<'a> {
    /// `startDate`.
    #[serde(rename = "startDate", deserialize_with = "lax")]
    pub start_date: Option<Text<'a>>,
    /// `endDate`.
    #[serde(rename = "endDate", deserialize_with = "lax")]
    pub end_date: Option<Text<'a>>,
}

/// The tender: title, method, value, and the derogatory regime's exemption.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, bound(deserialize = "'de: 'a"))]
pub struct TenderView<'a> {
    /// `id`.
    #[serde(deserialize_with = "lax")]
    pub id: Option<Text<'a>>,
    /// `title`.
    #[serde(deserialize_with = "lax")]
    pub title: Option<Text<'a>>,
    /// `description`.
    #[serde(deserialize_with = "lax")]
    pub description: Option<Text<'a>>,
    /// `status`.
    #[serde(deserialize_with = "lax")]
    pub status: Option<Text<'a>>,
    /// `procurementMethod`.
    #[serde(rename = "procurementMethod", deserialize_with = "lax")]
    pub procurement_method: Option<Text<'a>>,
    /// `procurementMethodDetails`.
    #[serde(rename = "procurementMethodDetails", deserialize_with = "lax")]
    pub procurement_method_details: Option<Text<'a>>,
    /// `procurementMethodRationale`.
    #[serde(rename = "procurementMethodRationale", deserialize_with = "lax")]
    pub procurement_method_rationale: Option<Text<'a>>,
    /// `value`.
    #[serde(deserialize_with = "lax")]
    pub value: Option<Amount<'a>>,
    /// `procuringEntity`.
    #[serde(rename = "procuringEntity", deserialize_with = "lax")]
    pub procuring_entity: Option<OrgRef<'a>>,
    /// Present when awarded under the derogatory regime (Vigie extension).
    #[serde(deserialize_with = "lax")]
    pub exemption: Option<Exemption<'a>>,
}

/// The exemption from the procurement code (Vigie extension, decision 0011).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, bound(deserialize = "'de: 'a"))]
pub struct Exemption<'a> {
    /// `legalBasis`.
    #[serde(rename = "legalBasis", deserialize_with = "lax")]
    pub legal_basis: Option<Text<'a>>,
    /// `justification`.
    #[serde(deserialize_with = "lax")]
    pub justification: Option<Text<'a>>,
    /// `approvingAuthority`.
    #[serde(rename = "approvingAuthority", deserialize_with = "lax")]
    pub approving_authority: Option<OrgRef<'a>>,
    /// `opinion`.
    #[serde(deserialize_with = "lax")]
    pub opinion: Option<Opinion<'a>>,
}

/// The opinion required above a threshold.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, bound(deserialize = "'de: 'a"))]
pub struct Opinion<'a> {
    /// `body`.
    #[serde(deserialize_with = "lax")]
    pub body: Option<Text<'a>>,
    /// `date`.
    #[serde(deserialize_with = "lax")]
    pub date: Option<Text<'a>>,
    /// `reference`.
    #[serde(deserialize_with = "lax")]
    pub reference: Option<Text<'a>>,
}

/// An award.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, bound(deserialize = "'de: 'a"))]
pub struct AwardView<'a> {
    /// `id`.
    #[serde(deserialize_with = "lax")]
    pub id: Option<Text<'a>>,
    /// `title`.
    #[serde(deserialize_with = "lax")]
    pub title: Option<Text<'a>>,
    /// `status`.
    #[serde(deserialize_with = "lax")]
    pub status: Option<Text<'a>>,
    /// `date`.
    #[serde(deserialize_with = "lax")]
    pub date: Option<Text<'a>>,
    /// `value`.
    #[serde(deserialize_with = "lax")]
    pub value: Option<Amount<'a>>,
    /// `suppliers`.
    #[serde(deserialize_with = "lax_vec")]
    pub suppliers: Vec<OrgRef<'a>>,
}

/// A contract, its amendments and its implementation.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, bound(deserialize = "'de: 'a"))]
pub struct ContractView<'a> {
    /// `id`.
    #[serde(deserialize_with = "lax")]
    pub id: Option<Text<'a>>,
    /// `awardID`.
    #[serde(rename = "awardID", deserialize_with = "lax")]
    pub award_id: Option<Text<'a>>,
    /// `title`.
    #[serde(deserialize_with = "lax")]
    pub title: Option<Text<'a>>,
    /// `status`.
    #[serde(deserialize_with = "lax")]
    pub status: Option<Text<'a>>,
    /// `value`.
    #[serde(deserialize_with = "lax")]
    pub value: Option<Amount<'a>>,
    /// `dateSigned`.
    #[serde(rename = "dateSigned", deserialize_with = "lax")]
    pub date_signed: Option<Text<'a>>,
    /// `period`.
    #[serde(deserialize_with = "lax")]
    pub period: Option<Period<'a>>,
    /// `amendments`.
    #[serde(deserialize_with = "lax_vec")]
    pub amendments: Vec<AmendmentView<'a>>,
    /// `implementation`.
    #[serde(deserialize_with = "lax")]
    pub implementation: Option<Implementation<'a>>,
}

/// An amendment, with the contract's value before and after (Vigie extension).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, bound(deserialize = "'de: 'a"))]
pub struct AmendmentView<'a> {
    /// `id`.
    #[serde(deserialize_with = "lax")]
    pub id: Option<Text<'a>>,
    /// `date`.
    #[serde(deserialize_with = "lax")]
    pub date: Option<Text<'a>>,
    /// `rationale`.
    #[serde(deserialize_with = "lax")]
    pub rationale: Option<Text<'a>>,
    /// `description`.
    #[serde(deserialize_with = "lax")]
    pub description: Option<Text<'a>>,
    /// `previousValue`.
    #[serde(rename = "previousValue", deserialize_with = "lax")]
    pub previous_value: Option<Amount<'a>>,
    /// `newValue`.
    #[serde(rename = "newValue", deserialize_with = "lax")]
    pub new_value: Option<Amount<'a>>,
}

/// Deliveries (milestones) and payments (transactions).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, bound(deserialize = "'de: 'a"))]
pub struct Implementation<'a> {
    /// `milestones`.
    #[serde(deserialize_with = "lax_vec")]
    pub milestones: Vec<Milestone<'a>>,
    /// `transactions`.
    #[serde(deserialize_with = "lax_vec")]
    pub transactions: Vec<Transaction<'a>>,
}

/// A milestone; a delivery is `type` `delivery`, received when `status` is `met` on `dateMet`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, bound(deserialize = "'de: 'a"))]
pub struct Milestone<'a> {
    /// `id`.
    #[serde(deserialize_with = "lax")]
    pub id: Option<Text<'a>>,
    /// `title`.
    #[serde(deserialize_with = "lax")]
    pub title: Option<Text<'a>>,
    /// `type`.
    #[serde(rename = "type", deserialize_with = "lax")]
    pub kind: Option<Text<'a>>,
    /// `status`.
    #[serde(deserialize_with = "lax")]
    pub status: Option<Text<'a>>,
    /// `dueDate`.
    #[serde(rename = "dueDate", deserialize_with = "lax")]
    pub due_date: Option<Text<'a>>,
    /// `dateMet`.
    #[serde(rename = "dateMet", deserialize_with = "lax")]
    pub date_met: Option<Text<'a>>,
}

/// A payment.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, bound(deserialize = "'de: 'a"))]
pub struct Transaction<'a> {
    /// `id`.
    #[serde(deserialize_with = "lax")]
    pub id: Option<Text<'a>>,
    /// `date`.
    #[serde(deserialize_with = "lax")]
    pub date: Option<Text<'a>>,
    /// `value`.
    #[serde(deserialize_with = "lax")]
    pub value: Option<Amount<'a>>,
    /// `payer`.
    #[serde(deserialize_with = "lax")]
    pub payer: Option<OrgRef<'a>>,
    /// `payee`.
    #[serde(deserialize_with = "lax")]
    pub payee: Option<OrgRef<'a>>,
}

/// One classified field.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, bound(deserialize = "'de: 'a"))]
pub struct FieldClassification<'a> {
    /// `path`.
    #[serde(deserialize_with = "lax")]
    pub path: Option<Text<'a>>,
    /// `level`.
    #[serde(deserialize_with = "lax")]
    pub level: Option<Text<'a>>,
}
