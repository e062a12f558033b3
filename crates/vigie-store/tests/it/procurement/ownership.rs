//! Who may write a process (issue 14, classes 1 and 3, decision 0015): a
//! stored process keeps its country and service, and classifying a field
//! through an import is a policy decision.

use super::*;

/// Issue 14, class 1: a process's country is fixed when it is first
/// stored; no release, whoever sends it, moves it to another country.
#[tokio::test]
async fn a_stored_process_keeps_its_country_and_service() {
    let env = Env::demo().await;
    env.import("p.json", package(&two_releases()))
        .await
        .unwrap();
    let stored = |env: &Env| {
        let store = env.store().clone();
        let authorizer = Authorizer::load().unwrap();
        async move {
            store
                .procurement()
                .process(
                    &authorizer,
                    &Actor::System,
                    &Principal::public(),
                    "ocds-test-1",
                )
                .await
                .unwrap()
        }
    };
    let before = stored(&env).await;
    let mut moved = release(
        "ocds-test-1",
        "ocds-test-1-mli",
        "2023-04-01T00:00:00Z",
        "tenderUpdate",
        json!({"tender": {"id": "t1", "title": "Now Mali's"}}),
    );
    moved["country"] = json!("MLI");

    // Mali's stewardship, a producer cleared to the top: refused, naming
    // the process and why.
    let mli = producer("mli-daf", CountryCode::MLI, "MLI-DAF", 4);
    let as_mli = Writer::User {
        principal: &mli,
        authorizer: &env.authorizer,
    };
    let errors = refusals(
        env.import_by(as_mli, "m.json", package(&[moved.clone()]))
            .await,
    );
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].column.ends_with("/country"), "{}", errors[0]);
    assert!(
        errors[0].reason.contains(
            "`ocds-test-1` is a contracting process of BFA: a release cannot move it to MLI"
        ),
        "{}",
        errors[0]
    );
    // The operator cannot move it either: it is a rule of the record.
    let errors = refusals(env.import("m.json", package(&[moved])).await);
    assert!(
        errors[0].reason.contains("cannot move it to MLI"),
        "{}",
        errors[0]
    );
    let after = stored(&env).await;
    assert_eq!(after.country(), CountryCode::BFA);
    assert_eq!(after.release(), before.release());

    // A process a service recorded is that service's: another producer of
    // the same country may not change it.
    let daf = producer("bfa-daf", CountryCode::BFA, "BFA-DAF", 4);
    let as_daf = Writer::User {
        principal: &daf,
        authorizer: &env.authorizer,
    };
    let own = release(
        "ocds-test-2",
        "ocds-test-2-tender",
        "2024-01-01T00:00:00Z",
        "tender",
        json!({"tender": {"id": "t2", "title": "Recorded by the stewardship"}}),
    );
    env.import_by(as_daf, "own.json", package(&[own]))
        .await
        .unwrap();
    let other = producer("bfa-dgmp", CountryCode::BFA, "BFA-DGMP", 4);
    let as_other = Writer::User {
        principal: &other,
        authorizer: &env.authorizer,
    };
    let update = release(
        "ocds-test-2",
        "ocds-test-2-update",
        "2024-02-01T00:00:00Z",
        "tenderUpdate",
        json!({"tender": {"id": "t2", "title": "Rewritten"}}),
    );
    let errors = refusals(
        env.import_by(as_other, "u.json", package(std::slice::from_ref(&update)))
            .await,
    );
    assert!(
        errors[0].reason.contains("it was recorded by BFA-DAF"),
        "{}",
        errors[0]
    );
    env.import_by(as_daf, "u.json", package(&[update]))
        .await
        .unwrap();
    env.verify().await.unwrap();
    env.t.cleanup().await.unwrap();
}

/// Issue 14, class 3: classifying a field through an import is a
/// `classify` decision that weighs the writer's role and clearance; and a
/// process with fields above a producer's clearance is not theirs to write.
#[tokio::test]
async fn classifying_a_field_by_import_is_a_policy_decision() {
    let env = Env::demo().await;
    let classify = |level: &str| {
        release(
            "ocds-test-3",
            &format!("ocds-test-3-{level}"),
            "2024-01-01T00:00:00Z",
            "tender",
            json!({"tender": {"id": "t3", "title": "Classified in the file",
                "exemption": {"legalBasis": "Décret illustratif", "justification": "WHY"}},
                "classification": [{"path": "/tender/exemption/justification", "level": level}]}),
        )
    };
    // A producer who is no classification authority may not classify.
    let mut clerk = producer("bfa-daf-clerk", CountryCode::BFA, "BFA-DAF", 4);
    clerk.roles = vec![vigie_domain::Role::Producer];
    let as_clerk = Writer::User {
        principal: &clerk,
        authorizer: &env.authorizer,
    };
    let errors = refusals(
        env.import_by(as_clerk, "c.json", package(&[classify("CD")]))
            .await,
    );
    assert!(
        errors[0].column.ends_with("/classification/0/level"),
        "{}",
        errors[0]
    );
    assert!(
        errors[0].reason.contains("may not classify"),
        "{}",
        errors[0]
    );
    // An authority cleared to CD classifies at CD, not at SD.
    let authority = producer("bfa-daf-cd", CountryCode::BFA, "BFA-DAF", 2);
    let as_authority = Writer::User {
        principal: &authority,
        authorizer: &env.authorizer,
    };
    let errors = refusals(
        env.import_by(as_authority, "c.json", package(&[classify("SD")]))
            .await,
    );
    assert!(
        errors[0].reason.contains("may not classify"),
        "{}",
        errors[0]
    );
    env.import_by(as_authority, "c.json", package(&[classify("CD")]))
        .await
        .unwrap();
    // The clerk, cleared to DR only, may no longer write the process.
    clerk.clearance = 1;
    let as_clerk = Writer::User {
        principal: &clerk,
        authorizer: &env.authorizer,
    };
    let update = release(
        "ocds-test-3",
        "ocds-test-3-update",
        "2024-02-01T00:00:00Z",
        "tenderUpdate",
        json!({"tender": {"id": "t3", "title": "Rewritten"}}),
    );
    let errors = refusals(env.import_by(as_clerk, "u.json", package(&[update])).await);
    assert!(
        errors[0]
            .reason
            .contains("holds fields classified above your clearance"),
        "{}",
        errors[0]
    );
    env.t.cleanup().await.unwrap();
}
