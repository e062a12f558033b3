//! Class 1, ownership across borders: a record's country and producing
//! service are fixed when it is first stored, and a write is decided
//! against the stored record, for every import the web accepts.

use serde_json::json;
use vigie_domain::Role;

use crate::support::TestApp;

/// A BFA process of the demo with a field classified CD (the exemption's
/// justification), and the words of that field.
const BFA_PROCESS: &str = "ocds-vigie-bfa-2021-003";
const SECRET_WORDS: &str = "publicité incompatible avec la protection";

/// One OCDS release as a line of its own.
fn release(ocid: &str, id: &str, country: &str, title: &str) -> String {
    json!({
        "ocid": ocid, "id": id, "date": "2024-05-01T00:00:00Z", "tag": ["tenderUpdate"],
        "initiationType": "tender", "country": country,
        "buyer": {"id": "B", "name": "Acheteur (test)"},
        "tender": {"id": "t", "title": title},
    })
    .to_string()
}

async fn process_json(app: &TestApp, token: Option<&str>) -> serde_json::Value {
    let reply = app
        .call(
            "GET",
            &format!("/api/v1/procurement/processes/{BFA_PROCESS}"),
            token,
            None,
            Vec::new(),
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    reply.json()
}

/// The critical finding: Mali's stewardship sends a release of a Burkinabè
/// process declaring Mali, to re-home it and read its restricted fields.
#[tokio::test]
async fn a_producer_cannot_take_another_countrys_process() {
    let app = TestApp::demo().await;
    let before = process_json(&app, None).await;
    let mli = app.sign_in("mli-daf", "demo").await;
    for dry_run in [true, false] {
        let reply = app
            .upload_form(
                "/procurement/import",
                &mli,
                (
                    "take.jsonl",
                    &release(BFA_PROCESS, "take-1", "MLI", "Pris par le Mali"),
                ),
                dry_run,
            )
            .await;
        assert_eq!(reply.status, 403, "{}", reply.body);
        assert!(
            reply
                .body
                .contains("is a contracting process of BFA: a release cannot move it to MLI"),
            "the refusal names the record and why: {}",
            reply.body
        );
    }
    // Declaring its true country does not help: it is not Mali's to write.
    let reply = app
        .upload_form(
            "/procurement/import",
            &mli,
            (
                "take.jsonl",
                &release(BFA_PROCESS, "take-2", "BFA", "Réécrit par le Mali"),
            ),
            false,
        )
        .await;
    assert_eq!(reply.status, 403, "{}", reply.body);
    assert!(
        reply.body.contains("only its own country"),
        "{}",
        reply.body
    );

    // Nothing changed, and Mali still reads none of the restricted field.
    let after = process_json(&app, None).await;
    assert_eq!(after, before);
    let token = app.token("mli-daf").await;
    let as_mli = process_json(&app, Some(&token)).await;
    assert_eq!(as_mli["country"], "BFA");
    assert!(!as_mli.to_string().contains(SECRET_WORDS), "{as_mli}");
    app.cleanup().await;
}

/// Another producing service of the same country may not rewrite a
/// process the stewardship recorded.
#[tokio::test]
async fn a_service_cannot_rewrite_another_services_process() {
    let app = TestApp::demo().await;
    let daf = app.sign_in("bfa-daf", "demo").await;
    let ocid = "ocds-vigie-attack-own-1";
    let reply = app
        .upload_form(
            "/procurement/import",
            &daf,
            (
                "own.jsonl",
                &release(ocid, "own-1", "BFA", "Enregistré par l'intendance"),
            ),
            false,
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.body);

    app.add_user(
        "bfa-arcop-producer",
        "BFA-ARCOP",
        &[Role::Producer, Role::ClassificationAuthority],
        4,
    )
    .await;
    let other = app.sign_in("bfa-arcop-producer", "demo").await;
    let reply = app
        .upload_form(
            "/procurement/import",
            &other,
            ("rewrite.jsonl", &release(ocid, "own-2", "BFA", "Réécrit")),
            false,
        )
        .await;
    assert_eq!(reply.status, 403, "{}", reply.body);
    assert!(
        reply.body.contains("it was recorded by BFA-DAF"),
        "{}",
        reply.body
    );
    let stored = app
        .get(&format!("/api/v1/procurement/processes/{ocid}"))
        .await
        .json();
    assert_eq!(
        stored["release"]["tender"]["title"], "Enregistré par l'intendance",
        "{stored}"
    );
    app.cleanup().await;
}

/// A producer writes its own country's budget only; the refusal is a 403
/// that names the line, and nothing is stored.
#[tokio::test]
async fn a_producer_cannot_write_another_countrys_budget() {
    let app = TestApp::demo().await;
    let mli = app.sign_in("mli-daf", "demo").await;
    let file = "country,fiscal_year,scope,section,program,action,economic_nature,function,stage,amount,currency,law,classification\n\
                BFA,2023,sector,Ministère de la Défense (test),Programme test,,personnel,02.1,initial,1,XOF,,\n";
    let before = app.get("/api/v1/budget/BFA").await.body;
    let reply = app
        .upload_form("/budget/import", &mli, ("b.csv", file), false)
        .await;
    assert_eq!(reply.status, 403, "{}", reply.body);
    assert!(
        reply.body.contains("b.csv:2:") && reply.body.contains("only its own country"),
        "{}",
        reply.body
    );
    assert_eq!(app.get("/api/v1/budget/BFA").await.body, before);
    app.cleanup().await;
}
