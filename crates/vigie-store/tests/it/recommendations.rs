//! Recommendations and findings on the storage layer: imports all or
//! nothing with their exact messages, the status workflow and who may move
//! it, overdue milestones across the five states' time zones, the log; the
//! dashboard's figures in `dashboard`.

use serde_json::{Value, json};
use time::macros::datetime;
use vigie_domain::CountryCode;
use vigie_domain::recommendation::{
    Dashboard, Reason, RecommendationStatus, SourceKind, StatusCounts, Theme,
};
use vigie_ledger::{SigningKey, VerifierKey};
use vigie_store::recommendations::{RecommendationFilter, StatusChange, dashboard_items};
use vigie_store::testing::TestStore;
use vigie_store::{Actor, StoreError, User};
use vigie_store::{ImportMode, ImportOptions};

mod dashboard;
mod findings;

fn verifier() -> VerifierKey {
    SigningKey::from_seed("vigie-test/recs", &[7; 32])
        .unwrap()
        .verifier()
}

async fn demo() -> TestStore {
    let t = TestStore::new().await.unwrap();
    t.store.load_demo().await.unwrap();
    t
}

/// The demo's reference data (countries, institutions, accounts, the 2021
/// workshops and findings) without its recommendations.
async fn reference() -> TestStore {
    let t = TestStore::new().await.unwrap();
    t.store.load_demo().await.unwrap();
    for table in [
        "meeting_recommendations",
        "recommendation_history",
        "recommendation_evidence",
        "recommendation_milestones",
        "recommendation_addressees",
        "recommendation_countries",
        "recommendations",
    ] {
        t.execute(&format!("DELETE FROM {table}"), None)
            .await
            .unwrap();
    }
    t
}

fn rec(code: &str) -> Value {
    json!({
        "code": code,
        "source": "conference_workshop",
        "workshop": {"conference": 1, "session": "W1"},
        "theme": "procurement",
        "priority": "high",
        "made_on": "2021-03-18",
        "title": {"fr": "Titre", "en": "Title"},
        "text": {"fr": "Texte", "en": "Text"},
        "countries": ["MLI"],
        "addressees": ["MLI-DGMP-DSP"],
        "illustrative": true,
        "source_note": "test"
    })
}

fn file(recs: &[Value]) -> String {
    serde_json::to_string_pretty(&json!({"recommendations": recs})).unwrap()
}

async fn import(t: &TestStore, recs: &[Value]) -> Result<Vec<String>, StoreError> {
    t.store
        .recommendations()
        .import(&Actor::Cli, "recs.json", &file(recs), ImportMode::Apply)
        .await
        .map(|r| r.written)
}

fn messages(e: StoreError) -> Vec<String> {
    match e {
        StoreError::Rejected(errors) => errors.iter().map(ToString::to_string).collect(),
        other => panic!("expected a rejected file, got {other:?}"),
    }
}

async fn user(t: &TestStore, name: &str) -> User {
    t.store
        .user_by_username(&name.parse().unwrap())
        .await
        .unwrap()
        .unwrap()
}

