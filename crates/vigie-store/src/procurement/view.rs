//! What one reader may see of the procurement register.

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use serde_json::Value;
use vigie_domain::{ClassificationScheme, CountryCode};
use vigie_policy::{Action, Authorizer, Decision, Principal, Resource};

use super::compiled::{Classified, award_suppliers, classification};
use super::dashboard::process_year;
use super::packed::unpack;
use futures_util::StreamExt;

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
    /// The day lists show it at and are ordered by, as the public sees it.
    date: String,
    release: Value,
    withheld: Vec<WithheldField>,
}

impl ProcessView {
    /// The process's OCDS identifier.
    pub fn ocid(&self) -> &str {
        &self.ocid
    }

    /// The day lists are ordered by (most recent first, then by ocid): the
    /// tender's start, else the release's date, as the public sees them.
    pub fn date(&self) -> &str {
        &self.date
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

/// Where a list of processes is: (day, ocid), most recent day first, then
/// by ocid.
pub type ListKey = (String, String);

/// Which rows to read.
pub(crate) enum Which<'a> {
    /// The processes of a country (or all) in the list's order, after a
    /// list key, at most `limit` of them.
    List {
        country: Option<CountryCode>,
        after: Option<&'a ListKey>,
        limit: Option<usize>,
    },
    Ocid(&'a str),
    Supplier(&'a str),
}

impl Which<'_> {
    /// Every process of `country` (or of all).
    pub(crate) fn all(country: Option<CountryCode>) -> Self {
        Which::List {
            country,
            after: None,
            limit: None,
        }
    }
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
        let processes = self.each(authorizer, actor, who, country, |p| p).await?;
        Ok(ProcurementView { processes })
    }

    /// One process as `who` may see it.
    pub async fn process(
        self,
        authorizer: &Authorizer,
        actor: &Actor,
        who: &Principal,
        ocid: &str,
    ) -> Result<ProcessView> {
        self.procurement_read(authorizer, actor, who, Which::Ocid(ocid), |p| p)
            .await?
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
        let mut processes = self
            .procurement_read(authorizer, actor, who, Which::Supplier(supplier), |p| p)
            .await?;
        processes.retain(|p| award_suppliers(&p.release).any(|s| s == supplier));
        Ok(ProcurementView { processes })
    }

    /// The processes of `country` (every country's with `None`), as `who`
    /// may see them, each made into a `T` as it is read: a download of the
    /// whole register holds its rows, never its releases.
    pub async fn each<T>(
        self,
        authorizer: &Authorizer,
        actor: &Actor,
        who: &Principal,
        country: Option<CountryCode>,
        each: impl FnMut(ProcessView) -> T,
    ) -> Result<Vec<T>> {
        self.procurement_read(authorizer, actor, who, Which::all(country), each)
            .await
    }

    /// A page of the processes of `country` (every country's with `None`)
    /// as `who` may see them, most recent first: `limit` after the list key
    /// `after`, read by seeking it in an index, and the key to ask the next
    /// page with, if there is one. Keys are public columns (the date the
    /// public sees, the ocid): they tell nobody more than the list does.
    pub async fn page(
        self,
        authorizer: &Authorizer,
        actor: &Actor,
        who: &Principal,
        country: Option<CountryCode>,
        after: Option<&ListKey>,
        limit: usize,
    ) -> Result<(Vec<ProcessView>, Option<ListKey>)> {
        let which = Which::List {
            country,
            after,
            limit: Some(limit),
        };
        let processes = self
            .procurement_read(authorizer, actor, who, which, |p| p)
            .await?;
        let last = processes
            .last()
            .filter(|_| processes.len() == limit)
            .map(|p| (p.date.clone(), p.ocid.clone()));
        let next = match last {
            // Only the page's own processes are read (and their reading
            // logged): whether one follows is asked of the index alone.
            Some(key) => {
                let (conditions, binds) = list_conditions(country, Some(&key));
                let sql = format!(
                    "SELECT p.ocid FROM procurement_processes p WHERE {} LIMIT 1",
                    conditions.join(" AND ")
                );
                let more: Option<String> = on_pool!(&self.store.db, pool => {
                    let mut query = sqlx::query_scalar(sqlx::AssertSqlSafe(sql));
                    for b in &binds {
                        query = query.bind(b.as_str());
                    }
                    query.fetch_optional(pool).await?
                });
                more.map(|_| key)
            }
            None => None,
        };
        Ok((processes, next))
    }

    async fn procurement_read<T>(
        self,
        authorizer: &Authorizer,
        actor: &Actor,
        who: &Principal,
        which: Which<'_>,
        mut each: impl FnMut(ProcessView) -> T,
    ) -> Result<Vec<T>> {
        let mut redactor = Redactor::new(self.store, authorizer, who);
        let mut shown: Vec<Event> = Vec::new();
        let mut out = Vec::new();
        self.stream(which, &mut redactor, |process, first_shown, _, redactor| {
            if let Some(at) = first_shown {
                shown.push(reading(process.ocid(), redactor.decision(at)));
            }
            out.push(each(process));
        })
        .await?;
        if !shown.is_empty() {
            self.store.record_events(actor, &shown).await?;
        }
        Ok(out)
    }

    /// Reads the processes `which` names, most recent first, a row at a
    /// time, and hands each to `each` as `redactor` redacts it, with the
    /// place of the decision that showed its first classified field and,
    /// when nothing is withheld, its JSON text ([`Redactor::redact`]).
    pub(crate) async fn stream<'r>(
        self,
        which: Which<'_>,
        redactor: &mut Redactor<'r>,
        mut each: impl FnMut(ProcessView, Option<usize>, Option<String>, &Redactor<'r>),
    ) -> Result<()> {
        const SELECT: &str = "SELECT p.ocid, p.country, p.listed, p.compiled, p.producer FROM procurement_processes p";
        const ORDER: &str = "ORDER BY p.listed DESC, p.ocid";
        let one =
            |condition: &str, value: &str| (vec![condition.to_owned()], vec![value.to_owned()]);
        let (join, (conditions, binds), limit) = match which {
            Which::List {
                country,
                after,
                limit,
            } => ("", list_conditions(country, after), limit),
            Which::Ocid(ocid) => ("", one("p.ocid = $1", ocid), None),
            Which::Supplier(id) => (
                " JOIN procurement_suppliers s ON s.ocid = p.ocid",
                one("s.supplier_id = $1", id),
                None,
            ),
        };
        let mut sql = format!("{SELECT}{join}");
        if !conditions.is_empty() {
            sql = format!("{sql} WHERE {}", conditions.join(" AND "));
        }
        sql = format!("{sql} {ORDER}");
        if let Some(n) = limit {
            sql = format!("{sql} LIMIT {n}");
        }
        on_pool!(&self.store.db, pool => {
            let mut query = sqlx::query_as::<_, (String, String, Option<String>, Vec<u8>, String)>(sqlx::AssertSqlSafe(sql));
            for b in &binds {
                query = query.bind(b.as_str());
            }
            // The rows ready, taken together: a row taken alone from a
            // full channel wakes the database's thread for the next one,
            // a context switch per process (a sixth of a pass over the
            // register).
            let mut rows = query.fetch(pool).ready_chunks(ROWS_AT_ONCE);
            while let Some(ready) = rows.next().await {
                for row in ready {
                    let (ocid, country, date, compiled, producer) = row?;
                    let date = date.unwrap_or_default();
                    let (process, first_shown, text) = redactor.redact(ocid, &country, date, compiled, producer).await?;
                    each(process, first_shown, text, redactor);
                }
            }
        });
        Ok(())
    }
}

/// Rows of a stream handled at once, at most: more than the database
/// driver's channel holds (50).
const ROWS_AT_ONCE: usize = 64;

/// The conditions (and their values, `$1`…) of a list of the processes of
/// `country` (or all) after the list key `after`.
fn list_conditions(
    country: Option<CountryCode>,
    after: Option<&ListKey>,
) -> (Vec<String>, Vec<String>) {
    let mut binds = Vec::new();
    let mut conditions = Vec::new();
    if let Some(c) = country {
        binds.push(c.to_string());
        conditions.push("p.country = $1".to_owned());
    }
    if let Some((date, ocid)) = after {
        binds.extend([date.clone(), date.clone(), ocid.clone()]);
        let n = binds.len();
        conditions.push(format!(
            "(p.listed < ${} OR (p.listed = ${} AND p.ocid > ${n}))",
            n - 2,
            n - 1
        ));
    }
    (conditions, binds)
}

/// What a classified field's decision depends on besides the reader: the
/// buyer's country, the field's level there, the producing service and the
/// process's year. Policies never read the process's id, so one decision
/// serves every field of the register with the same four (decision 0029).
pub(crate) type Judged = (CountryCode, String, String, i32);

/// Redacts processes for one reader, asking Cedar once per [`Judged`].
pub(crate) struct Redactor<'a> {
    store: &'a crate::Store,
    authorizer: &'a Authorizer,
    who: &'a Principal,
    schemes: HashMap<CountryCode, Option<ClassificationScheme>>,
    /// Every decision asked so far, in the order first asked, with the
    /// process it was first asked for.
    decisions: Vec<(Judged, String, Decision)>,
    index: HashMap<Judged, usize>,
}

