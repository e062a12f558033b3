//! The contract of the register and access-request endpoints, as outside
//! scripts use them.

use serde_json::json;

use crate::support::TestApp;

fn fields<'a>(reference: &'a str, level: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("title", "Note de test"),
        ("reference", reference),
        ("country", "BFA"),
        ("level", level),
        ("category", "weapons_capabilities"),
        ("declassify_on", "2030-01-01"),
    ]
}

#[tokio::test]
async fn upload_then_see_and_read_as_the_policies_say() {
    let app = TestApp::demo().await;
    let daf = app.token("bfa-daf").await;
    let mp = app.token("bfa-codes").await;
    let foreign = app.token("mli-bvg").await;

    let reply = app
        .upload(&daf, &fields("API-CD-1", "CD"), b"contenu CD")
        .await;
    assert_eq!(reply.status, 201, "{}", reply.body);
    let cd = reply.json()["id"].as_i64().unwrap();
    let reply = app
        .upload(&daf, &fields("API-SD-1", "SD"), b"contenu SD")
        .await;
    let sd = reply.json()["id"].as_i64().unwrap();

    // Metadata: 404 for whoever may not know the document exists.
    assert_eq!(
        app.get(&format!("/api/v1/documents/{cd}")).await.status,
        404
    );
    assert_eq!(
        app.call(
            "GET",
            &format!("/api/v1/documents/{cd}"),
            Some(&foreign),
            None,
            vec![]
        )
        .await
        .status,
        404
    );
    let meta = app
        .call(
            "GET",
            &format!("/api/v1/documents/{cd}"),
            Some(&mp),
            None,
            vec![],
        )
        .await;
    assert_eq!(meta.status, 200);
    let meta = meta.json();
    assert_eq!(meta["reference"], "API-CD-1");
    assert_eq!(meta["level"]["code"], "CD");
    assert_eq!(meta["declassify_on"], "2030-01-01");
    assert_eq!(meta["history"][0]["action"], "classify");

    // Content: 404 hidden, 403 visible entry, 200 allowed.
    let content = |id: i64, token: Option<&str>| {
        let uri = format!("/api/v1/documents/{id}/content");
        let token = token.map(str::to_owned);
        let app = &app;
        async move { app.call("GET", &uri, token.as_deref(), None, vec![]).await }
    };
    assert_eq!(content(cd, None).await.status, 404);
    assert_eq!(content(cd, Some(&foreign)).await.status, 404);
    let read = content(cd, Some(&mp)).await;
    assert_eq!(
        (read.status, read.bytes.as_slice()),
        (200, b"contenu CD".as_slice())
    );
    assert!(
        read.headers["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment")
    );
    assert_eq!(content(sd, Some(&mp)).await.status, 403);
    assert_eq!(
        app.get("/api/v1/documents/999999/content").await.status,
        404
    );

    // The listing shows the caller's view, with a count.
    let list = app
        .call("GET", "/api/v1/documents?q=API-", Some(&mp), None, vec![])
        .await
        .json();
    assert_eq!(list["total"], 2);
    let list = app.get("/api/v1/documents?q=API-").await.json();
    assert_eq!(list["total"], 0);
    let csv = app
        .call(
            "GET",
            "/api/v1/documents.csv?q=API-",
            Some(&mp),
            None,
            vec![],
        )
        .await;
    assert_eq!(csv.body.lines().count(), 3, "{}", csv.body);
    assert_eq!(
        app.get("/api/v1/documents.csv?q=API-")
            .await
            .body
            .lines()
            .count(),
        1
    );

    // Bad uploads: anonymous, a missing field, a level the scheme lacks, the
    // presumption of disclosure.
    assert_eq!(
        app.call(
            "POST",
            "/api/v1/documents",
            None,
            Some("multipart/form-data; boundary=x"),
            b"--x--\r\n".to_vec()
        )
        .await
        .status,
        401
    );
    let mut missing = fields("API-X", "CD");
    missing.retain(|(k, _)| *k != "title");
    let reply = app.upload(&daf, &missing, b"x").await;
    assert_eq!(reply.status, 422, "{}", reply.body);
    assert!(reply.body.contains("title"));
    let reply = app.upload(&daf, &fields("API-Y", "ZZ"), b"x").await;
    assert_eq!(reply.status, 422);
    assert!(reply.body.contains("level"), "{}", reply.body);
    let mut budget = fields("API-Z", "SD");
    budget[4] = ("category", "overall_budget");
    assert_eq!(app.upload(&daf, &budget, b"x").await.status, 403);
    assert_eq!(
        app.upload(&mp, &fields("API-W", "DR"), b"x").await.status,
        403
    );
    assert_eq!(
        app.upload(&daf, &fields("API-CD-1", "CD"), b"x")
            .await
            .status,
        409
    );
    app.cleanup().await;
}

