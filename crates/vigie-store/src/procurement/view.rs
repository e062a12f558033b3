//! What one reader may see of the procurement register.

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use serde_json::Value;
use vigie_domain::{ClassificationScheme, CountryCode};
use vigie_policy::{Action, Authorizer, Decision, Principal, Resource};

use super::compiled::{Classified, award_suppliers, classification};
use super::dashboard::process_year;
use super::packed::unpack;
use crate::db::on_pool;
use crate::documents::logged;
use crate::log::{Actor, Event};
use crate::procurement::Procurement;
use crate::{Result, StoreError};

/// A classified field kept from the reader: where it was and its level.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct WithheldField {
    /// Its classification path in the compiled release, array items named
    /// by id (`/awards/id=A-1/value`, decision 0014).
    pub path: String,
    /// The level's code in the buyer's country's scheme.
    pub level: String,
    /// Where it would be in the redacted release the reader gets, as RFC
    /// 6901 pointers, for pages that mark it in place
    /// (`/awards/1/value`): none when its item was withheld whole, several
    /// when its id repeats. Positions of the redacted release, valid only
    /// for it, so not part of the API.
    #[serde(skip)]
    pub pointers: Vec<String>,
}

/// One contracting process as one reader may see it: its compiled release
/// without the fields the reader may not see. There is no accessor for the
/// unredacted release.
#[derive(Debug, Clone)]
pub struct ProcessView {
    ocid: String,
    country: CountryCode,
    release: Value,
    withheld: Vec<WithheldField>,
}

impl ProcessView {
    /// The process's OCDS identifier.
    pub fn ocid(&self) -> &str {
        &self.ocid
    }

    /// The buyer's state.
    pub fn country(&self) -> CountryCode {
        self.country
    }

    /// The compiled release, redacted for this reader.
    pub fn release(&self) -> &Value {
        &self.release
    }

    /// The classified fields removed from it.
    pub fn withheld(&self) -> &[WithheldField] {
        &self.withheld
    }
}

/// Several processes as one reader may see them.
#[derive(Debug, Clone, Default)]
pub struct ProcurementView {
    processes: Vec<ProcessView>,
}

impl ProcurementView {
    /// The processes, most recent first.
    pub fn processes(&self) -> &[ProcessView] {
        &self.processes
    }

    /// The processes of one country, from a view of several: pages that
    /// show every country read the register (and log a cleared reader's
    /// reading) once.
    pub fn of_country(&self, country: CountryCode) -> ProcurementView {
        ProcurementView {
            processes: self
                .processes
                .iter()
                .filter(|p| p.country == country)
                .cloned()
                .collect(),
        }
    }

    /// Whether any field of any process is kept from the reader.
    pub fn is_partial(&self) -> bool {
        self.processes.iter().any(|p| !p.withheld.is_empty())
    }
}

