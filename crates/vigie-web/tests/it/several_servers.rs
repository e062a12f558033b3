//! Several `serve` processes on one database behind a load balancer
//! (issue 16, item 6): a session opened on one is the session on the
//! others, writes racing on two keep the read models and the trail right,
//! and a server reading a streaming replica serves the public pages and
//! nothing else. (The sign-in limits across servers: `login.rs`.)

use serde_json::json;
use vigie_store::recommendations::{RecommendationFilter, dashboard_items};
use vigie_store::testing::TestStore;
use vigie_web::WebConfig;

use crate::support::{TestApp, TestServer, test_key};

/// A reader's page, seen again after the other server's write: each server
/// reads the data's version again within this (`revalidate::VERSION_READ`
/// is 250 ms).
const VERSION_READ: std::time::Duration = std::time::Duration::from_millis(300);

/// An illustrative recommendation of the demo's first workshop, not
/// started, addressed to `country`.
fn recommendation(code: &str, country: &str) -> serde_json::Value {
    json!({
        "code": code, "source": "conference_workshop",
        "workshop": {"conference": 1, "session": "W1"},
        "theme": "procurement", "priority": "high", "made_on": "2021-03-18",
        "title": {"fr": code, "en": code}, "text": {"fr": "t", "en": "t"},
        "countries": [country], "addressees": ["MLI-DGMP-DSP"],
        "illustrative": true, "history": []
    })
}

#[tokio::test]
async fn a_session_opened_on_one_server_is_the_session_on_the_other() {
    let app = TestApp::demo().await;
    let (one, other) = (app.server(), app.another_server().await);
    let session = app.sign_in("bfa-codes", "demo").await;
    let me = other.get_with_cookie("/api/v1/me", &session).await;
    assert_eq!(me.status, 200, "{}", me.body);
    assert_eq!(me.json()["username"], "bfa-codes");

    // Signed out on the other server (with the CSRF token its page gave),
    // the session ends on both.
    let page = other.get_with_cookie("/", &session).await;
    let token = page.csrf_token().expect("the sign-out form's CSRF token");
    let out = other
        .post_form_with("/logout", &format!("csrf_token={token}"), Some(&session))
        .await;
    assert_eq!(out.status, 303, "{}", out.body);
    for server in [&one, &other] {
        assert_eq!(
            server.get_with_cookie("/api/v1/me", &session).await.status,
            401
        );
    }
    app.cleanup().await;
}

/// Sixteen recommendations recorded at once, half through each server, each
/// then moved through the other, while eight documents are registered on
/// both: every write lands, the counts kept at write time are those of the
/// rows listed, both servers show the same pages, and the trail verifies,
/// one entry after the other.
#[tokio::test]
async fn writes_racing_on_two_servers_keep_the_read_models_and_the_trail() {
    let app = TestApp::demo().await;
    let servers = [app.server(), app.another_server().await];
    let facilitator = app.token("dcaf").await;
    let daf = app.token("bfa-daf").await;
    let registered = |server: &TestServer| {
        let (server, daf) = (server.clone(), daf.clone());
        async move {
            let reply = server
                .call(
                    "GET",
                    "/api/v1/documents?limit=1000",
                    Some(&daf),
                    None,
                    Vec::new(),
                )
                .await
                .json();
            let total = reply["total"].as_u64().unwrap();
            let listed = reply["documents"].as_array().unwrap().len() as u64;
            (total, listed)
        }
    };
    let (before, _) = registered(&servers[0]).await;
    let countries = ["MLI", "NER", "BFA", "TCD"];
    let mut writes = tokio::task::JoinSet::new();
    for i in 0..16usize {
        let (here, there) = (servers[i % 2].clone(), servers[(i + 1) % 2].clone());
        let token = facilitator.clone();
        let body = recommendation(&format!("RACE-{i:02}"), countries[i % 4]);
        writes.spawn(async move {
            let created = here
                .post_json("/api/v1/recommendations", &token, body)
                .await;
            assert_eq!(created.status, 201, "{}", created.body);
            let id = created.json()["id"].as_i64().unwrap();
            let url = format!("/api/v1/recommendations/{id}/status");
            let mut moves = vec!["in_progress"];
            if i % 3 == 0 {
                moves.push("implemented");
            }
            for to in moves {
                let moved = there
                    .post_json(&url, &token, json!({"status": to, "reason": "suivi"}))
                    .await;
                assert_eq!(moved.status, 200, "{to}: {}", moved.body);
            }
        });
    }
    for i in 0..8usize {
        let (server, token) = (servers[i % 2].clone(), daf.clone());
        writes.spawn(async move {
            let reference = format!("RACE-DOC-{i}");
            let fields = [
                ("title", "Note de test"),
                ("reference", reference.as_str()),
                ("country", "BFA"),
                ("level", "DR"),
                ("category", "weapons_capabilities"),
                ("declassify_on", "2030-01-01"),
            ];
            let reply = server.upload(&token, &fields, b"contenu").await;
            assert_eq!(reply.status, 201, "{}", reply.body);
        });
    }
    writes.join_all().await;
    for server in &servers {
        assert_eq!(registered(server).await, (before + 8, before + 8));
    }

    let recs = app.db.store.recommendations();
    for country in [None, Some("MLI"), Some("NER"), Some("BFA"), Some("TCD")] {
        let filter = RecommendationFilter {
            country: country.map(Into::into),
            ..Default::default()
        };
        let listed = recs.list(&filter).await.unwrap();
        assert_eq!(
            recs.dashboard(&filter).await.unwrap(),
            vigie_domain::recommendation::Dashboard::of(&dashboard_items(&listed)),
            "{country:?}"
        );
    }
    let all = recs.list(&RecommendationFilter::default()).await.unwrap();
    let raced: Vec<_> = all.iter().filter(|r| r.code.starts_with("RACE-")).collect();
    assert_eq!(raced.len(), 16);
    assert_eq!(
        raced.iter().filter(|r| r.status == "implemented").count(),
        6
    );

    tokio::time::sleep(VERSION_READ).await;
    for uri in ["/recommendations", "/recommendations?country=NER"] {
        let pages: Vec<_> = [servers[0].get(uri).await, servers[1].get(uri).await]
            .into_iter()
            .map(|reply| {
                assert_eq!(reply.status, 200, "{uri}");
                reply.body
            })
            .collect();
        assert_eq!(pages[0], pages[1], "{uri}: the servers disagree");
    }

    let report = app
        .db
        .store
        .verify_log(&test_key().verifier(), None)
        .await
        .unwrap()
        .unwrap_or_else(|problem| panic!("the trail does not verify: {problem}"));
    assert_eq!(report.size, app.db.store.data_version().await.unwrap());
    app.cleanup().await;
}

