//! Conference editions on the storage layer: the demo's first edition read
//! back whole, the import (all or nothing, every problem with its line and
//! JSON pointer, idempotent), and the log that vouches for every edition.

use vigie_domain::conference::ItemKind;
use vigie_ledger::{SigningKey, VerifierKey};
use vigie_store::ImportMode;
use vigie_store::log::LogProblem;
use vigie_store::testing::TestStore;
use vigie_store::{Actor, StoreError};

const BAMAKO: &str = include_str!("../../demo/conferences/2021-bamako.json");

async fn demo() -> TestStore {
    let t = TestStore::new().await.unwrap();
    t.store.load_demo().await.unwrap();
    t
}

fn verifier() -> VerifierKey {
    SigningKey::from_seed("vigie-test/conferences", &[7; 32])
        .unwrap()
        .verifier()
}

async fn log_size(t: &TestStore) -> u64 {
    t.store.log_head().await.unwrap().size()
}

async fn rejected(t: &TestStore, text: &str) -> Vec<String> {
    match t
        .store
        .conferences()
        .import(&Actor::Cli, "conf.json", text, ImportMode::Apply)
        .await
    {
        Err(StoreError::Rejected(errors)) => errors.iter().map(ToString::to_string).collect(),
        other => panic!("expected the file to be rejected, got {other:?}"),
    }
}

#[tokio::test]
async fn the_first_edition_is_in_the_demo_whole() {
    let t = demo().await;
    let list = t.store.conferences().list().await.unwrap();
    assert_eq!(list.len(), 1);
    let first = &list[0];
    assert_eq!(
        (
            first.number,
            first.city.as_str(),
            first.start_date.as_str(),
            first.end_date.as_str()
        ),
        (1, "Bamako", "2021-03-17", "2021-03-18")
    );
    let stored = t.store.conferences().get(first.id).await.unwrap().unwrap();
    let e = &stored.edition;
    let codes: Vec<&str> = e.program.iter().map(|i| i.code.as_str()).collect();
    assert_eq!(codes, ["O", "S1", "S2", "W1", "W2", "W3", "W4", "S3", "S4"]);
    let workshops = e
        .program
        .iter()
        .filter(|i| i.kind == ItemKind::Workshop)
        .count();
    assert_eq!(workshops, 4);
    assert_eq!(e.roles_in("O").count(), 5, "five opening speakers");
    assert!(e.roles_in("W1").next().is_none(), "no moderator published");
    assert_eq!(e.participants.len(), 3 * 9 + 2 * 2 + 8 + 5 + 1);
    assert_eq!(stored.session_ids.len(), 9);
    let by_number = t.store.conferences().by_number(1).await.unwrap().unwrap();
    assert_eq!(by_number, stored);
    assert!(
        t.store
            .conferences()
            .get(first.id + 100)
            .await
            .unwrap()
            .is_none()
    );
    t.cleanup().await.unwrap();
}

#[tokio::test]
async fn importing_the_same_file_again_changes_and_logs_nothing() {
    let t = demo().await;
    let before = log_size(&t).await;
    let report = t
        .store
        .conferences()
        .import(&Actor::Cli, "2021-bamako.json", BAMAKO, ImportMode::Apply)
        .await
        .unwrap();
    assert_eq!((report.written.len(), report.unchanged), (0, 1));
    assert_eq!(log_size(&t).await, before);
    t.cleanup().await.unwrap();
}

#[tokio::test]
async fn a_changed_edition_replaces_the_stored_one_and_keeps_its_session_ids() {
    let t = demo().await;
    let old = t.store.conferences().by_number(1).await.unwrap().unwrap();
    let before = log_size(&t).await;
    let changed = BAMAKO.replace(
        "Restitution des travaux en ateliers",
        "Restitution des ateliers",
    );
    let dry = t
        .store
        .conferences()
        .import(&Actor::Cli, "b.json", &changed, ImportMode::DryRun)
        .await
        .unwrap();
    assert_eq!(dry.written, ["1"]);
    assert_eq!(log_size(&t).await, before, "a dry run writes nothing");
    t.store
        .conferences()
        .import(&Actor::Cli, "b.json", &changed, ImportMode::Apply)
        .await
        .unwrap();
    assert_eq!(log_size(&t).await, before + 1);
    let new = t.store.conferences().by_number(1).await.unwrap().unwrap();
    assert_eq!(new.session_ids, old.session_ids);
    assert_eq!(
        new.edition.item("S3").unwrap().title.fr,
        "Restitution des ateliers"
    );
    assert!(t.store.verify_log(&verifier(), None).await.unwrap().is_ok());
    t.cleanup().await.unwrap();
}

