//! Classified array items named by their OCDS id (decision 0014): hidden
//! from the public whatever later releases do to the array's order.

use super::*;

/// A classified award's amount (decision 0014): distinctive, so that a leak
/// anywhere is found by text.
const SECRET_AMOUNT: i64 = 987_654_321;
const REDACT_OCID: &str = "ocds-test-redact";
const REDACT_SUPPLIER: &str = "SUP-REDACT";

/// A release of the redaction process with `awards` (`(id, amount)`) and
/// the positional `classified` paths, as a publisher writes them.
fn with_awards(id: &str, date: &str, awards: &[(&str, i64)], classified: &[&str]) -> Value {
    let awards: Vec<Value> = awards
        .iter()
        .map(|(id, amount)| {
            json!({"id": id, "status": "active", "value": {"amount": amount, "currency": "XOF"},
                "suppliers": [{"id": REDACT_SUPPLIER, "name": "Fictive Redact SARL"}]})
        })
        .collect();
    let list: Vec<Value> = classified
        .iter()
        .map(|p| json!({"path": p, "level": "CD"}))
        .collect();
    let mut extra = json!({
        "parties": [{"id": REDACT_SUPPLIER, "name": "Fictive Redact SARL", "roles": ["supplier"]}],
        "awards": awards,
    });
    if !list.is_empty() {
        extra["classification"] = Value::Array(list);
    }
    release(REDACT_OCID, id, date, "award", extra)
}

/// Everything the public gets of the redaction process, as text: the
/// process, the register (what `vigie export ocds` writes), the supplier's
/// processes, the dashboard and the red flags of each.
async fn public_text(env: &Env) -> String {
    let public = Principal::public();
    let s = env.store();
    let one = s
        .procurement()
        .process(&env.authorizer, &Actor::System, &public, REDACT_OCID)
        .await
        .unwrap();
    let all = s
        .procurement()
        .view(&env.authorizer, &Actor::Cli, &public, None)
        .await
        .unwrap();
    let supplier = s
        .procurement()
        .supplier(&env.authorizer, &Actor::System, &public, REDACT_SUPPLIER)
        .await
        .unwrap();
    let mut out = one.release().to_string();
    for view in [&all, &supplier] {
        for p in view.processes() {
            out.push_str(&p.release().to_string());
        }
        let dashboard = vigie_store::procurement::dashboard::dashboard(view);
        out.push_str(&serde_json::to_string(&dashboard).unwrap());
        let flags = vigie_store::procurement::flags::flags(view);
        out.push_str(&serde_json::to_string(&flags).unwrap());
    }
    out
}

/// The dashboard's value of the supplier's processes, as the public sees it.
async fn public_value(env: &Env) -> rust_decimal::Decimal {
    let view = env
        .store()
        .procurement()
        .supplier(
            &env.authorizer,
            &Actor::System,
            &Principal::public(),
            REDACT_SUPPLIER,
        )
        .await
        .unwrap();
    let d = vigie_store::procurement::dashboard::dashboard(&view);
    d.years.iter().map(|y| y.value).sum()
}

/// The awards' amounts the public gets, in the compiled release's order.
async fn public_awards(env: &Env) -> Vec<(String, Option<i64>)> {
    let p = env.public_process(REDACT_OCID).await;
    p.release()["awards"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|a| {
            (
                a["id"].as_str().unwrap().to_owned(),
                a["value"]["amount"].as_i64(),
            )
        })
        .collect()
}

/// A cleared reader (Burkina Faso's court of auditors) still sees the
/// classified amount.
async fn cleared_sees_the_secret(env: &Env) {
    let (cdc, actor) = env.user("bfa-cdc").await;
    let seen = env
        .store()
        .procurement()
        .process(&env.authorizer, &actor, &cdc, REDACT_OCID)
        .await
        .unwrap();
    assert!(
        seen.release()
            .to_string()
            .contains(&SECRET_AMOUNT.to_string()),
        "{}",
        seen.release()
    );
    assert!(seen.withheld().is_empty());
}

fn assert_hidden(text: &str) {
    assert!(
        !text.contains(&SECRET_AMOUNT.to_string()),
        "the classified amount leaks: {text}"
    );
}