/// Which rows to read.
enum Which<'a> {
    Country(Option<CountryCode>),
    Ocid(&'a str),
    Supplier(&'a str),
}

impl Procurement<'_> {
    /// The processes of `country` (every country's with `None`), as `who`
    /// may see them.
    pub async fn view(
        self,
        authorizer: &Authorizer,
        actor: &Actor,
        who: &Principal,
        country: Option<CountryCode>,
    ) -> Result<ProcurementView> {
        self.procurement_read(authorizer, actor, who, Which::Country(country))
            .await
    }

    /// One process as `who` may see it.
    pub async fn process(
        self,
        authorizer: &Authorizer,
        actor: &Actor,
        who: &Principal,
        ocid: &str,
    ) -> Result<ProcessView> {
        self.procurement_read(authorizer, actor, who, Which::Ocid(ocid))
            .await?
            .processes
            .pop()
            .ok_or_else(|| StoreError::NotFound {
                kind: "contracting process",
                key: ocid.to_owned(),
            })
    }

    /// The processes a supplier was awarded, as `who` may see them: a
    /// process whose award to this supplier is withheld is left out.
    pub async fn supplier(
        self,
        authorizer: &Authorizer,
        actor: &Actor,
        who: &Principal,
        supplier: &str,
    ) -> Result<ProcurementView> {
        let mut view = self
            .procurement_read(authorizer, actor, who, Which::Supplier(supplier))
            .await?;
        view.processes
            .retain(|p| award_suppliers(&p.release).any(|s| s == supplier));
        Ok(view)
    }

    async fn procurement_read(
        self,
        authorizer: &Authorizer,
        actor: &Actor,
        who: &Principal,
        which: Which<'_>,
    ) -> Result<ProcurementView> {
        const SELECT: &str =
            "SELECT p.ocid, p.country, p.compiled, p.producer FROM procurement_processes p";
        let rows: Vec<(String, String, Vec<u8>, String)> = on_pool!(&self.store.db, pool => {
            match which {
                Which::Country(None) => sqlx::query_as(sqlx::AssertSqlSafe(format!("{SELECT} ORDER BY p.date DESC, p.ocid")))
                    .fetch_all(pool).await?,
                Which::Country(Some(c)) => sqlx::query_as(sqlx::AssertSqlSafe(format!("{SELECT} WHERE p.country = $1 ORDER BY p.date DESC, p.ocid")))
                    .bind(c.as_str()).fetch_all(pool).await?,
                Which::Ocid(ocid) => sqlx::query_as(sqlx::AssertSqlSafe(format!("{SELECT} WHERE p.ocid = $1")))
                    .bind(ocid).fetch_all(pool).await?,
                Which::Supplier(id) => sqlx::query_as(sqlx::AssertSqlSafe(format!(
                    "{SELECT} JOIN procurement_suppliers s ON s.ocid = p.ocid WHERE s.supplier_id = $1 ORDER BY p.date DESC, p.ocid")))
                    .bind(id).fetch_all(pool).await?,
            }
        });
        let mut schemes: HashMap<CountryCode, Option<ClassificationScheme>> = HashMap::new();
        let mut decisions: HashMap<(CountryCode, String, String, i32), Decision> = HashMap::new();
        let mut shown: Vec<Event> = Vec::new();
        let mut processes = Vec::with_capacity(rows.len());
        for (ocid, country, compiled, producer) in rows {
            let country: CountryCode = country
                .parse()
                .map_err(|_| StoreError::Corrupt(format!("{ocid}: country")))?;
            let mut release: Value = serde_json::from_str(&unpack(compiled, &ocid)?)
                .map_err(|e| StoreError::Corrupt(format!("{ocid}: {e}")))?;
            let classified = classification(&release);
            let mut withheld = Vec::new();
            let mut remove = Vec::new();
            let mut shown_here: Option<Decision> = None;
            if !classified.is_empty() {
                if let Entry::Vacant(slot) = schemes.entry(country) {
                    slot.insert(self.store.classification_scheme(country).await?);
                }
                // The year a process's classified fields are judged in.
                let year = process_year(&release).unwrap_or(0);
                for Classified { path, level } in classified {
                    let decision =
                        match decisions.get(&(country, level.clone(), producer.clone(), year)) {
                            Some(d) => d.clone(),
                            None => {
                                let scheme_level = schemes
                                    .get(&country)
                                    .and_then(Option::as_ref)
                                    .and_then(|s| s.level(&level))
                                    .ok_or_else(|| {
                                        StoreError::Corrupt(format!("{ocid}: level {level}"))
                                    })?;
                                let resource = Resource::procurement_field(
                                    &ocid,
                                    scheme_level,
                                    &producer,
                                    year,
                                );
                                let d = authorizer.decide(who, Action::Consult, &resource, None);
                                decisions.insert(
                                    (country, level.clone(), producer.clone(), year),
                                    d.clone(),
                                );
                                d
                            }
                        };
                    if decision.permit {
                        shown_here.get_or_insert(decision);
                    } else {
                        remove.push(path.clone());
                        withheld.push(WithheldField {
                            path,
                            level,
                            pointers: Vec::new(),
                        });
                    }
                }
            }
            let remove: Vec<&str> = remove.iter().map(String::as_str).collect();
            // By identity, never by position (decision 0014).
            vigie_ocds::redact(&mut release, &remove);
            for w in &mut withheld {
                w.pointers = vigie_ocds::locate(&release, &w.path);
            }
            if let Some(decision) = shown_here {
                shown.push(Event {
                    action: "read",
                    object_type: "procurement_process",
                    object_id: ocid.clone(),
                    decision: Some(logged(&decision)),
                });
            }
            processes.push(ProcessView {
                ocid,
                country,
                release,
                withheld,
            });
        }
        if !shown.is_empty() {
            self.store.record_events(actor, &shown).await?;
        }
        Ok(ProcurementView { processes })
    }
}
