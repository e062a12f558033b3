//! Governance on the storage layer: the three imports (all or nothing,
//! every error with file, line, JSON path and reason, idempotent), the
//! demo's profiles, framework and assessments read back.

use vigie_store::ImportMode;
use vigie_store::RecordImport;
use vigie_store::testing::TestStore;
use vigie_store::{Actor, StoreError};

async fn demo() -> TestStore {
    let t = TestStore::new().await.unwrap();
    t.store.load_demo().await.unwrap();
    t
}

/// The errors of a refused import, as people read them.
fn rejected(result: Result<RecordImport, StoreError>) -> Vec<String> {
    match result {
        Err(StoreError::Rejected(errors)) => errors.iter().map(ToString::to_string).collect(),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

/// What must not move when an import is refused or dry.
async fn footprint(t: &TestStore) -> (u64, usize, usize) {
    (
        t.store.log_head().await.unwrap().size(),
        t.store.governance().profiles().await.unwrap().len(),
        t.store.governance().assessments().await.unwrap().len(),
    )
}

#[tokio::test]
async fn the_demo_holds_profiles_a_framework_and_assessments() {
    let t = demo().await;
    let profiles = t.store.governance().profiles().await.unwrap();
    assert_eq!(profiles.len(), 49);
    let bvg = profiles
        .iter()
        .find(|p| p.institution.as_str() == "MLI-BVG")
        .unwrap();
    assert_eq!(bvg.legal_bases[0].number, "Loi n°2012-009");
    assert_eq!(bvg.legal_bases[0].date.as_deref(), Some("2012-02-08"));
    assert_eq!(bvg.reporting_lines[0].to.as_str(), "MLI-CDSPC");
    let frameworks = t.store.governance().frameworks().await.unwrap();
    assert_eq!(frameworks.len(), 1);
    assert_eq!(frameworks[0].areas.len(), 5);
    assert_eq!(frameworks[0].questions().count(), 15);
    let assessments = t.store.governance().assessments().await.unwrap();
    assert_eq!(assessments.len(), 15);
    assert!(assessments.iter().all(|a| a.illustrative));
    // The same files again: nothing new, nothing logged.
    let size = t.store.log_head().await.unwrap().size();
    let again = t
        .store
        .governance()
        .import_framework(
            &Actor::Cli,
            "framework.json",
            include_str!("../../demo/governance/framework.json"),
            ImportMode::Apply,
        )
        .await
        .unwrap();
    assert_eq!((again.written.len(), again.unchanged), (0, 1));
    let again = t
        .store
        .governance()
        .import_assessments(
            &Actor::Cli,
            "assessments.json",
            include_str!("../../demo/governance/assessments.json"),
            ImportMode::Apply,
        )
        .await
        .unwrap();
    assert_eq!((again.written.len(), again.unchanged), (0, 15));
    assert_eq!(t.store.log_head().await.unwrap().size(), size);
    t.cleanup().await.unwrap();
}

const PROFILES: &str = r#"{"profiles": [
  {"institution": "MLI-NOPE", "functions": {"fr": "f", "en": "f"}, "mandate": {"fr": "m", "en": "m"},
   "access": "unknown", "access_note": {"fr": "n", "en": "n"}, "source": "s", "illustrative": true},
  {"institution": "NER-IGA", "functions": {"fr": "f", "en": "f"}, "mandate": {"fr": "m", "en": "m"},
   "legal_bases": [{"kind": "law", "number": "Loi X", "date": "2020-13-01",
                    "title": {"fr": "t", "en": ""}, "source": "s"}],
   "access": "unknown", "access_note": {"fr": "n", "en": "n"},
   "reporting_lines": [{"to": "NER-NOPE", "nature": {"fr": "r", "en": "r"}}],
   "source": "s", "illustrative": true},
  {"institution": "NER-CDS", "functions": {"fr": "f", "en": "f"}, "mandate": {"fr": "m", "en": "m"},
   "access": "sometimes", "access_note": {"fr": "n", "en": "n"}, "source": "s", "illustrative": true}
]}"#;

#[tokio::test]
async fn bad_profiles_are_refused_with_their_place_and_nothing_is_written() {
    let t = demo().await;
    let before = footprint(&t).await;
    let errors = rejected(
        t.store
            .governance()
            .import_profiles(&Actor::Cli, "p.json", PROFILES, ImportMode::Apply)
            .await,
    );
    assert_eq!(
        errors,
        vec![
            "p.json:2: /profiles/0/institution: unknown institution `MLI-NOPE` (see `vigie institution list`)",
            "p.json:6: /profiles/1/legal_bases/0/title/en: must not be empty",
            "p.json:5: /profiles/1/legal_bases/0/date: `2020-13-01` is not a date (YYYY-MM-DD)",
            "p.json:8: /profiles/1/reporting_lines/0/to: unknown institution `NER-NOPE` (see `vigie institution list`)",
            "p.json:11: /profiles/2/access: unknown variant `sometimes`, expected one of `none`, `on_request`, `by_mandate`, `full`, `unknown`",
        ]
    );
    assert_eq!(footprint(&t).await, before);
    t.cleanup().await.unwrap();
}