#[tokio::test]
async fn an_access_request_is_answered_only_with_reasons() {
    let app = TestApp::demo().await;
    let daf = app.token("bfa-daf").await;
    let mp = app.token("bfa-codes").await;
    let sd = app
        .upload(&daf, &fields("REQ-SD-1", "SD"), b"contenu secret")
        .await
        .json()["id"]
        .as_i64()
        .unwrap();
    assert_eq!(
        app.call(
            "GET",
            &format!("/api/v1/documents/{sd}/content"),
            Some(&mp),
            None,
            vec![]
        )
        .await
        .status,
        403
    );

    let reply = app
        .post_json("/api/v1/access-requests", &mp, json!({"document_id": sd, "legal_basis": "Règlement intérieur, art. 40", "purpose": "Contrôle budgétaire"}))
        .await;
    assert_eq!(reply.status, 201, "{}", reply.body);
    let id = reply.json()["id"].as_i64().unwrap();
    assert!(reply.json()["due_on"].is_string());
    let reply = app
        .post_json(
            "/api/v1/access-requests",
            &mp,
            json!({"document_id": sd, "legal_basis": "", "purpose": "x"}),
        )
        .await;
    assert_eq!(reply.status, 422);

    let to_answer = app
        .call(
            "GET",
            "/api/v1/access-requests?view=to_answer",
            Some(&daf),
            None,
            vec![],
        )
        .await
        .json();
    assert_eq!(to_answer[0]["id"], id);
    assert_eq!(to_answer[0]["overdue"], false);

    let decision = format!("/api/v1/access-requests/{id}/decision");
    assert_eq!(
        app.post_json(&decision, &daf, json!({"decision": "grant"}))
            .await
            .status,
        422
    );
    assert_eq!(
        app.post_json(
            &decision,
            &daf,
            json!({"decision": "grant", "reasons": "   "})
        )
        .await
        .status,
        422
    );
    assert_eq!(
        app.post_json(
            &decision,
            &daf,
            json!({"decision": "maybe", "reasons": "x"})
        )
        .await
        .status,
        422
    );
    assert_eq!(
        app.post_json(
            &decision,
            &mp,
            json!({"decision": "grant", "reasons": "moi"})
        )
        .await
        .status,
        403
    );
    let reply = app
        .post_json(
            &decision,
            &daf,
            json!({"decision": "grant", "reasons": "Mission de contrôle en cours."}),
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(reply.json()["status"], "granted");
    assert_eq!(
        reply.json()["decisions"][0]["reasons"],
        "Mission de contrôle en cours."
    );
    assert_eq!(
        app.post_json(
            &decision,
            &daf,
            json!({"decision": "refuse", "reasons": "x"})
        )
        .await
        .status,
        409
    );

    let read = app
        .call(
            "GET",
            &format!("/api/v1/documents/{sd}/content"),
            Some(&mp),
            None,
            vec![],
        )
        .await;
    assert_eq!((read.status, read.body.as_str()), (200, "contenu secret"));
    // Only the requester and the authority see the request.
    let other = app.token("bfa-cdc").await;
    assert_eq!(
        app.call(
            "GET",
            &format!("/api/v1/access-requests/{id}"),
            Some(&other),
            None,
            vec![]
        )
        .await
        .status,
        404
    );
    app.cleanup().await;
}
