//! Decision 0019: a file lands as its publisher meant it, every correction
//! reported; `--strict` refuses the same file; `prepare` then a strict
//! import stores what a lenient import stores.

use std::io::Cursor;

use serde_json::{Value, json};
use vigie_store::ImportMode;
use vigie_store::ImportOptions;
use vigie_store::{Actor, StoreError};

use super::{Env, package, release};

/// A tender release with what real publishers send.
fn deviant() -> Value {
    release(
        "ocds-test-lenient",
        "r1",
        "2023-05-02",
        "tender",
        json!({
            "tag": "tender",
            "tender": {
                "title": "Rations",
                "status": "Active",
                "procurementMethod": "direct-contracting",
                "value": {"amount": "1250000", "currency": "XOF"},
                "tenderers": {"id": "T1", "name": "Illustrative supplier"},
                "milestones": {},
                "documents": [{"title": "notice", "url": ""}],
            },
            "awards": [{"status": "pending", "suppliers": [{"id": 7}]}],
        }),
    )
}

#[tokio::test]
async fn a_deviant_file_lands_with_every_correction_reported() {
    let env = Env::demo().await;
    let report = env
        .import("real.json", package(&[deviant()]))
        .await
        .unwrap();
    assert_eq!(report.written, 1);
    let reported: Vec<(&str, &str)> = report
        .warnings
        .iter()
        .map(|w| (w.column.as_str(), w.reason.as_str()))
        .collect();
    for (path, reason) in [
        ("/releases/0/date", "date without a time"),
        ("/releases/0/tag", "a one-item list"),
        ("/releases/0/tender/status", "read as `active`"),
        ("/releases/0/tender/procurementMethod", "kept as given"),
        ("/releases/0/tender/value/amount", "number given as text"),
        ("/releases/0/tender/tenderers", "a one-item list"),
        ("/releases/0/tender/milestones", "read as absent"),
        ("/releases/0/tender/documents/0/url", "read as absent"),
        ("/releases/0/tender/documents/0/id", "position"),
        ("/releases/0/tender/id", "ocid"),
        ("/releases/0/awards/0/id", "position"),
    ] {
        assert!(
            reported
                .iter()
                .any(|(p, r)| *p == path && r.contains(reason)),
            "{path}: {reason} in {reported:#?}"
        );
    }
    assert_eq!(report.warnings_total, report.warnings.len() as u64);
    assert!(
        report
            .warnings
            .iter()
            .all(|w| w.record == "ocds-test-lenient")
    );
    let stored = env
        .t
        .ocds_pairs(
            "SELECT ocid, compiled FROM procurement_processes WHERE ocid = 'ocds-test-lenient'",
        )
        .await
        .unwrap();
    let compiled: Value = serde_json::from_str(&stored[0].1).unwrap();
    assert_eq!(compiled["tender"]["value"]["amount"], 1_250_000);
    assert_eq!(
        compiled["awards"][0]["suppliers"][0]["id"], "7",
        "Cardinal's ids as text"
    );
    env.t.cleanup().await.unwrap();
}

#[tokio::test]
async fn strict_refuses_what_lenient_corrects_and_stores_nothing() {
    let env = Env::demo().await;
    let before = env.count("ocds_releases").await;
    let errors = match env.import_strict("real.json", package(&[deviant()])).await {
        Err(StoreError::Rejected(errors)) => errors,
        other => panic!("expected a refusal, got {other:?}"),
    };
    assert!(
        errors
            .iter()
            .any(|e| e.column == "/releases/0/tender/value/amount")
    );
    assert!(errors.iter().any(|e| e.column == "/releases/0/date"));
    assert_eq!(env.count("ocds_releases").await, before);
    env.t.cleanup().await.unwrap();
}

#[tokio::test]
async fn an_unreadable_value_is_still_an_error() {
    let env = Env::demo().await;
    let mut bad = deviant();
    bad["tender"]["value"]["amount"] = json!("about a million");
    let errors = env.rejected("bad.json", package(&[bad])).await;
    assert!(
        errors
            .iter()
            .any(|e| e.column == "/releases/0/tender/value/amount"
                && e.record == "ocds-test-lenient"),
        "{errors:#?}"
    );
    env.t.cleanup().await.unwrap();
}

