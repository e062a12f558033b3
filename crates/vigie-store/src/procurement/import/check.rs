//! What each release of a file must agree with: the schema's verdict, the
//! instance's countries and classification levels, and whose the process
//! is (a Cedar `write` decision on the process as stored).

use std::collections::hash_map::Entry;
use std::collections::{BTreeSet, HashMap};

use vigie_domain::{ClassificationLevel, ClassificationScheme, CountryCode};
use vigie_import::ImportError;
use vigie_policy::{Action, Resource};

use super::read::{Facts, Item};
use crate::demo::files::DemoCountry;
use crate::procurement::Procurement;
use crate::procurement::compiled::{self, Classified};
use crate::procurement::packed::unpack;
use crate::{Result, StoreError, Writer};

/// What the store knows that each release must agree with.
pub(super) struct Reference {
    pub(super) known: BTreeSet<CountryCode>,
    pub(super) missing: HashMap<CountryCode, DemoCountry>,
    pub(super) schemes: HashMap<CountryCode, Option<ClassificationScheme>>,
    /// Each process the file names, as stored (or as its first release in
    /// the file makes it): whose it is is fixed from then on. Past a bound,
    /// those the import can read back (in its transaction) are let go.
    pub(super) owners: HashMap<String, Owner>,
    /// Whether a release was refused for what its writer may not write.
    pub(super) refused: bool,
}

/// Whose a process is, and what of it is classified: what a write to it
/// is decided against.
#[derive(Debug, Clone)]
pub(super) struct Owner {
    /// Fixed when the process is first stored.
    pub(super) country: CountryCode,
    /// The service that first stored it; empty for the operator's.
    pub(super) producer: String,
    /// Its classified fields so far.
    pub(super) classified: Vec<Classified>,
    /// Stored before this import (else first named by this file).
    pub(super) stored: bool,
}

impl Procurement<'_> {
    /// Checks one release: the OCDS schema, then what the store knows (its
    /// country, the levels its classification names).
    pub(super) async fn check(
        self,
        reference: &mut Reference,
        writer: Writer<'_>,
        file_name: &str,
        item: &Item,
    ) -> std::result::Result<Checked, Vec<ImportError>> {
        let facts = &item.facts;
        let record = facts.ocid.as_str();
        let error = |path: &str, reason: String| ImportError {
            file: file_name.to_owned(),
            location: item.location.clone(),
            column: format!("{}{path}", item.pointer),
            reason,
            record: record.to_owned(),
            ..Default::default()
        };
        let mut errors: Vec<ImportError> = item
            .schema
            .iter()
            .map(|(path, reason)| error(path, reason.clone()))
            .collect();
        let country = match facts.country.as_deref() {
            None => {
                errors.push(error(
                    "/country",
                    "missing: each release names its buyer's state (ISO 3166-1 alpha-3, Vigie extension, decision 0011); for a publication made without it, import with `--country ISO3`".into(),
                ));
                None
            }
            Some(code) => match code.parse::<CountryCode>() {
                Err(e) => {
                    errors.push(error("/country", e.to_string()));
                    None
                }
                Ok(c) if !reference.known.contains(&c) => {
                    errors.push(error(
                        "/country",
                        format!("{c} is not a country of this instance"),
                    ));
                    None
                }
                Ok(c) => match writer.country() {
                    Some(own) if c != own => {
                        reference.refused = true;
                        errors.push(error(
                            "/country",
                            format!("{c}: your institution may import only its own country's contracts ({own})"),
                        ));
                        None
                    }
                    _ => Some(c),
                },
            },
        };
        let classified = &facts.classified;
        if let Some(country) = country {
            if let Entry::Vacant(slot) = reference.schemes.entry(country) {
                let scheme = self
                    .store
                    .classification_scheme(country)
                    .await
                    .map_err(|e| vec![error("/classification", e.to_string())])?;
                slot.insert(scheme);
            }
            let scheme = reference.schemes.get(&country).and_then(Option::as_ref);
            for (i, c) in classified.iter().enumerate() {
                if !c.path.starts_with('/') {
                    errors.push(error(
                        &format!("/classification/{i}/path"),
                        format!("`{}` is not a JSON pointer (it starts with `/`)", c.path),
                    ));
                } else if c.path.split('/').any(|step| step == "id=") {
                    errors.push(error(
                        &format!("/classification/{i}/path"),
                        format!(
                            "`{}` names an item by an empty id (`id=` needs the item's `id`)",
                            c.path
                        ),
                    ));
                }
                match scheme {
                    None => errors.push(error(
                        &format!("/classification/{i}/level"),
                        format!("{country} has no classification scheme: import one with `vigie classification import`"),
                    )),
                    Some(s) if s.level(&c.level).is_none() => errors.push(error(
                        &format!("/classification/{i}/level"),
                        format!("`{}` is not a level of {country}", c.level),
                    )),
                    Some(_) => {}
                }
            }
        }
        if let Some(c) = country
            && errors.is_empty()
        {
            let reasons = self
                .authorize_release(reference, writer, c, facts)
                .await
                .map_err(|e| vec![error("/ocid", e.to_string())])?;
            reference.refused |= !reasons.is_empty();
            errors.extend(
                reasons
                    .into_iter()
                    .map(|(path, reason)| error(&path, reason)),
            );
        }
        match country {
            Some(country) if errors.is_empty() => Ok(Checked {
                ocid: facts.ocid.clone(),
                id: facts.id.clone(),
                date: facts.date.clone(),
                country,
            }),
            _ => Err(errors),
        }
    }
}