/// What a clerk's hand-edited file gets slightly wrong, but can only mean
/// one thing, lands with a warning at its line; `strict` refuses it.
#[tokio::test]
async fn what_has_one_reading_lands_with_a_warning_and_strict_refuses_it() {
    let t = reference().await;
    let mut r = rec("REC-LENIENT");
    r["priority"] = json!("High");
    r["countries"] = json!("mli");
    r["made_on"] = json!("2021-03-18T10:30:00Z");
    r["workshop"] = json!({"conference": "1", "session": "W1"});
    let text = file(&[r]);
    let line_of = |needle: &str| 1 + text[..text.find(needle).unwrap()].matches('\n').count();
    let strict = ImportOptions {
        mode: ImportMode::Apply,
        strict: true,
    };
    let refused = t
        .store
        .recommendations()
        .import(&Actor::Cli, "recs.json", &text, strict)
        .await
        .unwrap_err();
    assert!(!messages(refused).is_empty());
    assert_eq!(
        t.count("recommendations").await.unwrap(),
        0,
        "nothing written"
    );

    let report = t
        .store
        .recommendations()
        .import(&Actor::Cli, "recs.json", &text, ImportMode::Apply)
        .await
        .unwrap();
    assert_eq!(report.written, ["REC-LENIENT"]);
    let mut warnings: Vec<String> = report.warnings.iter().map(ToString::to_string).collect();
    warnings.sort();
    let mut expected = vec![
        format!(
            "recs.json:{}: /recommendations/0/countries: one value given where a list belongs: read as a list of one",
            line_of("\"mli\"")
        ),
        format!(
            "recs.json:{}: /recommendations/0/workshop/conference: number given as text `1`: read as 1",
            line_of("\"conference\": \"1\"")
        ),
        format!(
            "recs.json:{}: /recommendations/0/made_on: date and time `2021-03-18T10:30:00Z` given where a date belongs: read as 2021-03-18",
            line_of("\"2021-03-18T10:30:00Z\"")
        ),
        format!(
            "recs.json:{}: /recommendations/0/priority: `High` read as the code `high`",
            line_of("\"High\"")
        ),
        format!(
            "recs.json:{}: /recommendations/0/countries/0: `mli` read as the code `MLI`",
            line_of("\"mli\"")
        ),
    ];
    expected.sort();
    assert_eq!(warnings, expected);
    assert_eq!(report.warnings_total, 5);
    let stored = t
        .store
        .recommendations()
        .list(&RecommendationFilter::default())
        .await
        .unwrap();
    let stored = stored.iter().find(|r| r.code == "REC-LENIENT").unwrap();
    assert_eq!(
        (
            &stored.countries[..],
            stored.priority.as_str(),
            stored.made_on.as_str()
        ),
        (&["MLI".to_owned()][..], "high", "2021-03-18")
    );
    t.cleanup().await.unwrap();
}

#[tokio::test]
async fn the_demo_holds_findings_and_recommendations_and_the_log_vouches_for_them() {
    let t = TestStore::new().await.unwrap();
    t.store.load_demo().await.unwrap();
    assert_eq!(t.count("findings").await.unwrap(), 9);
    assert_eq!(t.count("recommendations").await.unwrap(), 26);
    // Loading again (a restart) adds nothing.
    t.store.load_demo().await.unwrap();
    assert_eq!(t.count("recommendations").await.unwrap(), 26);
    t.store
        .verify_log(&verifier(), None)
        .await
        .unwrap()
        .unwrap();
    // A milestone due on 28 November 2026 in Niamey is late from the 29th.
    let late = t
        .store
        .recommendations()
        .overdue_milestones("NER-TGI", datetime!(2026-11-29 12:00 UTC))
        .await
        .unwrap();
    assert_eq!(late.len(), 1, "{late:?}");
    assert_eq!(late[0].code, "REC-2021-W2-03");
    t.cleanup().await.unwrap();
}