#[tokio::test]
async fn a_classified_award_stays_hidden_when_a_later_release_reorders_the_awards() {
    let env = Env::demo().await;
    // The compiled release keeps the first release's order: A-2, then A-1.
    env.import(
        "1.json",
        package(&[with_awards(
            "r1",
            "2023-03-01T00:00:00Z",
            &[("A-2", 22_000), ("A-1", 11_000)],
            &[],
        )]),
    )
    .await
    .unwrap();
    // The later release lists A-1 first and classifies its value there.
    env.import(
        "2.json",
        package(&[with_awards(
            "r2",
            "2023-04-01T00:00:00Z",
            &[("A-1", SECRET_AMOUNT), ("A-2", 22_000)],
            &["/awards/0/value"],
        )]),
    )
    .await
    .unwrap();
    assert_hidden(&public_text(&env).await);
    assert_eq!(
        public_awards(&env).await,
        [("A-2".into(), Some(22_000)), ("A-1".into(), None)],
        "A-2 is not withheld in its place"
    );
    assert_eq!(public_value(&env).await, 22_000.into());
    let p = env.public_process(REDACT_OCID).await;
    assert_eq!(p.withheld()[0].path, "/awards/id=A-1/value");
    assert_eq!(p.withheld()[0].pointers, ["/awards/1/value"]);
    cleared_sees_the_secret(&env).await;
    env.verify().await.unwrap();
    env.t.cleanup().await.unwrap();
}

#[tokio::test]
async fn a_classified_award_stays_hidden_when_a_release_inserts_one_before_it() {
    let env = Env::demo().await;
    env.import(
        "1.json",
        package(&[with_awards(
            "r2",
            "2023-04-01T00:00:00Z",
            &[("A-1", SECRET_AMOUNT)],
            &["/awards/0/value"],
        )]),
    )
    .await
    .unwrap();
    assert_hidden(&public_text(&env).await);
    // An earlier release, imported later: its award comes first.
    env.import(
        "2.json",
        package(&[with_awards(
            "r1",
            "2023-03-01T00:00:00Z",
            &[("A-0", 5_000)],
            &[],
        )]),
    )
    .await
    .unwrap();
    assert_hidden(&public_text(&env).await);
    assert_eq!(
        public_awards(&env).await,
        [("A-0".into(), Some(5_000)), ("A-1".into(), None)]
    );
    assert_eq!(public_value(&env).await, 5_000.into());
    cleared_sees_the_secret(&env).await;
    env.t.cleanup().await.unwrap();
}

#[tokio::test]
async fn a_removed_classified_award_leaves_nothing_hidden_wrongly() {
    let env = Env::demo().await;
    env.import(
        "1.json",
        package(&[with_awards(
            "r1",
            "2023-03-01T00:00:00Z",
            &[("A-1", SECRET_AMOUNT), ("A-2", 22_000)],
            &["/awards/0/value"],
        )]),
    )
    .await
    .unwrap();
    assert_hidden(&public_text(&env).await);
    // The merge never drops an item by id (and the schema refuses
    // `awards: null`): an award leaves the compiled release when the
    // publisher republishes the release that carried it without it. The
    // entry stays, by id, naming nothing now.
    env.import(
        "2.json",
        package(&[with_awards(
            "r1",
            "2023-03-01T00:00:00Z",
            &[("A-2", 22_000)],
            &["/awards/id=A-1/value"],
        )]),
    )
    .await
    .unwrap();
    assert_hidden(&public_text(&env).await);
    // The award now first is not the classified one: it is shown whole.
    assert_eq!(public_awards(&env).await, [("A-2".into(), Some(22_000))]);
    assert_eq!(public_value(&env).await, 22_000.into());
    let p = env.public_process(REDACT_OCID).await;
    assert_eq!(p.withheld()[0].path, "/awards/id=A-1/value");
    assert!(p.withheld()[0].pointers.is_empty(), "nothing left to mark");
    env.t.cleanup().await.unwrap();
}

/// Two awards share `A-1`; the second, classified by position, holds the secret.
fn repeated_award_id() -> String {
    package(&[with_awards(
        "r1",
        "2023-03-01T00:00:00Z",
        &[("A-1", 11_000), ("A-1", SECRET_AMOUNT), ("A-2", 22_000)],
        &["/awards/1/value"],
    )])
}

#[tokio::test]
async fn a_repeated_award_id_is_suffixed_and_the_classified_one_found_by_it() {
    let env = Env::demo().await;
    // Two awards share `A-1`: read leniently (decision 0019), the second
    // is `A-1-2`, and the position the publisher classified names it.
    let report = env.import("p.json", repeated_award_id()).await.unwrap();
    assert!(
        report
            .warnings
            .iter()
            .any(|w| w.column == "/releases/0/awards/1/id")
    );
    assert_hidden(&public_text(&env).await);
    assert_eq!(
        public_awards(&env).await,
        [
            ("A-1".into(), Some(11_000)),
            ("A-1-2".into(), None),
            ("A-2".into(), Some(22_000))
        ]
    );
    cleared_sees_the_secret(&env).await;
    env.t.cleanup().await.unwrap();
}