impl Reference {
    /// The processes `batch` names that this import has not met yet (or has
    /// let go of), each once: whose they are is read from the store.
    pub(super) fn wanted<'a>(&self, batch: &'a [Box<Item>]) -> Vec<&'a str> {
        let mut wanted: Vec<&str> = batch
            .iter()
            .map(|item| item.facts.ocid.as_str())
            .filter(|ocid| !self.owners.contains_key(*ocid))
            .collect();
        wanted.sort_unstable();
        wanted.dedup();
        wanted
    }

    /// Keeps whose each process of `rows` (ocid, country, producer,
    /// compiled) is; `written_here` tells a process this import wrote.
    pub(super) fn keep_owners(
        &mut self,
        rows: Vec<(String, String, String, Vec<u8>)>,
        written_here: impl Fn(&str) -> bool,
    ) -> Result<()> {
        for (ocid, country, producer, compiled) in rows {
            let owner = Owner {
                country: country
                    .parse()
                    .map_err(|_| StoreError::Corrupt(format!("{ocid}: country")))?,
                producer,
                classified: compiled::classification(
                    &serde_json::from_str(&unpack(compiled, &ocid)?)
                        .map_err(|e| StoreError::Corrupt(format!("{ocid}: {e}")))?,
                ),
                stored: !written_here(&ocid),
            };
            self.owners.insert(ocid, owner);
        }
        Ok(())
    }
}

impl Procurement<'_> {
    /// Whose the process is (stored, or first named by this file), and
    /// whether `writer` may write this release to it: the process keeps its
    /// country whoever writes; a user's write is a Cedar `write` decision on
    /// the process as stored, and each field it classifies anew a `classify`
    /// decision. Returns the refusals, each with its JSON path.
    async fn authorize_release(
        self,
        reference: &mut Reference,
        writer: Writer<'_>,
        country: CountryCode,
        facts: &Facts,
    ) -> Result<Vec<(String, String)>> {
        let ocid = facts.ocid.as_str();
        if !reference.owners.contains_key(ocid) {
            // Not stored (`find_owners` looked): this file's first
            // release of it makes it the writer's.
            let owner = Owner {
                country,
                producer: writer.service().to_owned(),
                classified: Vec::new(),
                stored: false,
            };
            reference.owners.insert(ocid.to_owned(), owner);
        }
        let owner = &reference.owners[ocid];
        if owner.country != country {
            return Ok(vec![(
                "/country".to_owned(),
                format!(
                    "`{ocid}` is a contracting process of {}: a release cannot move it to {country} \
                     (a record's country is fixed when it is first stored)",
                    owner.country
                ),
            )]);
        }
        let scheme = reference.schemes.get(&country).and_then(Option::as_ref);
        let level_of = |code: &str| match scheme {
            Some(s) => s.level(code),
            None => None,
        };
        let year = facts.year.unwrap_or(0);
        let highest = owner
            .classified
            .iter()
            .filter_map(|c| level_of(&c.level))
            .max_by_key(|l| l.rank())
            .unwrap_or(ClassificationLevel::public_of(country));
        let process = Resource::procurement_field(ocid, highest, &owner.producer, year);
        if writer.decide(Action::Write, &process, None).is_err() {
            let why = match writer {
                Writer::User { principal, .. }
                    if !owner.producer.is_empty() && owner.producer != principal.institution =>
                {
                    format!(
                        "it was recorded by {}, and only that service may change it",
                        owner.producer
                    )
                }
                _ if writer.clearance().is_some_and(|c| c < highest.rank()) => {
                    "it holds fields classified above your clearance".to_owned()
                }
                _ => format!(
                    "only a producer of {country} (or an administrator, for a public process no \
                     service recorded) may change it"
                ),
            };
            return Ok(vec![(
                "/ocid".to_owned(),
                format!("`{ocid}`: your account may not change this process: {why}"),
            )]);
        }
        let mut refused = Vec::new();
        let mut newly = Vec::new();
        for (i, (c, identified)) in facts.classified.iter().zip(&facts.identified).enumerate() {
            // Compared as stored: array items by id, read against this
            // release (decision 0014), else a position would seem new.
            let c = Classified {
                path: identified.clone(),
                ..c.clone()
            };
            if owner.classified.contains(&c) {
                continue;
            }
            let Some(to) = level_of(&c.level) else {
                continue; // named by `check`
            };
            // The field's level so far: the highest any release gave it.
            let from = owner
                .classified
                .iter()
                .filter(|o| o.path == c.path)
                .filter_map(|o| level_of(&o.level))
                .max_by_key(|l| l.rank())
                .unwrap_or(ClassificationLevel::public_of(country));
            let field = Resource::procurement_field(ocid, from, &owner.producer, year);
            if to.rank() > from.rank()
                && writer
                    .decide(Action::Classify, &field, Some(to.rank()))
                    .is_err()
            {
                refused.push((
                    format!("/classification/{i}/level"),
                    format!(
                        "`{}`: your account may not classify `{}` at this level (a classification \
                         authority of {country} may, within its clearance)",
                        c.level, c.path
                    ),
                ));
            }
            newly.push(c);
        }
        if let Some(owner) = reference.owners.get_mut(ocid) {
            owner.classified.extend(newly);
        }
        Ok(refused)
    }
}

/// A release that passed every check.
pub(super) struct Checked {
    pub(super) ocid: String,
    pub(super) id: String,
    pub(super) date: String,
    pub(super) country: CountryCode,
}
