//! The procurement pages and API: the dashboard against figures computed by
//! hand, the pages in both languages on the demo, the downloads, and the
//! secrecy of a classified justification.

use std::io::Cursor;

use rust_decimal::Decimal;
use serde_json::{Value, json};
use vigie_store::Actor;
use vigie_store::ImportMode;

use crate::support::{Reply, TestApp};

mod api;
mod import;
mod pages;
mod real;
pub(crate) mod secrecy;

/// Imports releases (a package) into the application's store.
pub(crate) async fn import(app: &TestApp, releases: Vec<Value>) {
    let bytes = serde_json::to_vec(&json!({
        "uri": "https://example.org/vigie-test.json",
        "publishedDate": "2024-01-01T00:00:00Z",
        "version": "1.1",
        "releases": releases,
    }))
    .unwrap();
    app.db
        .store
        .procurement()
        .import(
            &Actor::System,
            "t.json",
            Cursor::new(bytes),
            ImportMode::Apply,
            &mut |_| {},
        )
        .await
        .unwrap();
}

/// A compiled-like release: one per process, so the figures do not depend
/// on how releases are merged.
pub(crate) fn release(country: &str, ocid: &str, year: i32, extra: Value) -> Value {
    let mut r = json!({
        "ocid": ocid,
        "id": format!("{ocid}-full"),
        "date": format!("{year}-06-01T00:00:00Z"),
        "tag": ["tender", "award", "contract"],
        "initiationType": "tender",
        "country": country,
        "buyer": {"id": format!("{country}-BUYER"), "name": format!("Acheteur {country}")},
        "tender": {
            "id": format!("{ocid}-tender"),
            "title": format!("Objet {ocid}"),
            "procurementMethod": "open",
            "tenderPeriod": {"startDate": format!("{year}-03-01T00:00:00Z")},
        },
    });
    merge(&mut r, extra);
    r
}

fn merge(into: &mut Value, from: Value) {
    match (into, from) {
        (Value::Object(a), Value::Object(b)) => {
            for (k, v) in b {
                merge(a.entry(k).or_insert(Value::Null), v);
            }
        }
        (slot, v) => *slot = v,
    }
}

/// An award (and its contract) of `amount` in `currency` to `suppliers`.
pub(crate) fn awarded(ocid: &str, amount: i64, currency: &str, suppliers: &[&str]) -> Value {
    let value = json!({"amount": amount, "currency": currency});
    let parties: Vec<Value> = suppliers
        .iter()
        .map(|s| json!({"id": s, "name": format!("Société {s}"), "roles": ["supplier"]}))
        .collect();
    let named: Vec<Value> = suppliers
        .iter()
        .map(|s| json!({"id": s, "name": format!("Société {s}")}))
        .collect();
    json!({
        "parties": parties,
        "awards": [{"id": format!("{ocid}-a1"), "status": "active", "value": value, "suppliers": named}],
        "contracts": [{"id": format!("{ocid}-c1"), "awardID": format!("{ocid}-a1"), "value": value}],
    })
}

/// The derogatory-regime block.
pub(crate) fn exemption(justification: &str) -> Value {
    json!({"tender": {"procurementMethod": "direct", "exemption": {
        "legalBasis": "Décret illustratif, art. 3",
        "justification": justification,
        "approvingAuthority": {"id": "MIN", "name": "Ministre (illustratif)"},
        "opinion": {"body": "Commission (illustrative)", "date": "2021-01-01T00:00:00Z", "reference": "AVIS-1"},
    }}})
}

/// A decimal from the JSON (a string or a number).
pub(crate) fn dec(v: &Value) -> Decimal {
    match v {
        Value::String(s) => s.parse().unwrap(),
        Value::Number(n) => n.to_string().parse().unwrap(),
        other => panic!("not a decimal: {other}"),
    }
}

/// The text of a reply, a workbook's cells included.
pub(crate) fn text_of(reply: &Reply) -> String {
    let is_xlsx = reply
        .headers
        .get("content-type")
        .is_some_and(|ct| ct.to_str().unwrap().contains("spreadsheetml"));
    if is_xlsx {
        crate::budget::xlsx_text(&reply.bytes)
    } else {
        reply.body.clone()
    }
}
