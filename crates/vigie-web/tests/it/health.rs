//! `GET /healthz`.

use crate::support::TestApp;

#[tokio::test]
async fn health_reports_version_and_backend() {
    let app = TestApp::empty().await;
    let reply = app.get("/healthz").await;
    assert_eq!(reply.status, 200);
    let json = reply.json();
    assert_eq!(json["status"], "ok");
    assert_eq!(json["version"], env!("CARGO_PKG_VERSION"));
    let expected = match app.db.store.backend() {
        vigie_store::Backend::Sqlite => "sqlite",
        vigie_store::Backend::Postgres => "postgres",
    };
    assert_eq!(json["database"], expected);
    app.cleanup().await;
}

#[tokio::test]
async fn health_says_when_the_database_is_gone() {
    let app = TestApp::empty().await;
    app.db.store.close().await;
    let reply = app.get("/healthz").await;
    assert_eq!(reply.status, 503);
    assert_eq!(reply.json()["status"], "unavailable");
    app.cleanup().await;
}
