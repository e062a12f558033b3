//! A process's compiled release as stored: compiled from its releases, with
//! the columns lists select on, and its state for the log.

use std::collections::HashMap;

use serde_json::Value;
use vigie_domain::CountryCode;

use crate::log::state;
use crate::procurement::Procurement;
use crate::procurement::packed::unpack;

/// One entry of a process's `classification` list: the field at a
/// classification path (a JSON pointer whose steps into arrays name items
/// by `id`, decision 0014) into the compiled release, and its level in the
/// buyer's country's scheme.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub struct Classified {
    /// A classification path (`/tender/exemption/justification`,
    /// `/awards/id=A-1/value`); a release may give positions, the compiled
    /// list has ids.
    pub path: String,
    /// The level's code (`CD`).
    pub level: String,
}

/// The `classification` list of a release or compiled release; entries
/// that are not `{path, level}` strings are left to the validator.
pub(crate) fn classification(release: &Value) -> Vec<Classified> {
    release
        .get("classification")
        .and_then(Value::as_array)
        .map(|list| {
            list.iter()
                .filter_map(|c| serde_json::from_value(c.clone()).ok())
                .collect()
        })
        .unwrap_or_default()
}

/// Compiles a process's releases. The OCDS merge replaces an array without
/// identifiers whole, so the `classification` list would be only the latest
/// release's: a field classified once stays classified, so the compiled list
/// is the union of every release's.
///
/// Each entry is read against the release that declares it
/// ([`vigie_ocds::identify`], decision 0014): a position into an array is
/// that release's, not the compiled release's, which the merge orders by
/// first appearance and by date. So `/awards/0/value` becomes the path of
/// that award's id, and stays on that award whatever later releases do.
pub(crate) fn compile(releases: Vec<Value>) -> Value {
    let mut all: Vec<Classified> = releases
        .iter()
        .flat_map(|release| {
            classification(release).into_iter().map(|c| Classified {
                path: vigie_ocds::identify(release, &c.path),
                level: c.level,
            })
        })
        .collect();
    all.sort();
    all.dedup();
    let mut compiled = vigie_ocds::compile_owned(releases);
    if let Some(object) = compiled.as_object_mut() {
        if all.is_empty() {
            object.remove("classification");
        } else {
            let list = serde_json::to_value(&all).unwrap_or(Value::Null);
            object.insert("classification".to_owned(), list);
        }
    }
    compiled
}

/// The ids of the suppliers the release's awards name.
pub(crate) fn award_suppliers(release: &Value) -> impl Iterator<Item = &str> {
    release
        .get("awards")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .flat_map(award_supplier_ids)
}

/// The ids of the suppliers one award names (those given without an id
/// are left out).
pub fn award_supplier_ids(award: &Value) -> impl Iterator<Item = &str> {
    award
        .get("suppliers")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|s| s.get("id").and_then(Value::as_str))
}

/// The day a list shows for a process: its tender's start, else its date,
/// cut to the day.
pub fn listed_day(release: &Value) -> &str {
    let date = ["/tender/tenderPeriod/startDate", "/date"]
        .iter()
        .map(|p| text(release, p))
        .find(|d| !d.is_empty())
        .unwrap_or("");
    date.get(..10).unwrap_or(date)
}

fn text<'a>(v: &'a Value, pointer: &str) -> &'a str {
    v.pointer(pointer).and_then(Value::as_str).unwrap_or("")
}

/// The columns of `procurement_processes` besides the compiled release,
/// read from the release **as the public sees it** (every classified field
/// removed), since lists show them to everyone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Columns {
    pub country: CountryCode,
    pub buyer_id: String,
    pub buyer_name: String,
    pub title: String,
    pub method: String,
    pub derogatory: bool,
    pub date: String,
    /// The day lists show and are ordered by: the tender's start, else the
    /// release's date (`YYYY-MM-DD`).
    pub listed: String,
    /// Suppliers named by the awards.
    pub suppliers: Vec<String>,
}

impl Columns {
    /// `public` is the compiled release with every classified field removed.
    pub(crate) fn of(country: CountryCode, public: &Value) -> Columns {
        let title = [
            "/tender/title",
            "/awards/0/title",
            "/contracts/0/title",
            "/title",
        ]
        .iter()
        .map(|p| text(public, p))
        .find(|t| !t.is_empty())
        .unwrap_or("");
        let mut suppliers: Vec<String> = award_suppliers(public).map(str::to_owned).collect();
        suppliers.sort();
        suppliers.dedup();
        Columns {
            country,
            buyer_id: text(public, "/buyer/id").to_owned(),
            buyer_name: text(public, "/buyer/name").to_owned(),
            title: title.to_owned(),
            method: text(public, "/tender/procurementMethod").to_owned(),
            derogatory: public
                .pointer("/tender/exemption")
                .is_some_and(Value::is_object),
            date: text(public, "/date").to_owned(),
            listed: listed_day(public).to_owned(),
            suppliers,
        }
    }
}

