//! HTTP done right for readers on weak connections: anonymous answers are
//! tagged with the data's version and revalidate to `304`, and come
//! compressed; a signed-in reader's do neither.

use std::io::Read;

use axum::body::Body;
use axum::http::{Request, header};
use serde_json::json;

use crate::support::{Reply, TestApp};

/// The public pages and answers, each read as nobody.
const PUBLIC: [&str; 12] = [
    "/",
    "/budget",
    "/budget/BFA",
    "/procurement",
    "/recommendations",
    "/findings",
    "/documents",
    "/conferences",
    "/institutions",
    "/assessments",
    "/api/v1/recommendations",
    "/api/v1/procurement/processes",
];

async fn get_with(app: &TestApp, uri: &str, headers: &[(header::HeaderName, &str)]) -> Reply {
    let mut request = Request::get(uri);
    for (name, value) in headers {
        request = request.header(name, *value);
    }
    app.send(request.body(Body::empty()).unwrap()).await
}

fn header(reply: &Reply, name: header::HeaderName) -> &str {
    reply.headers.get(&name).map_or("", |v| v.to_str().unwrap())
}

/// The tag is a promise that the page is the data's alone: rendered again
/// (by another server on the same database), it is the same, byte for
/// byte, and so is the copy this server kept; the reader's copy is then
/// answered `304` with no body, by tag or by date.
#[tokio::test]
async fn a_public_page_revalidates_to_304_until_the_data_changes() {
    let app = TestApp::demo().await;
    let facilitator = app.token("dcaf").await;
    for uri in PUBLIC {
        let first = app.get(uri).await;
        assert_eq!(first.status, 200, "{uri}: {}", first.body);
        let tag = header(&first, header::ETAG).to_owned();
        assert!(tag.starts_with("W/\""), "{uri}: {tag:?}");
        assert_eq!(header(&first, header::CACHE_CONTROL), "public, no-cache");
        let afresh = app.get_from_another_server(uri).await;
        assert_eq!(afresh.bytes, first.bytes, "{uri} is not the same twice");
        let kept = app.get(uri).await;
        assert_eq!(kept.bytes, first.bytes, "{uri}: the copy kept differs");
        assert_eq!(header(&kept, header::ETAG), tag);
        assert_eq!(
            header(&kept, header::CONTENT_TYPE),
            header(&first, header::CONTENT_TYPE)
        );

        let revalidated = get_with(&app, uri, &[(header::IF_NONE_MATCH, &tag)]).await;
        assert_eq!(revalidated.status, 304, "{uri}");
        assert!(revalidated.bytes.is_empty());
        assert_eq!(header(&revalidated, header::ETAG), tag);
        let modified = header(&first, header::LAST_MODIFIED);
        let by_date = get_with(&app, uri, &[(header::IF_MODIFIED_SINCE, modified)]).await;
        assert_eq!(by_date.status, 304, "{uri}");
        // Another tag, or a list holding ours: read as such.
        let other = get_with(&app, uri, &[(header::IF_NONE_MATCH, "W/\"0.0.x.fr\"")]).await;
        assert_eq!(other.status, 200);
        let list = format!("\"a\", {tag}");
        let listed = get_with(&app, uri, &[(header::IF_NONE_MATCH, &list)]).await;
        assert_eq!(listed.status, 304);
    }

    // The same address in English is another page, with another tag.
    let fr = app.get("/recommendations").await;
    let en = get_with(&app, "/recommendations", &[(header::ACCEPT_LANGUAGE, "en")]).await;
    assert_ne!(header(&fr, header::ETAG), header(&en, header::ETAG));
    let crossed = get_with(
        &app,
        "/recommendations",
        &[
            (header::ACCEPT_LANGUAGE, "en"),
            (header::IF_NONE_MATCH, header(&fr, header::ETAG)),
        ],
    )
    .await;
    assert_eq!(crossed.status, 200, "a French copy is not the English page");

    // A change: the copy is no longer current, the page says the new state.
    let detail = app.get("/api/v1/recommendations/REC-2021-W1-02").await;
    let id = detail.json()["id"].as_i64().unwrap();
    let tag = header(&fr, header::ETAG).to_owned();
    let changed = app
        .post_json(
            &format!("/api/v1/recommendations/{id}/status"),
            &facilitator,
            json!({"status": "implemented", "reason": "verified on site"}),
        )
        .await;
    assert_eq!(changed.status, 200, "{}", changed.body);
    let fresh = get_with(&app, "/recommendations", &[(header::IF_NONE_MATCH, &tag)]).await;
    assert_eq!(fresh.status, 200);
    assert_ne!(header(&fresh, header::ETAG), tag);
    assert_ne!(fresh.bytes, fr.bytes);
    assert_eq!(app.get("/recommendations").await.bytes, fresh.bytes);
    app.cleanup().await;
}

