//! Class 4, oracles: no answer may depend on what the caller may not know
//! — not its status, its body, nor the trail's size it makes grow.

use serde_json::json;
use vigie_domain::Role;

use crate::support::TestApp;

/// The size line of `/log/checkpoint` (a C2SP signed note: origin, size,
/// root hash).
async fn log_size(app: &TestApp) -> u64 {
    let note = app.get("/log/checkpoint").await.body;
    note.lines().nth(1).unwrap().parse().unwrap()
}

/// A classified document is, to whoever may not know of it, exactly a
/// missing id: same status, same body, and the trail does not grow.
#[tokio::test]
async fn a_hidden_document_answers_as_a_missing_one() {
    let app = TestApp::demo().await;
    let sd = app.document_id("BFA-DAF-2023-007").await;
    let missing = 9_999_999;
    let foreign = app.token("mli-bvg").await;
    for token in [None, Some(foreign.as_str())] {
        for path in ["", "/content"] {
            let before = log_size(&app).await;
            let hidden = app
                .call(
                    "GET",
                    &format!("/api/v1/documents/{sd}{path}"),
                    token,
                    None,
                    Vec::new(),
                )
                .await;
            let after_hidden = log_size(&app).await;
            let absent = app
                .call(
                    "GET",
                    &format!("/api/v1/documents/{missing}{path}"),
                    token,
                    None,
                    Vec::new(),
                )
                .await;
            assert_eq!(hidden.status, 404, "{}", hidden.body);
            assert_eq!((hidden.status, &hidden.body), (absent.status, &absent.body));
            assert_eq!(after_hidden, before, "the trail's size tells nothing");
            assert_eq!(log_size(&app).await, before);
        }
        // The page, too.
        let page = app.get(&format!("/documents/{sd}")).await;
        let none = app.get(&format!("/documents/{missing}")).await;
        assert_eq!(page.status, none.status);
    }
    // The court of auditors, who sees the register, is refused the content
    // of a document outside its mandate, and that refusal is in the trail.
    let cdc = app.token("bfa-cdc").await;
    let before = log_size(&app).await;
    let tsd = app
        .call(
            "GET",
            &format!("/api/v1/documents/{sd}/content"),
            Some(&cdc),
            None,
            Vec::new(),
        )
        .await;
    assert!(matches!(tsd.status, 200 | 403), "{}", tsd.status);
    assert_eq!(log_size(&app).await, before + 1);
    app.cleanup().await;
}

/// An access request is invisible to whoever may not answer it: deciding
/// it answers as for a missing id, before and after it was answered.
#[tokio::test]
async fn an_access_request_is_invisible_to_whoever_may_not_answer_it() {
    let app = TestApp::demo().await;
    let sd = app.document_id("BFA-DAF-2023-007").await;
    let mp = app.token("bfa-codes").await;
    let reply = app
        .post_json(
            "/api/v1/access-requests",
            &mp,
            json!({"document_id": sd, "legal_basis": "Règlement intérieur, art. 40", "purpose": "Contrôle"}),
        )
        .await;
    assert_eq!(reply.status, 201, "{}", reply.body);
    let id = reply.json()["id"].as_i64().unwrap();
    let missing = 9_999_999;
    let daf = app.token("bfa-daf").await;
    let outsiders = [app.token("mli-daf").await, app.token("bfa-cdc").await];
    let attempt = |token: String, id: i64| {
        let app = &app;
        async move {
            let reply = app
                .post_json(
                    &format!("/api/v1/access-requests/{id}/decision"),
                    &token,
                    json!({"decision": "refuse", "reasons": "sonde"}),
                )
                .await;
            (reply.status, reply.body)
        }
    };
    for round in ["open", "answered"] {
        for token in &outsiders {
            let real = attempt(token.clone(), id).await;
            assert_eq!(real.0, 404, "{round}: {}", real.1);
            assert_eq!(real, attempt(token.clone(), missing).await, "{round}");
            let shown = app
                .call(
                    "GET",
                    &format!("/api/v1/access-requests/{id}"),
                    Some(token),
                    None,
                    Vec::new(),
                )
                .await;
            assert_eq!(shown.status, 404, "{round}");
        }
        if round == "open" {
            let granted = app
                .post_json(
                    &format!("/api/v1/access-requests/{id}/decision"),
                    &daf,
                    json!({"decision": "grant", "reasons": "Mission de contrôle."}),
                )
                .await;
            assert_eq!(granted.status, 200, "{}", granted.body);
        }
    }
    app.cleanup().await;
}

/// An authority who may answer a request but not read the document cannot
/// probe its content by naming passages to remove: present or not, the
/// answer is the same refusal.
#[tokio::test]
async fn passages_to_remove_tell_nothing_to_who_may_not_read() {
    let app = TestApp::demo().await;
    let cd = app.document_id("BFA-DAF-2024-014").await;
    let mp = app.token("bfa-codes").await;
    // The commission reads CD documents; an auditor without a mandate
    // over 2025 asks instead.
    let _ = mp;
    app.add_user("bfa-cdc-2", "BFA-CDC", &[Role::Auditor], 4)
        .await;
    let auditor = app.token("bfa-cdc-2").await;
    let reply = app
        .post_json(
            "/api/v1/access-requests",
            &auditor,
            json!({"document_id": cd, "legal_basis": "Loi organique, art. 12", "purpose": "Contrôle"}),
        )
        .await;
    assert_eq!(reply.status, 201, "{}", reply.body);
    let id = reply.json()["id"].as_i64().unwrap();
    // An authority of the stewardship who is not a producer: it answers
    // requests, it does not read the register's content.
    app.add_user(
        "bfa-daf-authority",
        "BFA-DAF",
        &[Role::ClassificationAuthority],
        4,
    )
    .await;
    let authority = app.token("bfa-daf-authority").await;
    let partial = |passage: &'static str| {
        let app = &app;
        let authority = authority.clone();
        async move {
            let reply = app
                .post_json(
                    &format!("/api/v1/access-requests/{id}/decision"),
                    &authority,
                    json!({"decision": "partial", "remove": [passage], "reasons": "En partie."}),
                )
                .await;
            (reply.status, reply.body)
        }
    };
    let present = partial("DOCUMENT FICTIF DE DÉMONSTRATION").await;
    let absent = partial("un passage qui n'y est pas").await;
    assert_eq!(present.0, 403, "{}", present.1);
    assert_eq!(present, absent);
    app.cleanup().await;
}
