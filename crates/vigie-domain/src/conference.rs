//! Editions of the regional conference on resource management in the
//! defense and security sector: their programme, who spoke in it, who was
//! invited, and the documents that came out of it (issue 7).
//!
//! An edition is written as one JSON file ([`Edition`], the shape of
//! `vigie import conference`) and becomes a [`ValidEdition`] only through
//! [`Edition::validate`], which checks every rule at once and returns every
//! broken one with the JSON pointer of the value at fault. The store writes
//! only valid editions.

mod check;
mod error;
mod people;
mod program;
#[cfg(test)]
mod tests;

use serde::{Deserialize, Serialize};
use time::Date;

use crate::{CountryCode, InstitutionCode};

pub use check::ValidEdition;
pub use error::{ConferenceError, Problem};
pub use people::{Document, DocumentKind, Participant, PartnerRole, SupportingInstitution};
pub use program::{Item, ItemKind, Role, RoleKind};

/// Every published text of an edition is given in French and in English.
pub use crate::Bilingual as Text;
/// Days as `YYYY-MM-DD` (kept here too for the paths that name it so).
pub use crate::iso_day;

/// One edition, as written in its import file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Edition {
    /// Its number in the series, from 1: how people name it ("the first
    /// edition"). Not the database id.
    pub number: u32,
    /// First day.
    #[serde(with = "iso_day")]
    pub start_date: Date,
    /// Last day (the same as the first for a one-day edition).
    #[serde(with = "iso_day")]
    pub end_date: Date,
    /// City, as written locally (`Bamako`).
    pub city: String,
    /// The host state.
    pub country: CountryCode,
    /// Venue, where published.
    #[serde(default)]
    pub venue: Option<Text>,
    /// The conference's title.
    pub title: Text,
    /// Where these facts come from (a published note, a report).
    pub source: String,
    /// Organiser, partners, funders.
    #[serde(default)]
    pub institutions: Vec<SupportingInstitution>,
    /// Every item of the programme, in any order in a file (a valid
    /// edition sorts them by day and order).
    pub program: Vec<Item>,
    /// Who had a role in which item.
    #[serde(default)]
    pub roles: Vec<Role>,
    /// Invited participants by country and institution category.
    #[serde(default)]
    pub participants: Vec<Participant>,
    /// Concept note, programme, reports, restitutions.
    #[serde(default)]
    pub documents: Vec<Document>,
}

impl Edition {
    /// The edition's days, first to last.
    pub fn days(&self) -> Vec<Date> {
        let mut days = vec![self.start_date];
        while let Some(next) = days.last().and_then(|d| d.next_day()) {
            if next > self.end_date {
                break;
            }
            days.push(next);
        }
        days
    }

    /// The programme item of that code.
    pub fn item(&self, code: &str) -> Option<&Item> {
        self.program.iter().find(|i| i.code == code)
    }

    /// The roles held in an item, in the file's order.
    pub fn roles_in<'a>(&'a self, code: &'a str) -> impl Iterator<Item = &'a Role> + 'a {
        self.roles.iter().filter(move |r| r.item == code)
    }

    /// Every institution the edition names (institutions, roles,
    /// participants), with the JSON pointer of each mention.
    pub fn institution_mentions(&self) -> Vec<(String, &InstitutionCode)> {
        let mut out: Vec<(String, &InstitutionCode)> = Vec::new();
        for (i, s) in self.institutions.iter().enumerate() {
            out.push((format!("/institutions/{i}/institution"), &s.institution));
        }
        for (i, r) in self.roles.iter().enumerate() {
            if let Some(code) = &r.institution {
                out.push((format!("/roles/{i}/institution"), code));
            }
        }
        for (i, p) in self.participants.iter().enumerate() {
            if let Some(code) = &p.institution {
                out.push((format!("/participants/{i}/institution"), code));
            }
        }
        out
    }
}