/// Waits, up to 30 s, until `replica` has replayed everything `primary` logged.
async fn caught_up(primary: &vigie_store::Store, replica: &vigie_store::Store) {
    let want = primary.data_version().await.unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while replica.data_version().await.unwrap() < want {
        assert!(
            std::time::Instant::now() < deadline,
            "the replica did not catch up"
        );
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
}

/// A standby made by `pg_basebackup` (`.ci/replica`) serves the public
/// pages as the primary does, refuses at once what belongs on the primary
/// (signing in, forms, sessions, tokens), cannot be made to write, and
/// shows the primary's writes once replayed.
#[tokio::test]
async fn a_replica_serves_the_public_pages_and_nothing_that_writes() {
    let Some((db, replica_url)) = TestStore::on_primary().await.unwrap() else {
        eprintln!(
            "skipped: no replica (set VIGIE_TEST_PRIMARY_URL and VIGIE_TEST_REPLICA_URL, as `bash .ci/replica start` prints)"
        );
        return;
    };
    db.store.load_demo().await.unwrap();
    let replica_store = db.replica_handle(&replica_url).await.unwrap();
    let app = TestApp::on(
        db,
        WebConfig {
            demo: true,
            ..WebConfig::default()
        },
    );
    let replica = TestServer::on(
        replica_store.clone(),
        WebConfig {
            demo: true,
            replica: true,
            ..WebConfig::default()
        },
    );
    caught_up(&app.db.store, &replica_store).await;

    for uri in [
        "/",
        "/budget",
        "/budget/BFA",
        "/procurement",
        "/documents",
        "/recommendations",
        "/findings",
        "/meetings",
        "/conferences",
        "/institutions",
        "/assessments",
        "/log/checkpoint",
        "/login",
        "/api/v1/budget/NER",
        "/api/v1/procurement/processes",
        "/api/v1/recommendations",
        "/api/v1/findings/statistics",
        "/api/v1/documents",
    ] {
        let (from_primary, from_replica) = (app.get(uri).await, replica.get(uri).await);
        assert_eq!(from_replica.status, 200, "{uri}: {}", from_replica.body);
        assert_eq!(from_primary.status, 200, "{uri}");
        if !uri.starts_with("/login") && !uri.starts_with("/log/") {
            assert_eq!(from_primary.body, from_replica.body, "{uri}");
        }
    }

    // What belongs on the primary is refused before anything is read, in
    // the reader's language, saying where to go.
    let signing_in = replica
        .post_form("/login", "username=bfa-codes&password=demo")
        .await;
    assert_eq!(signing_in.status, 503);
    assert!(
        signing_in.body.contains("adresse principale"),
        "{}",
        signing_in.body
    );
    assert!(signing_in.session_cookie().is_none());
    let session = app.sign_in("bfa-codes", "demo").await;
    assert_eq!(
        replica.get_with_cookie("/documents", &session).await.status,
        503
    );
    let token = app.token("dcaf").await;
    let with_token = replica
        .call("GET", "/api/v1/me", Some(&token), None, Vec::new())
        .await;
    assert_eq!(with_token.status, 503);
    assert_eq!(with_token.json()["error"]["code"], "read_only");

    // Were a write to slip through, the database refuses it.
    assert!(
        replica_store
            .create_api_token(&vigie_store::Actor::Cli, &"dcaf".parse().unwrap(), "x")
            .await
            .is_err()
    );

    // The primary's writes reach the replica's pages.
    let created = app
        .post_json(
            "/api/v1/recommendations",
            &token,
            recommendation("REPLICA-01", "NER"),
        )
        .await;
    assert_eq!(created.status, 201, "{}", created.body);
    caught_up(&app.db.store, &replica_store).await;
    tokio::time::sleep(VERSION_READ).await;
    let page = replica.get("/recommendations?country=NER").await;
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains("REPLICA-01"),
        "the replica's page is stale"
    );
    app.cleanup().await;
}