/// Lines: 9 institutions, 12 the second item, 14 roles.
const BAD: &str = r#"{
  "number": 2,
  "start_date": "2022-03-10",
  "end_date": "2022-03-11",
  "city": "Niamey",
  "country": "NER",
  "title": {"fr": "Deuxième édition", "en": "Second edition"},
  "source": "test",
  "institutions": [{"institution": "NOPE", "role": "funder"}],
  "program": [
    {"code": "W1", "kind": "workshop", "day": "2022-03-10", "order": 1, "title": {"fr": "A", "en": "A"}},
    {"code": "W1", "kind": "workshop", "day": "2022-03-12", "order": 2, "title": {"fr": "B", "en": " "}}
  ],
  "roles": [{"item": "W9", "role": "moderator", "affiliation": {"fr": "x", "en": "x"}}]
}"#;

#[tokio::test]
async fn a_bad_edition_is_refused_whole_with_every_problem_and_its_line() {
    let t = demo().await;
    let before = log_size(&t).await;
    assert_eq!(
        rejected(&t, BAD).await,
        [
            "conf.json:9: /institutions/0/institution: no institution `NOPE`: add it with `vigie institution add` first",
            "conf.json:12: /program/1/code: code `W1` is used twice",
            "conf.json:12: /program/1/day: 2022-03-12 is not a day of the edition (2022-03-10 to 2022-03-11)",
            "conf.json:12: /program/1/title/en: empty: every text is given in French and English",
            "conf.json:14: /roles/0/item: no programme item `W9` in this edition",
        ]
    );
    let reversed = BAD
        .replace("\"2022-03-11\"", "\"2022-03-09\"")
        .replace("NOPE", "DCAF")
        .replace("2022-03-12", "2022-03-10")
        .replace(
            "\"code\": \"W1\", \"kind\": \"workshop\", \"day\": \"2022-03-10\", \"order\": 2",
            "\"code\": \"W2\", \"kind\": \"workshop\", \"day\": \"2022-03-10\", \"order\": 2",
        );
    let errors = rejected(&t, &reversed).await;
    assert_eq!(
        errors[0],
        "conf.json:4: /end_date: ends on 2022-03-09, before it starts (2022-03-10)"
    );
    let kind = BAD.replacen("\"kind\": \"workshop\"", "\"kind\": \"keynote\"", 1);
    let errors = rejected(&t, &kind).await;
    assert_eq!(errors.len(), 1);
    assert!(
        errors[0].starts_with(
            "conf.json:11: /program/0/kind: unknown variant `keynote`, expected one of `opening`"
        ),
        "{}",
        errors[0]
    );
    let date = BAD.replace("\"2022-03-10\",\n", "\"10/03/2022\",\n");
    assert_eq!(
        rejected(&t, &date).await,
        ["conf.json:3: /start_date: `10/03/2022` is not a date (YYYY-MM-DD)"]
    );
    assert_eq!(log_size(&t).await, before);
    assert_eq!(t.store.conferences().list().await.unwrap().len(), 1);
    assert_eq!(t.count("conference_sessions").await.unwrap(), 9);
    t.cleanup().await.unwrap();
}

#[tokio::test]
async fn a_session_title_changed_behind_the_log_is_named_by_verify() {
    let t = demo().await;
    assert!(t.store.verify_log(&verifier(), None).await.unwrap().is_ok());
    t.tamper(
        "UPDATE conference_sessions SET title_en = 'Something else' WHERE code = 'W2'",
        None,
    )
    .await
    .unwrap();
    match t.store.verify_log(&verifier(), None).await.unwrap() {
        Err(LogProblem::Object {
            object_type,
            object_id,
            ..
        }) => assert_eq!(
            (object_type.as_str(), object_id.as_str()),
            ("conference", "1")
        ),
        other => panic!("expected the edition to be named, got {other:?}"),
    }
    t.cleanup().await.unwrap();
}

#[tokio::test]
async fn what_only_the_store_knows_is_checked_too() {
    let t = demo().await;
    let text = BAD
        .replace("\"NER\"", "\"SEN\"")
        .replace("NOPE", "DCAF")
        .replace("\"2022-03-12\", \"order\": 2", "\"2022-03-11\", \"order\": 2")
        .replace("\"code\": \"W1\", \"kind\": \"workshop\", \"day\": \"2022-03-11\"", "\"code\": \"W2\", \"kind\": \"workshop\", \"day\": \"2022-03-11\"")
        .replace("\"en\": \" \"", "\"en\": \"B\"")
        .replace("\"item\": \"W9\"", "\"item\": \"W2\"")
        .replace(
            "\"roles\":",
            "\"documents\": [{\"kind\": \"other\", \"title\": {\"fr\": \"x\", \"en\": \"x\"}, \"language\": \"fr\", \"document_id\": 999999}],\n  \"roles\":",
        );
    assert_eq!(
        rejected(&t, &text).await,
        [
            "conf.json:6: /country: SEN is not a country of this instance",
            "conf.json:14: /documents/0/document_id: no document 999999 in the register",
        ]
    );
    t.cleanup().await.unwrap();
}