impl<'a> Redactor<'a> {
    pub(crate) fn new(
        store: &'a crate::Store,
        authorizer: &'a Authorizer,
        who: &'a Principal,
    ) -> Self {
        Redactor {
            store,
            authorizer,
            who,
            schemes: HashMap::new(),
            decisions: Vec::new(),
            index: HashMap::new(),
        }
    }

    /// The decisions asked, in the order first asked.
    pub(crate) fn decisions(&self) -> &[(Judged, String, Decision)] {
        &self.decisions
    }

    /// A decision asked before, by its place in [`Redactor::decisions`].
    pub(crate) fn decision(&self, at: usize) -> &Decision {
        &self.decisions[at].2
    }

    /// The reader's decision on `judged` (asked of Cedar the first time):
    /// its place in [`Redactor::decisions`].
    pub(crate) async fn decide(&mut self, judged: &Judged, ocid: &str) -> Result<usize> {
        if let Some(&at) = self.index.get(judged) {
            return Ok(at);
        }
        let (country, level, producer, year) = judged;
        if let Entry::Vacant(slot) = self.schemes.entry(*country) {
            slot.insert(self.store.classification_scheme(*country).await?);
        }
        let scheme_level = self
            .schemes
            .get(country)
            .and_then(Option::as_ref)
            .and_then(|s| s.level(level))
            .ok_or_else(|| StoreError::Corrupt(format!("{ocid}: level {level}")))?;
        let resource = Resource::procurement_field(ocid, scheme_level, producer, *year);
        let decision = self
            .authorizer
            .decide(self.who, Action::Consult, &resource, None);
        let at = self.decisions.len();
        self.decisions
            .push((judged.clone(), ocid.to_owned(), decision));
        self.index.insert(judged.clone(), at);
        Ok(at)
    }

