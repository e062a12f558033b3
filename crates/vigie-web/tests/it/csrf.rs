//! CSRF: state-changing requests need the session's token and must not come
//! from another site.

use axum::body::Body;
use axum::http::{Request, header};

use crate::support::TestApp;

#[tokio::test]
async fn sign_out_without_the_token_is_refused_and_the_session_survives() {
    let app = TestApp::demo().await;
    let session = app.sign_in("bfa-codes", "demo").await;
    for body in ["", "csrf_token=wrong"] {
        let reply = app.post_form("/logout", body, Some(&session)).await;
        assert_eq!(reply.status, 403, "body {body:?}");
        assert!(reply.body.contains("Le formulaire a expiré"));
    }
    let me = app.get_with_cookie("/api/v1/me", &session).await;
    assert_eq!(me.status, 200, "still signed in");
    app.cleanup().await;
}

#[tokio::test]
async fn the_token_may_come_in_a_header() {
    let app = TestApp::demo().await;
    let session = app.sign_in("bfa-codes", "demo").await;
    let page = app.get_with_cookie("/", &session).await;
    let token = page.csrf_token().unwrap();
    let request = Request::post("/logout")
        .header(header::COOKIE, &session)
        .header("x-csrf-token", token)
        .body(Body::empty())
        .unwrap();
    assert_eq!(app.send(request).await.status, 303);
    app.cleanup().await;
}

#[tokio::test]
async fn a_cross_site_login_is_refused() {
    let app = TestApp::demo().await;
    for (name, value) in [
        ("sec-fetch-site", "cross-site"),
        ("origin", "https://evil.example"),
    ] {
        let request = Request::post("/login")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::HOST, "127.0.0.1:8080")
            .header(name, value)
            .body(Body::from("username=bfa-codes&password=demo"))
            .unwrap();
        let reply = app.send(request).await;
        assert_eq!(reply.status, 403, "{name}: {value}");
        assert!(reply.session_cookie().is_none());
    }
    let same_site = Request::post("/login")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header("sec-fetch-site", "same-origin")
        .body(Body::from("username=bfa-codes&password=demo"))
        .unwrap();
    assert_eq!(app.send(same_site).await.status, 303);
    app.cleanup().await;
}
