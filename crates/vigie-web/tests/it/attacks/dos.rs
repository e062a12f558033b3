//! Denial of service: requests that cost the server much more than the
//! client must be bounded.

use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, header};
use tokio::task::JoinSet;
use vigie_web::ClientKey;

use crate::support::TestApp;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn parallel_sign_ins_wait_their_turn_or_are_told_to_retry() {
    let app = Arc::new(TestApp::demo().await);
    let started = std::time::Instant::now();
    let mut tasks = JoinSet::new();
    for i in 0..200 {
        let app = Arc::clone(&app);
        tasks.spawn(async move {
            let mut request = Request::post("/login")
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from(format!("username=nobody-{i}&password=x")))
                .unwrap();
            // One client each: only the password gate bounds them.
            request
                .extensions_mut()
                .insert(ClientKey(format!("client-{i}")));
            app.send(request).await
        });
    }
    let replies = tasks.join_all().await;
    for reply in &replies {
        match reply.status {
            401 => {}
            503 => assert!(reply.headers.contains_key(header::RETRY_AFTER)),
            other => panic!("unexpected {other}: {}", reply.body),
        }
    }
    // Bounded: what did not start within the gate's wait was refused, not
    // queued (a few seconds, not 200 checks one after the other).
    assert!(
        started.elapsed() < std::time::Duration::from_secs(60),
        "{:?}",
        started.elapsed()
    );
    Arc::into_inner(app).unwrap().cleanup().await;
}