    /// A stored process as the reader may see it; the place of the
    /// decision that showed the reader its first classified field, if one
    /// did (the reading to log); and, when nothing is withheld, the stored
    /// JSON text, which is the release as the reader sees it (it was
    /// written by `serde_json` from a `Value`: reading and writing it again
    /// gives the same bytes), for who would serialize it again.
    pub(crate) async fn redact(
        &mut self,
        ocid: String,
        country: &str,
        date: String,
        compiled: Vec<u8>,
        producer: String,
    ) -> Result<(ProcessView, Option<usize>, Option<String>)> {
        let country: CountryCode = country
            .parse()
            .map_err(|_| StoreError::Corrupt(format!("{ocid}: country")))?;
        let text = unpack(compiled, &ocid)?;
        let mut release: Value =
            serde_json::from_str(&text).map_err(|e| StoreError::Corrupt(format!("{ocid}: {e}")))?;
        let classified = classification(&release);
        let mut withheld = Vec::new();
        let mut remove = Vec::new();
        let mut shown = None;
        if !classified.is_empty() {
            // The year a process's classified fields are judged in.
            let year = process_year(&release).unwrap_or(0);
            for Classified { path, level } in classified {
                let judged = (country, level, producer.clone(), year);
                let at = self.decide(&judged, &ocid).await?;
                if self.decision(at).permit {
                    shown.get_or_insert(at);
                } else {
                    remove.push(path.clone());
                    withheld.push(WithheldField {
                        path,
                        level: judged.1,
                        pointers: Vec::new(),
                    });
                }
            }
        }
        let text = remove.is_empty().then_some(text);
        let remove: Vec<&str> = remove.iter().map(String::as_str).collect();
        // By identity, never by position (decision 0014).
        vigie_ocds::redact(&mut release, &remove);
        for w in &mut withheld {
            w.pointers = vigie_ocds::locate(&release, &w.path);
        }
        let process = ProcessView {
            ocid,
            country,
            date,
            release,
            withheld,
        };
        Ok((process, shown, text))
    }
}

/// A reader's reading of a process whose classified field `decision`
/// showed them: the trail's entry.
pub(crate) fn reading(ocid: &str, decision: &Decision) -> Event {
    Event {
        action: "read",
        object_type: "procurement_process",
        object_id: ocid.to_owned(),
        decision: Some(logged(decision)),
    }
}
