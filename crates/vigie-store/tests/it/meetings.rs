//! Follow-up meetings: the demo's, a file refused with every problem at its
//! line, the same file twice, and a change behind the log's back.

use serde_json::{Value, json};
use vigie_ledger::{SigningKey, VerifierKey};
use vigie_store::ImportMode;
use vigie_store::log::LogProblem;
use vigie_store::testing::TestStore;
use vigie_store::{Actor, StoreError};

async fn demo() -> TestStore {
    let t = TestStore::new().await.unwrap();
    t.store.load_demo().await.unwrap();
    t
}

fn verifier() -> VerifierKey {
    SigningKey::from_seed("vigie-test/meetings", &[9; 32])
        .unwrap()
        .verifier()
}

async fn log_size(t: &TestStore) -> u64 {
    t.store.log_head().await.unwrap().size()
}

fn meeting(code: &str) -> Value {
    json!({
        "code": code,
        "held_on": "2022-01-20",
        "country": "NER",
        "place": "Niamey",
        "title": {"fr": "Réunion", "en": "Meeting"},
        "participants": ["DCAF", "NER-CDC"],
        "agenda": [{"fr": "Point", "en": "Item"}],
        "decisions": [{"text": {"fr": "Décision", "en": "Decision"}, "responsible": "NER-CDC"}],
        "recommendations": ["REC-2021-W1-03"],
        "illustrative": true,
        "source": "test"
    })
}

fn file(meetings: Vec<Value>) -> String {
    serde_json::to_string_pretty(&json!({ "meetings": meetings })).unwrap()
}

#[tokio::test]
async fn the_demo_meetings_are_stored_with_the_recommendations_they_advance() {
    let t = demo().await;
    let all = t.store.meetings().list(None).await.unwrap();
    assert_eq!(all.len(), 4);
    assert_eq!(all[0].code, "MTG-2022-MLI-02", "most recent first");
    let mali = t
        .store
        .meetings()
        .list(Some("MLI".parse().unwrap()))
        .await
        .unwrap();
    assert_eq!(mali.len(), 2);
    let advancing = t
        .store
        .meetings()
        .advancing("REC-2021-W1-01")
        .await
        .unwrap();
    let codes: Vec<&str> = advancing.iter().map(|m| m.code.as_str()).collect();
    assert_eq!(codes, ["MTG-2021-BFA-01"]);
    let one = t.store.meetings().get("MTG-2021-NER-01").await.unwrap();
    assert_eq!(one.participants.len(), 5);
    assert_eq!(
        one.decisions[1].responsible.as_ref().unwrap().as_str(),
        "NER-ARMP"
    );
    assert!(matches!(
        t.store.meetings().get("MTG-NONE").await,
        Err(StoreError::NotFound { .. })
    ));
    t.cleanup().await.unwrap();
}

#[tokio::test]
async fn a_bad_file_is_refused_whole_with_each_problem_at_its_line() {
    let t = demo().await;
    let before = (t.count("meetings").await.unwrap(), log_size(&t).await);
    let good = meeting("MTG-2022-NER-09");
    let mut unknown = meeting("MTG-2022-NER-10");
    unknown["participants"] = json!(["DCAF", "NER-CDC", "NER-NOPE"]);
    let mut early = meeting("MTG-2020-NER-11");
    early["held_on"] = json!("2020-01-10");
    let mut lonely = meeting("MTG-2022-NER-12");
    lonely["participants"] = json!(["NER-CDC"]);
    lonely["recommendations"] = json!(["REC-NOPE"]);
    let text = file(vec![good, unknown, early, lonely]);
    let Err(StoreError::Rejected(errors)) = t
        .store
        .meetings()
        .import(&Actor::Cli, "m.json", &text, ImportMode::Apply)
        .await
    else {
        panic!("the file should be refused");
    };
    let messages: Vec<String> = errors.iter().map(ToString::to_string).collect();
    let lines = vigie_import::json::PointerLines::of(&text);
    let line = |pointer: &str| lines.line(pointer);
    assert_eq!(
        messages,
        [
            format!(
                "m.json:{}: /meetings/1/participants/2: unknown institution `NER-NOPE`",
                line("/meetings/1/participants/2")
            ),
            format!(
                "m.json:{}: /meetings/2/recommendations/0: recommendation `REC-2021-W1-03` was made on 2021-03-18, after the meeting (2020-01-10)",
                line("/meetings/2/recommendations/0")
            ),
            format!(
                "m.json:{}: /meetings/3/participants: the facilitator is not among the participants",
                line("/meetings/3/participants")
            ),
            format!(
                "m.json:{}: /meetings/3/recommendations/0: unknown recommendation `REC-NOPE`",
                line("/meetings/3/recommendations/0")
            ),
        ]
    );
    // The good meeting of the file was not written either.
    assert_eq!(
        (t.count("meetings").await.unwrap(), log_size(&t).await),
        before
    );
    let broken = t
        .store
        .meetings()
        .import(&Actor::Cli, "m.json", "{\"meetings\": [", ImportMode::Apply)
        .await;
    assert!(
        matches!(&broken, Err(StoreError::Rejected(e)) if e[0].to_string().starts_with("m.json:1: invalid JSON")),
        "{broken:?}"
    );
    t.cleanup().await.unwrap();
}