/// The log's state of a process: its releases as stored (id order), its
/// compiled release, the service that recorded it and its suppliers' index
/// rows (sorted). Any of them changed behind the log's back no longer
/// matches. (A process the operator loaded has no service, and its state is
/// what it was before services were recorded.)
pub(crate) fn process_state(
    ocid: &str,
    country: &str,
    producer: &str,
    releases: &[(String, String)],
    compiled: &str,
    suppliers: &[String],
) -> [u8; 32] {
    let mut process = vec![("ocid", ocid), ("country", country), ("compiled", compiled)];
    if !producer.is_empty() {
        process.push(("producer", producer));
    }
    let mut rows: Vec<Vec<(&str, &str)>> = vec![process];
    rows.extend(
        releases
            .iter()
            .map(|(id, body)| vec![("release_id", id.as_str()), ("body", body.as_str())]),
    );
    let suppliers = suppliers
        .iter()
        .map(|s| vec![("supplier_id", s.as_str())])
        .collect();
    state::rows("procurement_process", &[rows, suppliers])
}

impl Procurement<'_> {
    /// (kind, ocid, state) of every stored process, for `vigie log verify`:
    /// read [`STATES_BATCH`] processes at a time in ocid order, with their
    /// releases and suppliers, so that verifying a national store holds a
    /// batch of processes in memory, not all of them.
    pub(crate) async fn states(self) -> crate::Result<Vec<(&'static str, String, [u8; 32])>> {
        let mut out = Vec::new();
        let mut after: Option<String> = None;
        loop {
            let sql = format!(
                "SELECT ocid, country, compiled, producer FROM procurement_processes WHERE ocid {} $1 ORDER BY ocid LIMIT {STATES_BATCH}",
                if after.is_some() { ">" } else { ">=" }
            );
            let processes: Vec<(String, String, Vec<u8>, String)> = crate::db::on_pool!(&self.store.db, pool => {
                sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(after.as_deref().unwrap_or_default()).fetch_all(pool).await?
            });
            let (Some(first), Some(last)) = (processes.first(), processes.last()) else {
                return Ok(out);
            };
            let range = (first.0.clone(), last.0.clone());
            let releases: Vec<(String, String, Vec<u8>)> = crate::db::on_pool!(&self.store.db, pool => {
                sqlx::query_as("SELECT ocid, release_id, body FROM ocds_releases WHERE ocid >= $1 AND ocid <= $2 ORDER BY ocid, release_id")
                    .bind(&range.0).bind(&range.1).fetch_all(pool).await?
            });
            let suppliers: Vec<(String, String)> = crate::db::on_pool!(&self.store.db, pool => {
                sqlx::query_as("SELECT ocid, supplier_id FROM procurement_suppliers WHERE ocid >= $1 AND ocid <= $2 ORDER BY ocid, supplier_id")
                    .bind(&range.0).bind(&range.1).fetch_all(pool).await?
            });
            let mut by_ocid: HashMap<String, Vec<(String, String)>> = HashMap::new();
            for (ocid, id, body) in releases {
                let body = unpack(body, &ocid)?;
                by_ocid.entry(ocid).or_default().push((id, body));
            }
            let mut suppliers_of: HashMap<String, Vec<String>> = HashMap::new();
            for (ocid, id) in suppliers {
                suppliers_of.entry(ocid).or_default().push(id);
            }
            after = Some(range.1);
            for (ocid, country, compiled, producer) in processes {
                let compiled = unpack(compiled, &ocid)?;
                let releases = by_ocid.remove(&ocid).unwrap_or_default();
                let suppliers = suppliers_of.remove(&ocid).unwrap_or_default();
                let h = process_state(&ocid, &country, &producer, &releases, &compiled, &suppliers);
                out.push(("procurement_process", ocid, h));
            }
        }
    }
}

/// Processes whose states `verify` computes together.
const STATES_BATCH: usize = 1000;

impl Procurement<'_> {
    /// Gives `listed` to the processes stored before migration 0022 had
    /// it, a thousand at a time: read from each compiled release as the
    /// public sees it, as an import writes it.
    pub(crate) async fn backfill_listed(self) -> crate::Result<()> {
        loop {
            let rows: Vec<(String, Vec<u8>)> = crate::db::on_pool!(&self.store.db, pool => {
                sqlx::query_as("SELECT ocid, compiled FROM procurement_processes WHERE listed IS NULL LIMIT 1000")
                    .fetch_all(pool)
                    .await?
            });
            if rows.is_empty() {
                return Ok(());
            }
            for (ocid, compiled) in rows {
                let mut release: Value = serde_json::from_str(&unpack(compiled, &ocid)?)
                    .map_err(|e| crate::StoreError::Corrupt(format!("{ocid}: {e}")))?;
                let classified = classification(&release);
                let paths: Vec<&str> = classified.iter().map(|c| c.path.as_str()).collect();
                vigie_ocds::redact(&mut release, &paths);
                let listed = listed_day(&release);
                crate::db::on_pool!(&self.store.db, pool => {
                    sqlx::query("UPDATE procurement_processes SET listed = $1 WHERE ocid = $2")
                        .bind(listed)
                        .bind(&ocid)
                        .execute(pool)
                        .await?;
                });
            }
        }
    }
}