#[tokio::test]
async fn bad_recommendations_are_refused_with_their_line_and_path_and_nothing_is_written() {
    let t = reference().await;
    let mut unknown_institution = rec("REC-A");
    unknown_institution["addressees"] = json!(["MLI-NOPE"]);
    let mut unknown_finding = rec("REC-B");
    unknown_finding["source"] = json!("audit");
    unknown_finding.as_object_mut().unwrap().remove("workshop");
    unknown_finding["finding"] = json!("FND-NOPE");
    let mut unknown_workshop = rec("REC-C");
    unknown_workshop["workshop"] = json!({"conference": 1, "session": "W9"});
    let mut early = rec("REC-D");
    early["milestones"] = json!([{"title": {"fr": "É", "en": "S"}, "due": "2021-03-17", "responsible": "MLI-DGMP-DSP"}]);
    let mut forbidden = rec("REC-E");
    forbidden["history"] = json!([
        {"to": "implemented", "reason": "fait", "by": "dcaf", "institution": "DCAF", "on": "2022-01-01"},
        {"to": "not_accepted", "reason": "refus", "by": "dcaf", "institution": "DCAF", "on": "2022-02-01"}
    ]);
    let mut no_reason = rec("REC-F");
    no_reason["history"] = json!([{"to": "in_progress", "reason": "  ", "by": "dcaf", "institution": "DCAF", "on": "2022-01-01"}]);
    let stored = rec("REC-2021-W1-01");
    let recs = [
        unknown_institution,
        unknown_finding,
        unknown_workshop,
        early,
        forbidden,
        no_reason,
        stored.clone(),
        rec("REC-G"),
        rec("REC-G"),
    ];
    // Each problem is reported at the line of the value it is about: the
    // first `field` after the record's code, as pretty-printing puts it.
    let text = file(&recs);
    let line_of = |code: &str, field: &str| {
        let record = text.find(code).unwrap();
        let at = record + text[record..].find(field).unwrap();
        1 + text[..at].matches('\n').count()
    };
    let e = messages(import(&t, &recs).await.unwrap_err());
    // REC-2021-W1-01 is free (the demo's were cleared): store it once, then it clashes.
    assert_eq!(
        e,
        vec![
            format!(
                "recs.json:{}: /recommendations/0/addressees/0: unknown institution `MLI-NOPE`",
                line_of("\"REC-A\"", "\"MLI-NOPE\"")
            ),
            format!(
                "recs.json:{}: /recommendations/1/finding: unknown finding `FND-NOPE`",
                line_of("\"REC-B\"", "\"finding\"")
            ),
            format!(
                "recs.json:{}: /recommendations/2/workshop: unknown workshop: conference edition 1 has no session `W9`",
                line_of("\"REC-C\"", "\"workshop\"")
            ),
            format!(
                "recs.json:{}: /recommendations/3/milestones/0/due: before the recommendation was made (2021-03-18)",
                line_of("\"REC-D\"", "\"2021-03-17\"")
            ),
            format!(
                "recs.json:{}: /recommendations/4/history/1/to: cannot go from implemented to not_accepted: a recommendation already (partly) implemented cannot be declined",
                line_of("\"REC-E\"", "\"not_accepted\"")
            ),
            format!(
                "recs.json:{}: /recommendations/5/history/0/reason: a change of status must say why (the reason is mandatory)",
                line_of("\"REC-F\"", "\"reason\": \"  \"")
            ),
            format!(
                "recs.json:{}: /recommendations/8/code: recommendation `REC-G` appears twice in the file",
                1 + text[..text.rfind("\"REC-G\"").unwrap()]
                    .matches('\n')
                    .count()
            ),
        ]
    );
    assert_eq!(
        t.count("recommendations").await.unwrap(),
        0,
        "nothing written"
    );
    import(&t, std::slice::from_ref(&stored)).await.unwrap();
    let e = messages(import(&t, &[stored]).await.unwrap_err());
    assert_eq!(
        e,
        vec![
            "recs.json:4: /recommendations/0/code: recommendation `REC-2021-W1-01` already exists"
                .to_owned()
        ]
    );
    // Broken JSON names its line.
    let e = t
        .store
        .recommendations()
        .import(
            &Actor::Cli,
            "recs.json",
            "{\"recommendations\": [\n{\"code\": }\n]}",
            ImportMode::Apply,
        )
        .await
        .unwrap_err();
    assert!(messages(e)[0].starts_with("recs.json:2: "));
    t.cleanup().await.unwrap();
}