/// A write made elsewhere (the command line, another server) is seen by
/// readers within a quarter of a second.
#[tokio::test]
async fn a_write_made_elsewhere_is_seen_within_a_quarter_second() {
    let app = TestApp::demo().await;
    let first = app.get("/budget").await;
    let tag = header(&first, header::ETAG).to_owned();
    let event = vigie_store::log::Event {
        action: "read",
        object_type: "budget",
        object_id: "BFA".into(),
        decision: None,
    };
    app.db
        .store
        .record_events(&vigie_store::Actor::Cli, &[event])
        .await
        .unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let later = get_with(&app, "/budget", &[(header::IF_NONE_MATCH, &tag)]).await;
    assert_eq!(later.status, 200);
    assert_ne!(header(&later, header::ETAG), tag);
    app.cleanup().await;
}

#[tokio::test]
async fn public_answers_come_compressed_as_asked() {
    let app = TestApp::demo().await;
    for uri in ["/budget/BFA", "/api/v1/recommendations", "/documents"] {
        let plain = app.get(uri).await;
        let gzip = get_with(&app, uri, &[(header::ACCEPT_ENCODING, "gzip")]).await;
        assert_eq!(header(&gzip, header::CONTENT_ENCODING), "gzip", "{uri}");
        let vary: Vec<String> = gzip
            .headers
            .get_all(header::VARY)
            .iter()
            .map(|v| v.to_str().unwrap().to_ascii_lowercase())
            .collect();
        assert!(
            vary.iter().any(|v| v.contains("accept-encoding")),
            "{vary:?}"
        );
        let mut unzipped = Vec::new();
        flate2::read::GzDecoder::new(gzip.bytes.as_slice())
            .read_to_end(&mut unzipped)
            .unwrap();
        assert_eq!(unzipped, plain.bytes, "{uri}");
        assert!(gzip.bytes.len() * 3 < plain.bytes.len(), "{uri}");
        let brotli = get_with(&app, uri, &[(header::ACCEPT_ENCODING, "br, gzip")]).await;
        assert_eq!(header(&brotli, header::CONTENT_ENCODING), "br", "{uri}");
        assert!(brotli.bytes.len() * 3 < plain.bytes.len(), "{uri}");
        assert!(
            header(&plain, header::CONTENT_ENCODING).is_empty(),
            "{uri}: compressed unasked"
        );
    }
    app.cleanup().await;
}

/// What a signed-in reader sees is theirs: no tag, never kept, and never
/// compressed (their page holds their CSRF token beside what it reflects
/// of the request: BREACH).
#[tokio::test]
async fn a_signed_in_reader_gets_no_tag_and_no_compression() {
    let app = TestApp::demo().await;
    let cookie = app.sign_in("bfa-codes", "demo").await;
    let plain = app.get_with_cookie("/recommendations", &cookie).await;
    assert_eq!(plain.status, 200, "{}", plain.body);
    let request = Request::get("/recommendations")
        .header(header::COOKIE, &cookie)
        .header(header::ACCEPT_ENCODING, "gzip, br")
        .body(Body::empty())
        .unwrap();
    let reply = app.send(request).await;
    assert_eq!(reply.status, 200);
    assert!(reply.csrf_token().is_some(), "the page holds a form token");
    assert_eq!(header(&reply, header::CONTENT_ENCODING), "");
    assert_eq!(header(&reply, header::ETAG), "");
    assert_eq!(header(&reply, header::CACHE_CONTROL), "private, no-store");
    app.cleanup().await;
}