#[tokio::test]
async fn a_meeting_is_written_once_logged_once_and_replaced_by_its_code() {
    let t = demo().await;
    let text = file(vec![meeting("MTG-2022-NER-09")]);
    let dry = t
        .store
        .meetings()
        .import(&Actor::Cli, "m.json", &text, ImportMode::DryRun)
        .await
        .unwrap();
    assert_eq!(dry.written, ["MTG-2022-NER-09"]);
    assert!(
        t.store.meetings().get("MTG-2022-NER-09").await.is_err(),
        "a dry run stores nothing"
    );
    let size = log_size(&t).await;
    t.store
        .meetings()
        .import(&Actor::Cli, "m.json", &text, ImportMode::Apply)
        .await
        .unwrap();
    assert_eq!(log_size(&t).await, size + 1);
    let again = t
        .store
        .meetings()
        .import(&Actor::Cli, "m.json", &text, ImportMode::Apply)
        .await
        .unwrap();
    assert_eq!((again.written.len(), again.unchanged), (0, 1));
    assert_eq!(
        log_size(&t).await,
        size + 1,
        "the same file again logs nothing"
    );

    let mut changed = meeting("MTG-2022-NER-09");
    changed["participants"] = json!(["DCAF", "NER-IGA"]);
    changed["recommendations"] = json!([]);
    t.store
        .meetings()
        .import(
            &Actor::Cli,
            "m.json",
            &file(vec![changed]),
            ImportMode::Apply,
        )
        .await
        .unwrap();
    let stored = t.store.meetings().get("MTG-2022-NER-09").await.unwrap();
    assert_eq!(stored.participants.len(), 2);
    assert!(stored.recommendations.is_empty());
    assert!(
        t.store
            .meetings()
            .advancing("REC-2021-W1-03")
            .await
            .unwrap()
            .iter()
            .all(|m| m.code != "MTG-2022-NER-09")
    );
    assert!(t.store.verify_log(&verifier(), None).await.unwrap().is_ok());
    t.cleanup().await.unwrap();
}

#[tokio::test]
async fn a_link_removed_behind_the_log_is_named_by_verify() {
    let t = demo().await;
    assert!(t.store.verify_log(&verifier(), None).await.unwrap().is_ok());
    t.tamper(
        "DELETE FROM meeting_recommendations WHERE meeting_id = (SELECT id FROM meetings WHERE code = 'MTG-2021-BFA-01')",
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
            ("meeting", "MTG-2021-BFA-01")
        ),
        other => panic!("expected the meeting to be named, got {other:?}"),
    }
    t.cleanup().await.unwrap();
}

/// A file of records is held whole with the line of every value: one
/// larger than the bound is refused before it is parsed.
#[tokio::test]
async fn a_file_beyond_the_bound_is_refused_before_it_is_read() {
    let t = TestStore::new().await.unwrap();
    let text = format!("{{\"meetings\": []}}{}", " ".repeat(64_000_000));
    match t
        .store
        .meetings()
        .import(&Actor::Cli, "huge.json", &text, ImportMode::Apply)
        .await
    {
        Err(StoreError::Rejected(errors)) => {
            assert_eq!(errors.len(), 1);
            assert_eq!(
                errors[0].to_string(),
                "huge.json: 64 MB: a file of records is read whole, up to 64 MB; split it"
            );
        }
        other => panic!("expected the file to be refused, got {other:?}"),
    }
    t.cleanup().await.unwrap();
}
