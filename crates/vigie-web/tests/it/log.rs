//! `/log/…`: checkpoints, proofs and tiles for everyone; entries only for
//! those allowed to read them.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use vigie_ledger::{Hash, leaf_hash, verify_consistency, verify_inclusion};

use crate::support::{TestApp, test_key};

fn hashes(json: &serde_json::Value) -> Vec<Hash> {
    json["hashes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| Hash::from_base64(h.as_str().unwrap()).unwrap())
        .collect()
}

#[tokio::test]
async fn the_public_verifies_checkpoints_and_proofs_without_seeing_entries() {
    let app = TestApp::demo().await;
    let first = app.get("/log/checkpoint").await;
    assert_eq!(first.status, 200);
    assert_eq!(first.headers["content-type"], "text/plain; charset=utf-8");
    let key = app.get("/log/key").await.body;
    let verifier = vigie_ledger::VerifierKey::parse(&key).unwrap();
    assert_eq!(verifier, test_key().verifier());
    let old = verifier.verify(&first.body).unwrap();

    // A sign-in is a write: the log grows by one.
    let session = app.sign_in("bfa-codes", "demo").await;
    let new = verifier
        .verify(&app.get("/log/checkpoint").await.body)
        .unwrap();
    assert_eq!(new.size, old.size + 1);

    let proof = app
        .get(&format!(
            "/log/proof/consistency?from={}&to={}",
            old.size, new.size
        ))
        .await;
    verify_consistency(
        old.size,
        new.size,
        old.root,
        new.root,
        &hashes(&proof.json()),
    )
    .unwrap();

    // The public may not read entries, but an auditor may…
    assert_eq!(app.get("/log/entries?start=0&end=10").await.status, 401);
    assert_eq!(
        app.get_with_cookie("/log/entries?start=0&end=10", &session)
            .await
            .status,
        200,
        "parliamentarian"
    );
    let auditor = app.sign_in("bfa-cdc", "demo").await;
    let last = new.size - 1;
    let entries = app
        .get_with_cookie(
            &format!("/log/entries?start={last}&end={}", new.size),
            &auditor,
        )
        .await
        .json();
    let entry = &entries["entries"][0];
    assert_eq!(
        (
            entry["index"].as_u64(),
            entry["action"].as_str(),
            entry["actor"].as_str()
        ),
        (Some(last), Some("sign_in"), Some("bfa-codes"))
    );

    // …and anyone can check that entry's inclusion from its bytes.
    let data = STANDARD.decode(entry["data"].as_str().unwrap()).unwrap();
    let proof = app
        .get(&format!(
            "/log/proof/inclusion?index={last}&size={}",
            new.size
        ))
        .await;
    verify_inclusion(
        last,
        new.size,
        leaf_hash(&data),
        &hashes(&proof.json()),
        new.root,
    )
    .unwrap();
    app.cleanup().await;
}

#[tokio::test]
async fn observers_may_not_read_entries() {
    let app = TestApp::demo().await;
    let press = app.sign_in("bfa-presse-illustr", "demo").await;
    let reply = app
        .get_with_cookie("/log/entries?start=0&end=1", &press)
        .await;
    assert_eq!(reply.status, 403);
    assert_eq!(
        app.get_with_cookie("/log/tile/entries/000.p/1", &press)
            .await
            .status,
        403
    );
    // Tiles of entries bundle every country's: administrators only.
    let auditor = app.sign_in("bfa-cdc", "demo").await;
    assert_eq!(
        app.get_with_cookie("/log/tile/entries/000.p/1", &auditor)
            .await
            .status,
        403
    );
    let admin = app.sign_in("admin", "demo").await;
    assert_eq!(
        app.get_with_cookie("/log/tile/entries/000.p/1", &admin)
            .await
            .status,
        200
    );
    app.cleanup().await;
}

#[tokio::test]
async fn tiles_follow_c2sp_tlog_tiles() {
    let app = TestApp::demo().await;
    let size = test_key()
        .verifier()
        .verify(&app.get("/log/checkpoint").await.body)
        .unwrap()
        .size;
    // The demo's log holds more than one full tile (its budget adds an
    // entry per country-year): the last tile is the partial one.
    let (full, width) = (size / 256, size % 256);
    assert!(full < 1000 && width > 0, "{size} entries");
    let tile = app.get(&format!("/log/tile/0/{full:03}.p/{width}")).await;
    assert_eq!(tile.status, 200);
    assert_eq!(
        tile.bytes.len() as u64,
        32 * width,
        "one leaf hash per entry"
    );
    assert_eq!(
        tile.headers["cache-control"], "no-cache",
        "a partial tile changes"
    );
    assert_eq!(
        app.get(&format!("/log/tile/0/{full:03}.p/{}", width + 1))
            .await
            .status,
        404,
        "not yet"
    );
    assert_eq!(
        app.get(&format!("/log/tile/0/{full:03}")).await.status,
        404,
        "a full tile needs 256 entries"
    );
    for n in 0..full {
        let tile = app.get(&format!("/log/tile/0/{n:03}")).await;
        assert_eq!(tile.status, 200);
        assert_eq!(tile.bytes.len(), 32 * 256);
    }
    assert_eq!(app.get("/log/tile/0/0").await.status, 404, "malformed path");
    assert_eq!(
        app.get("/log/tile/entries/000.p/1").await.status,
        401,
        "entries are not public"
    );
    app.cleanup().await;
}

#[tokio::test]
async fn bad_proof_requests_are_400() {
    let app = TestApp::demo().await;
    assert_eq!(
        app.get("/log/proof/inclusion?index=5&size=5").await.status,
        400
    );
    assert_eq!(
        app.get("/log/proof/inclusion?index=0&size=100000")
            .await
            .status,
        400
    );
    assert_eq!(
        app.get("/log/proof/consistency?from=9&to=3").await.status,
        400
    );
    assert_eq!(app.get("/log/proof/inclusion?index=x").await.status, 400);
    app.cleanup().await;
}
