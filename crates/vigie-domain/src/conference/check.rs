//! The rules of an edition, checked all at once.

use std::collections::BTreeSet;

use super::{ConferenceError as E, Edition, Problem, Text};
use crate::InstitutionCode;

/// An edition that passed [`Edition::validate`]: the only kind the store
/// writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidEdition(Edition);

impl ValidEdition {
    /// The edition.
    pub fn edition(&self) -> &Edition {
        &self.0
    }
}

impl std::ops::Deref for ValidEdition {
    type Target = Edition;
    fn deref(&self) -> &Edition {
        &self.0
    }
}

/// Collects problems with their paths.
#[derive(Default)]
struct Found(Vec<Problem>);

impl Found {
    fn add(&mut self, path: impl Into<String>, error: E) {
        self.0.push(Problem {
            path: path.into(),
            error,
        });
    }

    fn text(&mut self, path: &str, text: &Text) {
        for lang in text.blank() {
            self.add(format!("{path}/{lang}"), E::EmptyText);
        }
    }
}

fn is_code(code: &str) -> bool {
    let mut bytes = code.bytes();
    matches!(bytes.next(), Some(b) if b.is_ascii_uppercase())
        && bytes.all(|b| b.is_ascii_digit())
        && code.len() <= 8
}

impl Edition {
    /// Checks every rule; `known` says whether an institution exists.
    /// Returns every broken rule, each with its JSON pointer; a valid
    /// edition has its programme sorted by day and order.
    pub fn validate(
        self,
        known: &dyn Fn(&InstitutionCode) -> bool,
    ) -> Result<ValidEdition, Vec<Problem>> {
        let mut found = Found::default();
        if self.number == 0 {
            found.add("/number", E::NumberZero);
        }
        if self.end_date < self.start_date {
            found.add(
                "/end_date",
                E::EndBeforeStart {
                    start: self.start_date,
                    end: self.end_date,
                },
            );
        }
        found.text("/title", &self.title);
        if let Some(venue) = &self.venue {
            found.text("/venue", venue);
        }
        self.check_program(&mut found);
        self.check_people(&mut found, known);
        self.check_documents(&mut found);
        if found.0.is_empty() {
            let mut edition = self;
            edition.program.sort_by_key(|item| (item.day, item.order));
            Ok(ValidEdition(edition))
        } else {
            Err(found.0)
        }
    }

    fn check_program(&self, found: &mut Found) {
        if self.program.is_empty() {
            found.add("/program", E::EmptyProgram);
        }
        let mut codes = BTreeSet::new();
        let mut places = BTreeSet::new();
        for (i, item) in self.program.iter().enumerate() {
            let at = format!("/program/{i}");
            if !is_code(&item.code) {
                found.add(format!("{at}/code"), E::BadCode(item.code.clone()));
            } else if !codes.insert(item.code.as_str()) {
                found.add(format!("{at}/code"), E::DuplicateCode(item.code.clone()));
            }
            if item.day < self.start_date || item.day > self.end_date {
                found.add(
                    format!("{at}/day"),
                    E::DayOutside {
                        day: item.day,
                        start: self.start_date,
                        end: self.end_date,
                    },
                );
            }
            if item.order == 0 {
                found.add(format!("{at}/order"), E::OrderZero);
            } else if !places.insert((item.day, item.order)) {
                found.add(
                    format!("{at}/order"),
                    E::DuplicateOrder {
                        day: item.day,
                        order: item.order,
                    },
                );
            }
            found.text(&format!("{at}/title"), &item.title);
            if let Some(theme) = &item.theme {
                found.text(&format!("{at}/theme"), theme);
            }
            for (q, question) in item.questions.iter().enumerate() {
                found.text(&format!("{at}/questions/{q}"), question);
            }
        }
        for (i, role) in self.roles.iter().enumerate() {
            if self.item(&role.item).is_none() {
                found.add(
                    format!("/roles/{i}/item"),
                    E::UnknownItem(role.item.clone()),
                );
            }
            found.text(&format!("/roles/{i}/affiliation"), &role.affiliation);
        }
    }

    fn check_people(&self, found: &mut Found, known: &dyn Fn(&InstitutionCode) -> bool) {
        for (path, code) in self.institution_mentions() {
            if !known(code) {
                found.add(path, E::UnknownInstitution(code.to_string()));
            }
        }
        let mut pairs = BTreeSet::new();
        for (i, s) in self.institutions.iter().enumerate() {
            if !pairs.insert((s.institution.as_str(), s.role)) {
                found.add(
                    format!("/institutions/{i}/institution"),
                    E::DuplicateInstitution(s.institution.to_string()),
                );
            }
            if let Some(note) = &s.note {
                found.text(&format!("/institutions/{i}/note"), note);
            }
        }
        let mut groups = BTreeSet::new();
        for (i, p) in self.participants.iter().enumerate() {
            let at = format!("/participants/{i}");
            if p.category.is_national() && p.country.is_none() {
                found.add(
                    format!("{at}/country"),
                    E::ParticipantCountry("a national category needs its country"),
                );
            }
            if !p.category.is_national() && p.country.is_some() {
                found.add(
                    format!("{at}/country"),
                    E::ParticipantCountry("regional and international bodies have no country"),
                );
            }
            let key = (
                p.country,
                p.category,
                p.institution.as_ref().map(|c| c.as_str()),
            );
            if !groups.insert(key) {
                found.add(at.clone(), E::DuplicateParticipants);
            }
            if let Some(label) = &p.label {
                found.text(&format!("{at}/label"), label);
            }
        }
    }

    fn check_documents(&self, found: &mut Found) {
        for (i, d) in self.documents.iter().enumerate() {
            let at = format!("/documents/{i}");
            found.text(&format!("{at}/title"), &d.title);
            if !matches!(d.language.as_str(), "fr" | "en") {
                found.add(format!("{at}/language"), E::BadLanguage(d.language.clone()));
            }
            if d.url.is_some() && d.document_id.is_some() {
                found.add(at.clone(), E::TwoPlaces);
            }
            if let Some(url) = &d.url
                && crate::WebLink::parse("url", url).is_err()
            {
                found.add(format!("{at}/url"), E::BadUrl(url.clone()));
            }
            if let Some(code) = &d.item
                && self.item(code).is_none()
            {
                found.add(format!("{at}/item"), E::UnknownItem(code.clone()));
            }
        }
    }
}