#[tokio::test]
async fn a_classified_award_with_a_duplicate_id_is_hidden_whole() {
    let env = Env::demo().await;
    // Read strictly, two awards share `A-1`: the merge makes them one, and
    // the one classified by position is found by that id.
    env.import_strict("p.json", repeated_award_id())
        .await
        .unwrap();
    assert_hidden(&public_text(&env).await);
    assert_eq!(
        public_awards(&env).await,
        [("A-1".into(), None), ("A-2".into(), Some(22_000))]
    );
    cleared_sees_the_secret(&env).await;
    env.t.cleanup().await.unwrap();
}

#[tokio::test]
async fn a_whole_classified_award_is_withheld_by_id_and_the_others_keep_their_fields() {
    let env = Env::demo().await;
    env.import(
        "p.json",
        package(&[
            with_awards("r1", "2023-03-01T00:00:00Z", &[("A-2", 22_000)], &[]),
            with_awards(
                "r2",
                "2023-04-01T00:00:00Z",
                &[("A-1", SECRET_AMOUNT), ("A-2", 22_000)],
                &["/awards/0"],
            ),
        ]),
    )
    .await
    .unwrap();
    assert_hidden(&public_text(&env).await);
    assert_eq!(public_awards(&env).await, [("A-2".into(), Some(22_000))]);
    cleared_sees_the_secret(&env).await;
    env.t.cleanup().await.unwrap();
}

#[tokio::test]
async fn a_process_compiled_before_ids_withholds_the_whole_array_of_a_position() {
    let env = Env::demo().await;
    env.import(
        "p.json",
        package(&[with_awards(
            "r1",
            "2023-03-01T00:00:00Z",
            &[("A-1", SECRET_AMOUNT), ("A-2", 22_000)],
            &["/awards/0/value"],
        )]),
    )
    .await
    .unwrap();
    // As a row compiled by an earlier version holds it: a position.
    env.t
        .tamper_compiled(|text| text.replace("/awards/id=A-1/value", "/awards/0/value"))
        .await
        .unwrap();
    assert_hidden(&public_text(&env).await);
    assert!(public_awards(&env).await.is_empty(), "withheld whole");
    env.t.cleanup().await.unwrap();
}

#[tokio::test]
async fn an_empty_id_in_a_classification_path_is_an_error_of_the_file() {
    let env = Env::demo().await;
    let errors = env
        .rejected(
            "p.jsonl",
            with_awards(
                "r1",
                "2023-03-01T00:00:00Z",
                &[("A-1", 1)],
                &["/awards/id=/value"],
            )
            .to_string(),
        )
        .await;
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0]
            .to_string()
            .starts_with("p.jsonl:1: /classification/0/path: "),
        "{}",
        errors[0]
    );
    env.t.cleanup().await.unwrap();
}

#[tokio::test]
async fn restating_a_classification_by_another_position_classifies_nothing_anew() {
    let env = Env::demo().await;
    let authority = producer("bfa-daf-cd", CountryCode::BFA, "BFA-DAF", 2);
    let as_authority = Writer::User {
        principal: &authority,
        authorizer: &env.authorizer,
    };
    env.import_by(
        as_authority,
        "1.json",
        package(&[with_awards(
            "r1",
            "2023-03-01T00:00:00Z",
            &[("A-1", SECRET_AMOUNT), ("A-2", 22_000)],
            &["/awards/0/value"],
        )]),
    )
    .await
    .unwrap();
    // A producer who may not classify lists the awards the other way round.
    let mut clerk = producer("bfa-daf-clerk", CountryCode::BFA, "BFA-DAF", 4);
    clerk.roles = vec![vigie_domain::Role::Producer];
    let as_clerk = Writer::User {
        principal: &clerk,
        authorizer: &env.authorizer,
    };
    let reordered = |classified: &str| {
        package(&[with_awards(
            "r2",
            "2023-04-01T00:00:00Z",
            &[("A-2", 22_000), ("A-1", SECRET_AMOUNT)],
            &[classified],
        )])
    };
    // Position 0 of this release is A-2: that would classify it anew.
    let errors = refusals(
        env.import_by(as_clerk, "2.json", reordered("/awards/0/value"))
            .await,
    );
    assert!(
        errors[0].reason.contains("may not classify"),
        "{}",
        errors[0]
    );
    // Position 1 is A-1, classified already: nothing new.
    env.import_by(as_clerk, "2.json", reordered("/awards/1/value"))
        .await
        .unwrap();
    assert_hidden(&public_text(&env).await);
    assert_eq!(
        public_awards(&env).await,
        [("A-1".into(), None), ("A-2".into(), Some(22_000))]
    );
    env.t.cleanup().await.unwrap();
}
