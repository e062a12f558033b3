//! Class 5, the public log de-anonymizes: leaves are salted so the public
//! hash tiles cannot be matched against guessed entries; entries are shown
//! to oversight readers of their own country only; anonymous requests do
//! not make the log grow.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use vigie_ledger::{Entry, leaf_hash};

use crate::support::TestApp;

async fn log_size(app: &TestApp) -> u64 {
    let note = app.get("/log/checkpoint").await.body;
    note.lines().nth(1).unwrap().parse().unwrap()
}

/// The reviewer's brute force: knowing everything about an entry but its
/// salt (who, what, which object, even the millisecond), the guess's leaf
/// hash is in no public tile.
#[tokio::test]
async fn public_hash_tiles_cannot_be_matched_against_guessed_entries() {
    let app = TestApp::demo().await;
    let _ = app.sign_in("bfa-codes", "demo").await;
    let size = log_size(&app).await;
    let last = size - 1;
    // The entry as the administrator sees it, bytes included.
    let admin = app.sign_in("admin", "demo").await;
    let entries = app
        .get_with_cookie(&format!("/log/entries?start={last}&end={size}"), &admin)
        .await
        .json();
    let shown = &entries["entries"][0];
    assert_eq!(shown["actor"], "bfa-codes");
    let data = STANDARD.decode(shown["data"].as_str().unwrap()).unwrap();
    let entry = Entry::decode(&data).unwrap();
    assert!(entry.salt.is_some(), "every new entry is salted");

    // The public tile holding that leaf.
    let tile_index = last / 256;
    let width = size - tile_index * 256;
    let path = if width == 256 {
        format!("/log/tile/0/{tile_index:03}")
    } else {
        format!("/log/tile/0/{tile_index:03}.p/{width}")
    };
    let tile = app.get(&path).await;
    assert_eq!(tile.status, 200);
    let hashes: Vec<&[u8]> = tile.bytes.chunks(32).collect();
    let real = leaf_hash(&data);
    assert!(
        hashes.contains(&real.0.as_slice()),
        "the real leaf is there"
    );
    for salt in [None, Some([0; 32]), Some([1; 32])] {
        let guess = Entry {
            salt,
            ..entry.clone()
        };
        let h = leaf_hash(&guess.encode());
        assert!(
            !hashes.contains(&h.0.as_slice()),
            "a guess without the secret salt matches nothing"
        );
    }
    app.cleanup().await;
}

/// An auditor of one country does not read who did what in another: the
/// entry is withheld (its index and leaf hash only); an auditor of that
/// country reads it.
#[tokio::test]
async fn an_auditor_reads_only_their_own_countrys_entries() {
    let app = TestApp::demo().await;
    let _ = app.sign_in("bfa-codes", "demo").await;
    let size = log_size(&app).await;
    let range = format!("/log/entries?start={}&end={size}", size - 1);
    let mli = app.sign_in("mli-bvg", "demo").await;
    let foreign = app.get_with_cookie(&range, &mli).await;
    assert_eq!(foreign.status, 200);
    let item = &foreign.json()["entries"][0];
    assert_eq!(item["withheld"], true, "{item}");
    assert!(
        item.get("actor").is_none() && item.get("data").is_none(),
        "{item}"
    );
    assert!(!foreign.body.contains("bfa-codes"));
    let bfa = app.sign_in("bfa-cdc", "demo").await;
    let own = app.get_with_cookie(&range, &bfa).await.json();
    assert_eq!(own["entries"][0]["actor"], "bfa-codes");
    app.cleanup().await;
}

/// A curious citizen with a script: every public page and API, every
/// classified id, wrong passwords — the log does not grow.
#[tokio::test]
async fn anonymous_requests_do_not_write_the_log() {
    let app = TestApp::demo().await;
    let before = log_size(&app).await;
    for path in [
        "/",
        "/budget",
        "/budget/BFA",
        "/api/v1/budget/BFA",
        "/procurement",
        "/procurement/processes/ocds-vigie-bfa-2021-003",
        "/api/v1/procurement/processes/ocds-vigie-bfa-2021-003",
        "/documents",
        "/api/v1/documents",
        "/recommendations",
        "/findings",
        "/institutions",
        "/conferences",
    ] {
        let reply = app.get(path).await;
        assert_eq!(reply.status, 200, "{path}");
    }
    for id in 1..40 {
        let _ = app.get(&format!("/api/v1/documents/{id}")).await;
        let _ = app.get(&format!("/api/v1/documents/{id}/content")).await;
        let _ = app.get(&format!("/documents/{id}")).await;
    }
    for _ in 0..5 {
        let _ = app
            .post_form("/login", "username=bfa-cdc&password=wrong", None)
            .await;
    }
    assert_eq!(log_size(&app).await, before);
    app.cleanup().await;
}