#[tokio::test]
async fn status_changes_follow_the_workflow_are_authorised_and_logged() {
    let t = demo().await;
    let mut r = rec("REC-S");
    r["addressees"] = json!(["BFA-DAF", "BFA-ARCOP"]);
    r["countries"] = json!(["BFA"]);
    import(&t, &[r]).await.unwrap();
    let id: i64 = t
        .store
        .recommendations()
        .get("REC-S", datetime!(2024-01-01 0:00 UTC))
        .await
        .unwrap()
        .unwrap()
        .row
        .id;
    let now = datetime!(2024-05-01 10:00 UTC);
    let change = |status: RecommendationStatus, reason: &str| StatusChange {
        status,
        reason: Reason::new(reason).unwrap(),
    };

    // An observer, and an auditor of another institution, may not.
    for name in ["bfa-osc-illustr", "mli-bvg"] {
        let e = t
            .store
            .recommendations()
            .change_status(
                &user(&t, name).await,
                id,
                &change(RecommendationStatus::InProgress, "x"),
                now,
            )
            .await;
        assert!(matches!(e, Err(StoreError::Forbidden(_))), "{name}: {e:?}");
    }
    // The addressee's producer may; the facilitator may.
    t.store
        .recommendations()
        .change_status(
            &user(&t, "bfa-daf").await,
            id,
            &change(RecommendationStatus::InProgress, " work started "),
            now,
        )
        .await
        .unwrap();
    t.store
        .recommendations()
        .change_status(
            &user(&t, "dcaf").await,
            id,
            &change(RecommendationStatus::Implemented, "decree signed"),
            now,
        )
        .await
        .unwrap();
    // The workflow refuses implemented → not_accepted, naming the rule.
    let e = t
        .store
        .recommendations()
        .change_status(
            &user(&t, "dcaf").await,
            id,
            &change(RecommendationStatus::NotAccepted, "no"),
            now,
        )
        .await
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "invalid status `not_accepted`: cannot go from implemented to not_accepted: a recommendation already (partly) implemented cannot be declined"
    );
    // Unknown id.
    let e = t
        .store
        .recommendations()
        .change_status(
            &user(&t, "dcaf").await,
            999_999,
            &change(RecommendationStatus::InProgress, "x"),
            now,
        )
        .await;
    assert!(matches!(e, Err(StoreError::NotFound { .. })));

    let detail = t
        .store
        .recommendations()
        .get(&id.to_string(), now)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(detail.row.status, "implemented");
    let h: Vec<(Option<&str>, &str, &str, &str)> = detail
        .history
        .iter()
        .map(|h| {
            (
                h.from_status.as_deref(),
                h.to_status.as_str(),
                h.reason.as_str(),
                h.username.as_str(),
            )
        })
        .collect();
    assert_eq!(
        h,
        vec![
            (None, "not_started", "recorded", "@cli"),
            (
                Some("not_started"),
                "in_progress",
                "work started",
                "bfa-daf"
            ),
            (Some("in_progress"), "implemented", "decree signed", "dcaf"),
        ]
    );
    assert_eq!(detail.history[2].institution, "DCAF");
    assert_eq!(detail.history[2].at, now);

    // Evidence and a milestone done are logged too, then verify holds…
    t.store
        .recommendations()
        .add_evidence(
            &user(&t, "bfa-arcop").await,
            id,
            "Décret",
            "https://example.org/decret",
            now,
        )
        .await
        .unwrap();
    t.store
        .verify_log(&verifier(), None)
        .await
        .unwrap()
        .unwrap();
    // …until the status is changed behind the log's back.
    t.tamper(
        "UPDATE recommendations SET status = 'not_started' WHERE code = 'REC-S'",
        None,
    )
    .await
    .unwrap();
    let problem = t
        .store
        .verify_log(&verifier(), None)
        .await
        .unwrap()
        .unwrap_err();
    assert!(
        problem.to_string().starts_with("recommendation `REC-S`"),
        "{problem}"
    );
    t.cleanup().await.unwrap();
}

#[tokio::test]
async fn milestones_are_late_by_the_responsible_countrys_calendar() {
    let t = demo().await;
    let mut r = rec("REC-T");
    r["milestones"] = json!([
        {"title": {"fr": "Niamey", "en": "Niamey"}, "due": "2024-02-29", "responsible": "NER-CDS"},
        {"title": {"fr": "Bamako", "en": "Bamako"}, "due": "2024-02-29", "responsible": "MLI-CDSPC"},
        {"title": {"fr": "Régional", "en": "Regional"}, "due": "2024-02-29", "responsible": "ECOWAS"},
        {"title": {"fr": "Fait", "en": "Done"}, "due": "2022-01-01", "responsible": "NER-CDS", "done_on": "2022-06-01"}
    ]);
    import(&t, &[r]).await.unwrap();
    // Only this recommendation's: the demo has late milestones of its own.
    let late = |who: &'static str, now| {
        let store = t.store.clone();
        async move {
            store
                .recommendations()
                .overdue_milestones(who, now)
                .await
                .unwrap()
                .iter()
                .filter(|m| m.code == "REC-T")
                .count()
        }
    };
    // 23:30 UTC on the leap day: already 1 March in Niamey, not in Bamako.
    let evening = datetime!(2024-02-29 23:30 UTC);
    assert_eq!(
        late("NER-CDS", evening).await,
        1,
        "the done one never counts"
    );
    assert_eq!(late("MLI-CDSPC", evening).await, 0);
    assert_eq!(late("ECOWAS", evening).await, 0);
    let midnight = datetime!(2024-03-01 0:00 UTC);
    assert_eq!(late("MLI-CDSPC", midnight).await, 1);
    assert_eq!(late("ECOWAS", midnight).await, 1);
    let detail = t
        .store
        .recommendations()
        .get("REC-T", evening)
        .await
        .unwrap()
        .unwrap();
    let flags: Vec<bool> = detail.milestones.iter().map(|m| m.overdue).collect();
    assert_eq!(flags, [true, false, false, false]);
    t.cleanup().await.unwrap();
}

