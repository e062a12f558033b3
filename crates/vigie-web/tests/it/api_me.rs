//! `GET /api/v1/me`, by cookie and by bearer token.

use axum::body::Body;
use axum::http::Request;
use vigie_store::Actor;

use crate::support::TestApp;

#[tokio::test]
async fn me_answers_401_when_nobody_is_signed_in() {
    let app = TestApp::demo().await;
    let reply = app.get("/api/v1/me").await;
    assert_eq!(reply.status, 401);
    assert_eq!(reply.json()["error"]["code"], "unauthorized");
    app.cleanup().await;
}

#[tokio::test]
async fn me_with_the_session_cookie() {
    let app = TestApp::demo().await;
    let session = app.sign_in("bfa-codes", "demo").await;
    let reply = app.get_with_cookie("/api/v1/me", &session).await;
    assert_eq!(reply.status, 200);
    assert_eq!(
        reply.json(),
        serde_json::json!({"username": "bfa-codes", "institution": "BFA-CODES", "roles": ["parliamentarian"]})
    );
    app.cleanup().await;
}

#[tokio::test]
async fn me_with_a_bearer_token() {
    let app = TestApp::demo().await;
    let token = app
        .db
        .store
        .create_api_token(&Actor::System, &"mli-bvg".parse().unwrap(), "test")
        .await
        .unwrap();
    let request = Request::get("/api/v1/me")
        .header("authorization", format!("Bearer {}", token.secret))
        .body(Body::empty())
        .unwrap();
    let reply = app.send(request).await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.json()["institution"], "MLI-BVG");
    assert_eq!(reply.json()["roles"], serde_json::json!(["auditor"]));

    let bad = Request::get("/api/v1/me")
        .header("authorization", "Bearer vigie_forged")
        .body(Body::empty())
        .unwrap();
    assert_eq!(app.send(bad).await.status, 401);
    app.cleanup().await;
}