fn framework(bands: &str) -> String {
    format!(
        r#"{{"code": "T", "version": 1, "title": {{"fr": "t", "en": "t"}},
 "description": {{"fr": "d", "en": "d"}}, "illustrative": true,
 "areas": [{{"code": "A", "title": {{"fr": "a", "en": "a"}}, "questions": [
   {{"code": "A1", "text": {{"fr": "q", "en": "q"}}, "guidance": {{"fr": "g", "en": "g"}},
    "evidence": {{"fr": "e", "en": "e"}},
    "bands": [{bands}]}}]}}]}}"#
    )
}

const BANDS: &str = r#"{"score": 0, "criterion": {"fr": "c", "en": "c"}},
              {"score": 2, "criterion": {"fr": "c", "en": "c"}}"#;

#[tokio::test]
async fn a_framework_needs_increasing_bands_and_a_published_version_never_changes() {
    let t = demo().await;
    let before = footprint(&t).await;
    let bad = framework(
        r#"{"score": 0, "criterion": {"fr": "c", "en": "c"}},
              {"score": 0, "criterion": {"fr": "c", "en": "c"}}"#,
    );
    assert_eq!(
        rejected(
            t.store
                .governance()
                .import_framework(&Actor::Cli, "f.json", &bad, ImportMode::Apply)
                .await
        ),
        vec![
            "f.json:7: /areas/0/questions/0/bands/1/score: band scores must increase strictly: 0 comes after 0"
        ]
    );
    assert_eq!(footprint(&t).await, before);
    let dry = t
        .store
        .governance()
        .import_framework(&Actor::Cli, "f.json", &framework(BANDS), ImportMode::DryRun)
        .await
        .unwrap();
    assert_eq!(dry.written, vec!["T@1"]);
    assert_eq!(footprint(&t).await, before);
    t.store
        .governance()
        .import_framework(&Actor::Cli, "f.json", &framework(BANDS), ImportMode::Apply)
        .await
        .unwrap();
    let changed = framework(&BANDS.replace("\"score\": 2", "\"score\": 4"));
    assert_eq!(
        rejected(
            t.store
                .governance()
                .import_framework(&Actor::Cli, "f.json", &changed, ImportMode::Apply)
                .await
        ),
        vec![
            "f.json:1: /version: T@1 is already stored with other content; a published version never changes: publish version 2"
        ]
    );
    t.cleanup().await.unwrap();
}

const ASSESSMENTS: &str = r#"{"assessments": [
  {"framework": "T", "version": 1, "country": "MLI", "year": 2024, "assessor": "DCAF", "illustrative": true,
   "scores": [{"question": "A1", "score": 1},
              {"question": "Z9", "score": 0}]},
  {"framework": "T", "version": 2, "country": "SEN", "year": 2024, "assessor": "NOPE", "illustrative": true,
   "scores": [{"question": "A1", "score": 2, "evidence": [{"title": "x"}]}]}
]}"#;

#[tokio::test]
async fn bad_assessments_are_refused_with_their_place_and_nothing_is_written() {
    let t = demo().await;
    t.store
        .governance()
        .import_framework(&Actor::Cli, "f.json", &framework(BANDS), ImportMode::Apply)
        .await
        .unwrap();
    let before = footprint(&t).await;
    assert_eq!(
        rejected(
            t.store
                .governance()
                .import_assessments(&Actor::Cli, "a.json", ASSESSMENTS, ImportMode::Apply)
                .await
        ),
        vec![
            "a.json:3: /assessments/0/scores/0/score: 1 is not one of the question's band scores (0, 2)",
            "a.json:4: /assessments/0/scores/1/question: `Z9` is not a question of framework T@1",
            "a.json:5: /assessments/1/framework: unknown framework T@2 (import it first with `vigie import framework`)",
            "a.json:5: /assessments/1/country: SEN is not a country of this instance",
            "a.json:5: /assessments/1/assessor: unknown institution `NOPE` (see `vigie institution list`)",
        ]
    );
    assert_eq!(footprint(&t).await, before);
    let good = ASSESSMENTS
        .replace("\"score\": 1}", "\"score\": 2}")
        .replace(",\n              {\"question\": \"Z9\", \"score\": 0}", "");
    let good = &good[..good
        .find(",\n  {\"framework\": \"T\", \"version\": 2")
        .unwrap()];
    let done = t
        .store
        .governance()
        .import_assessments(
            &Actor::Cli,
            "a.json",
            &format!("{good}\n]}}"),
            ImportMode::Apply,
        )
        .await
        .unwrap();
    assert_eq!(done.written, vec!["T@1/MLI/2024"]);
    assert_eq!(footprint(&t).await.0, before.0 + 1);
    t.cleanup().await.unwrap();
}