/// Cardinal's corrections only (numeric ids, an organization where a list
/// belongs): `vigie prepare` then `import --strict` stores what `import`
/// stores.
#[tokio::test]
async fn prepare_then_strict_import_stores_what_import_alone_stores() {
    let line = |ocid: &str| {
        let mut r = release(
            ocid,
            "1",
            "2023-05-02T00:00:00Z",
            "compiled",
            json!({"awards": [{"id": 1, "status": "active", "suppliers": {"id": 4, "name": "S"}}],
                   "contracts": [{"id": 2, "awardID": 1}]}),
        );
        r["parties"] = json!([{"id": 4, "name": "S", "roles": ["supplier"]}]);
        r.to_string()
    };
    let file = format!("{}\n{}\n", line("ocds-test-p1"), line("ocds-test-p2"));
    let mut prepared = Vec::new();
    vigie_redflags::prepare_lines(
        file.as_bytes(),
        &vigie_redflags::PrepareSettings::default(),
        &mut prepared,
        &mut Vec::new(),
        |_, why| panic!("{why}"),
    )
    .unwrap();

    let lenient = Env::demo().await;
    lenient.import("raw.jsonl", file.clone()).await.unwrap();
    let strict = Env::demo().await;
    let options = ImportOptions {
        mode: ImportMode::Apply,
        strict: true,
    };
    assert!(
        strict.import_strict("raw.jsonl", file).await.is_err(),
        "a supplier given as an object is not OCDS"
    );
    strict
        .store()
        .procurement()
        .import(
            &Actor::Cli,
            "prepared.jsonl",
            Cursor::new(prepared),
            options,
            &mut |_| {},
        )
        .await
        .unwrap();
    let sql = "SELECT ocid || '/' || release_id, body FROM ocds_releases WHERE ocid LIKE 'ocds-test-p%' ORDER BY 1";
    let (a, b) = (
        lenient.t.ocds_pairs(sql).await.unwrap(),
        strict.t.ocds_pairs(sql).await.unwrap(),
    );
    assert_eq!(a.len(), 2);
    assert_eq!(a, b);
    let sql = "SELECT ocid, compiled FROM procurement_processes WHERE ocid LIKE 'ocds-test-p%' ORDER BY 1";
    assert_eq!(
        lenient.t.ocds_pairs(sql).await.unwrap(),
        strict.t.ocds_pairs(sql).await.unwrap()
    );
    lenient.t.cleanup().await.unwrap();
    strict.t.cleanup().await.unwrap();
}

/// A lone release a line is parsed on the import's workers, a package a
/// line on the reading thread: a file of OCDS 1.0 packages, one a line,
/// lands whole, and says once, not once a line, that it was read as OCDS
/// 1.1.
#[tokio::test]
async fn a_file_of_ocds_1_0_packages_one_a_line_says_so_once() {
    let env = Env::demo().await;
    let line = |ocid: &str| {
        let mut package: Value = serde_json::from_str(&package(&[deviant()])).unwrap();
        package["version"] = json!("1.0");
        package["releases"][0]["ocid"] = json!(ocid);
        package.to_string()
    };
    let file = format!("{}\n{}\n", line("ocds-test-old-1"), line("ocds-test-old-2"));
    let report = env.import("old.jsonl", file).await.unwrap();
    assert_eq!(report.written, 2);
    let notes: Vec<_> = report
        .warnings
        .iter()
        .filter(|w| w.reason.contains("read as OCDS 1.1"))
        .collect();
    assert_eq!(notes.len(), 1, "{notes:?}");
    let tender_ids: Vec<_> = report
        .warnings
        .iter()
        .filter(|w| w.column.ends_with("/tender/id"))
        .map(|w| (w.location.clone(), w.record.as_str()))
        .collect();
    // The first value of a file is named by its pointer alone, as the
    // reader names it; a later one by its line too.
    assert_eq!(
        tender_ids,
        [
            (vigie_import::Location::File, "ocds-test-old-1"),
            (vigie_import::Location::Line(2), "ocds-test-old-2")
        ],
        "each line's corrections say where they are"
    );
}
