//! Races: the same request many times at once must not get through a
//! check that each copy would fail alone.

use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, header};
use tokio::task::JoinSet;
use vigie_web::ClientKey;

use crate::support::{Reply, TestApp};

/// Failures allowed per username per window (`throttle::MAX_FAILURES`).
const MAX_FAILURES: usize = 5;
/// Failures allowed per client per window (`throttle::MAX_CLIENT_FAILURES`).
const MAX_CLIENT_FAILURES: usize = 50;

/// `POST /login` from `client`.
async fn sign_in_from(app: &TestApp, client: &str, username: &str, password: &str) -> Reply {
    let mut request = Request::post("/login")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(format!(
            "username={username}&password={password}"
        )))
        .unwrap();
    request
        .extensions_mut()
        .insert(ClientKey(client.to_owned()));
    app.send(request).await
}

/// Sends `count` sign-ins at once, each from its own task.
async fn storm(
    app: &Arc<TestApp>,
    count: usize,
    each: impl Fn(usize) -> (String, String, String),
) -> Vec<Reply> {
    let mut tasks = JoinSet::new();
    for i in 0..count {
        let app = Arc::clone(app);
        let (client, username, password) = each(i);
        tasks.spawn(async move { sign_in_from(&app, &client, &username, &password).await });
    }
    tasks.join_all().await
}

/// How many guesses were checked (401), and the replies refused before
/// any check (429); the only other answer allowed is 503 (the password
/// gate full: not checked either, retry later), which other tests running
/// at the same time can cause.
fn tally(replies: &[Reply]) -> (usize, Vec<&Reply>) {
    for reply in replies {
        assert!(
            matches!(reply.status, 401 | 429 | 503),
            "{}: {}",
            reply.status,
            reply.body
        );
        if reply.status == 503 {
            assert_retry_after(reply);
        }
    }
    let checked = replies.iter().filter(|r| r.status == 401).count();
    (
        checked,
        replies.iter().filter(|r| r.status == 429).collect(),
    )
}

fn assert_retry_after(reply: &Reply) {
    let seconds: u64 = reply
        .headers
        .get(header::RETRY_AFTER)
        .expect("429 carries Retry-After")
        .to_str()
        .unwrap()
        .parse()
        .expect("Retry-After in seconds");
    assert!(seconds >= 1, "{seconds}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn parallel_guesses_on_one_account_check_at_most_the_limit() {
    let app = Arc::new(TestApp::demo().await);
    let replies = storm(&app, 40, |i| {
        (format!("10.0.0.{i}"), "mli-bvg".into(), format!("guess{i}"))
    })
    .await;
    let (checked, limited) = tally(&replies);
    assert!(
        (1..=MAX_FAILURES).contains(&checked),
        "{checked} guesses checked"
    );
    assert!(
        limited.len() >= 40 - MAX_FAILURES,
        "{} limited",
        limited.len()
    );
    limited.iter().for_each(|r| assert_retry_after(r));
    // The account stays locked, even for its right password.
    let right = sign_in_from(&app, "10.9.9.9", "mli-bvg", "demo").await;
    assert_eq!(right.status, 429);
    assert_retry_after(&right);
    Arc::into_inner(app).unwrap().cleanup().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_client_guessing_many_accounts_is_limited_but_not_other_clients() {
    let app = Arc::new(TestApp::demo().await);
    let count = MAX_CLIENT_FAILURES + 20;
    // A different unknown username each time: the per-account limit never
    // applies, only the per-client one.
    let replies = storm(&app, count, |i| {
        ("203.0.113.7".into(), format!("nobody-{i}"), "guess".into())
    })
    .await;
    let (checked, limited) = tally(&replies);
    assert!(checked <= MAX_CLIENT_FAILURES, "{checked} guesses checked");
    assert!(limited.len() >= count - MAX_CLIENT_FAILURES);
    limited.iter().for_each(|r| assert_retry_after(r));
    // Guesses the password gate turned away (503) were not counted: the
    // client keeps guessing until it is stopped…
    for i in 0..MAX_CLIENT_FAILURES {
        let reply = sign_in_from(&app, "203.0.113.7", &format!("more-{i}"), "guess").await;
        if reply.status == 429 {
            break;
        }
    }
    // …and then it is stopped, even on an account it has not tried…
    let same = sign_in_from(&app, "203.0.113.7", "bfa-codes", "demo").await;
    assert_eq!(same.status, 429);
    assert_retry_after(&same);
    // …while the account's owner, elsewhere, signs in.
    let owner = sign_in_from(&app, "198.51.100.1", "bfa-codes", "demo").await;
    assert_eq!(owner.status, 303, "{}", owner.body);
    Arc::into_inner(app).unwrap().cleanup().await;
}

/// Refusing and granting one access request at the same moment over the
/// API: one answer wins (200), the other is a conflict (409), and the
/// request shows one decision, with a grant only if granting won.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_refusal_and_a_grant_sent_at_once_make_one_decision() {
    let app = Arc::new(TestApp::demo().await);
    let daf = app.token("bfa-daf").await;
    let mp = app.token("bfa-codes").await;
    let fields = [
        ("title", "Note de test"),
        ("reference", "RACE-SD-1"),
        ("country", "BFA"),
        ("level", "SD"),
        ("category", "weapons_capabilities"),
        ("declassify_on", "2030-01-01"),
    ];
    let uploaded = app.upload(&daf, &fields, b"contenu").await;
    assert_eq!(uploaded.status, 201, "{}", uploaded.body);
    let document = uploaded.json()["id"].as_i64().unwrap();
    for round in 0..10 {
        let created = app
            .post_json(
                "/api/v1/access-requests",
                &mp,
                serde_json::json!({"document_id": document, "legal_basis": "Art. 40", "purpose": format!("Tour {round}")}),
            )
            .await;
        assert_eq!(created.status, 201, "{}", created.body);
        let id = created.json()["id"].as_i64().unwrap();
        let decision = format!("/api/v1/access-requests/{id}/decision");
        let (a, b) = {
            let (app_a, app_b) = (Arc::clone(&app), Arc::clone(&app));
            let (uri_a, uri_b) = (decision.clone(), decision.clone());
            let (token_a, token_b) = (daf.clone(), daf.clone());
            let a = tokio::spawn(async move {
                app_a
                    .post_json(
                        &uri_a,
                        &token_a,
                        serde_json::json!({"decision": "refuse", "reasons": "Non."}),
                    )
                    .await
            });
            let b = tokio::spawn(async move {
                app_b
                    .post_json(
                        &uri_b,
                        &token_b,
                        serde_json::json!({"decision": "grant", "reasons": "Oui."}),
                    )
                    .await
            });
            (a.await.unwrap(), b.await.unwrap())
        };
        let mut statuses = [a.status, b.status];
        statuses.sort_unstable();
        assert_eq!(
            statuses,
            [200, 409],
            "round {round}: {} / {}",
            a.body,
            b.body
        );
        let shown = app
            .call(
                "GET",
                &format!("/api/v1/access-requests/{id}"),
                Some(&mp),
                None,
                vec![],
            )
            .await
            .json();
        assert_eq!(shown["decisions"].as_array().unwrap().len(), 1, "{shown}");
        let granted = if a.status == 200 {
            "refused"
        } else {
            "granted"
        };
        assert_eq!(shown["status"], granted, "{shown}");
        let grants = shown["grants"].as_array().map_or(0, Vec::len);
        assert_eq!(grants, usize::from(granted == "granted"), "{shown}");
    }
    Arc::into_inner(app).unwrap().cleanup().await;
}
