//! The parties part of [`crate::ProcessView`]: who supplies, who owns them,
//! since when they exist (decision 0011's supplier red flags read these).

use serde::Deserialize;

use crate::lax::{Text, lax, lax_vec};
use crate::view::OrgRef;

/// A party: supplier, buyer, authority…
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, bound(deserialize = "'de: 'a"))]
pub struct PartyView<'a> {
    /// `id`.
    #[serde(deserialize_with = "lax")]
    pub id: Option<Text<'a>>,
    /// `name`.
    #[serde(deserialize_with = "lax")]
    pub name: Option<Text<'a>>,
    /// `roles`.
    #[serde(deserialize_with = "lax_vec")]
    pub roles: Vec<Text<'a>>,
    /// `identifier`.
    #[serde(deserialize_with = "lax")]
    pub identifier: Option<Identifier<'a>>,
    /// Beneficial owners (Vigie extension).
    #[serde(rename = "beneficialOwners", deserialize_with = "lax_vec")]
    pub beneficial_owners: Vec<OrgRef<'a>>,
    /// `details`.
    #[serde(deserialize_with = "lax")]
    pub details: Option<PartyDetails<'a>>,
    /// `address`.
    #[serde(deserialize_with = "lax")]
    pub address: Option<Address<'a>>,
    /// `contactPoint`.
    #[serde(rename = "contactPoint", deserialize_with = "lax")]
    pub contact_point: Option<ContactPoint<'a>>,
}

/// An organization's identifier.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, bound(deserialize = "'de: 'a"))]
pub struct Identifier<'a> {
    /// `scheme`.
    #[serde(deserialize_with = "lax")]
    pub scheme: Option<Text<'a>>,
    /// `id`.
    #[serde(deserialize_with = "lax")]
    pub id: Option<Text<'a>>,
    /// `legalName`.
    #[serde(rename = "legalName", deserialize_with = "lax")]
    pub legal_name: Option<Text<'a>>,
}

/// Details of a party.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, bound(deserialize = "'de: 'a"))]
pub struct PartyDetails<'a> {
    /// Date the supplier was registered (Vigie extension).
    #[serde(rename = "foundingDate", deserialize_with = "lax")]
    pub founding_date: Option<Text<'a>>,
}

/// A postal address.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, bound(deserialize = "'de: 'a"))]
pub struct Address<'a> {
    /// `streetAddress`.
    #[serde(rename = "streetAddress", deserialize_with = "lax")]
    pub street_address: Option<Text<'a>>,
    /// `locality`.
    #[serde(deserialize_with = "lax")]
    pub locality: Option<Text<'a>>,
    /// `region`.
    #[serde(deserialize_with = "lax")]
    pub region: Option<Text<'a>>,
    /// `postalCode`.
    #[serde(rename = "postalCode", deserialize_with = "lax")]
    pub postal_code: Option<Text<'a>>,
    /// `countryName`.
    #[serde(rename = "countryName", deserialize_with = "lax")]
    pub country_name: Option<Text<'a>>,
}

/// A contact point.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, bound(deserialize = "'de: 'a"))]
pub struct ContactPoint<'a> {
    /// `name`.
    #[serde(deserialize_with = "lax")]
    pub name: Option<Text<'a>>,
    /// `email`.
    #[serde(deserialize_with = "lax")]
    pub email: Option<Text<'a>>,
    /// `telephone`.
    #[serde(deserialize_with = "lax")]
    pub telephone: Option<Text<'a>>,
    /// `url`.
    #[serde(deserialize_with = "lax")]
    pub url: Option<Text<'a>>,
}