#[tokio::test]
async fn findings_are_imported_all_or_nothing_and_counted_per_country_and_year() {
    let t = TestStore::new().await.unwrap();
    t.store.load_demo().await.unwrap();
    let good = json!({
        "code": "FND-X", "country": "TCD", "institution": "TCD-CDC", "source": "audit",
        "title": {"fr": "T", "en": "T"}, "amount_at_stake": {"amount": "1000", "currency": "XAF"},
        "period": {"from": "2020", "to": "2021"}, "reported_on": "2023-01-05", "illustrative": true, "source_note": "test"
    });
    let mut bad = good.clone();
    bad["code"] = json!("FND-Y");
    bad["institution"] = json!("TCD-NOPE");
    bad["amount_at_stake"] = json!({"amount": "5", "currency": "USD"});
    bad["referrals"] = json!([{"court": "TCD-CDC", "referred_on": "2023-02-01", "case_ref": "c", "outcome": "won"}]);
    let text = serde_json::to_string_pretty(&json!({"findings": [good, bad]})).unwrap();
    // Each problem at the line of the value it is about.
    let line_of = |needle: &str| 1 + text[..text.find(needle).unwrap()].matches('\n').count();
    let e = messages(
        t.store
            .findings()
            .import(&Actor::Cli, "f.json", &text, ImportMode::Apply)
            .await
            .unwrap_err(),
    );
    assert_eq!(
        e,
        vec![
            format!(
                "f.json:{}: /findings/1/institution: unknown institution `TCD-NOPE`",
                line_of("\"TCD-NOPE\"")
            ),
            format!(
                "f.json:{}: /findings/1/amount_at_stake: USD: expected XOF, XAF or MRU, the currencies of the five states",
                line_of("\"amount\": \"5\"") - 1
            ),
            format!(
                "f.json:{}: /findings/1/referrals/0/court: `TCD-CDC` is a court_of_auditors, not a court",
                line_of("\"court\"")
            ),
            format!(
                "f.json:{}: /findings/1/referrals/0/outcome: expected one of pending, dismissed, convicted, acquitted",
                line_of("\"won\"")
            ),
        ]
    );
    assert_eq!(t.count("findings").await.unwrap(), 9, "nothing written");
    // The demo's statistics: NER 2022 has one finding with two referrals.
    let stats = t.store.findings().statistics().await.unwrap();
    let ner = stats
        .iter()
        .find(|s| s.country == "NER" && s.year == 2022)
        .unwrap();
    assert_eq!(
        (ner.findings, ner.referrals, ner.dismissed, ner.acquitted),
        (1, 2, 1, 1)
    );
    assert_eq!(ner.amount_at_stake_minor, 900_000_000);
    let bfa = stats
        .iter()
        .find(|s| s.country == "BFA" && s.year == 2021)
        .unwrap();
    assert_eq!((bfa.convicted, bfa.recovered_minor), (1, 120_000_000));
    // Tampering with a referral is named.
    t.tamper("UPDATE finding_referrals SET outcome = 'convicted' WHERE case_ref = 'ILLUSTR-NER-2022-007'", None).await.unwrap();
    let problem = t
        .store
        .verify_log(&verifier(), None)
        .await
        .unwrap()
        .unwrap_err();
    assert!(
        problem
            .to_string()
            .starts_with("finding `FND-NER-ILLUSTR-01`"),
        "{problem}"
    );
    t.cleanup().await.unwrap();
}

#[tokio::test]
async fn an_evidence_link_must_be_a_web_address() {
    let t = reference().await;
    let mut r = rec("REC-LINK-1");
    r["history"] = json!([{"to": "in_progress", "reason": "r", "by": "dcaf", "institution": "DCAF", "on": "2022-01-01"}]);
    r["evidence"] = json!([
        {"title": "ok", "url": "https://example.org/a", "added_by": "dcaf", "added_on": "2022-01-02"},
        {"title": "xss", "url": "javascript:alert(1)", "added_by": "dcaf", "added_on": "2022-01-02"}
    ]);
    let errors = messages(import(&t, &[r.clone()]).await.unwrap_err());
    assert_eq!(errors.len(), 1, "{errors:?}");
    let e = &errors[0];
    assert!(
        e.starts_with("recs.json:")
            && e.contains(": /recommendations/0/evidence/1/url: expected an http"),
        "{e}"
    );
    r["evidence"].as_array_mut().unwrap().pop();
    import(&t, &[r]).await.unwrap();
    t.cleanup().await.unwrap();
}
