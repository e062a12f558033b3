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

/// A few kilobytes whose sheet has a cell at `A1` and one at `XFD1048576`
/// (so it declares `<dimension ref="A1:XFD1048576"/>`): read as a dense
/// grid it needs hundreds of gigabytes and aborts the process. It must be
/// refused at once with the file named.
#[tokio::test]
async fn a_workbook_declaring_the_whole_grid_is_refused_not_allocated() {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Budget").unwrap();
    sheet.write_string(0, 0, "pays").unwrap();
    sheet.write_string(1_048_575, 16_383, "x").unwrap();
    let bytes = book.save_to_buffer().unwrap();
    assert!(bytes.len() < 10_000, "{} bytes", bytes.len());

    let app = TestApp::demo().await;
    let session = app.sign_in("bfa-daf", "demo").await;
    let started = std::time::Instant::now();
    let reply = app
        .upload_form("/budget/import", &session, ("bombe.xlsx", &bytes), false)
        .await;
    assert!(started.elapsed() < std::time::Duration::from_secs(10));
    assert_eq!(reply.status, 422, "{}", reply.body);
    assert!(
        reply.body.contains(r#"id="import-errors""#),
        "{}",
        reply.body
    );
    assert!(reply.body.contains("bombe.xlsx"), "{}", reply.body);
    assert!(reply.body.contains("200 columns"), "{}", reply.body);
    app.cleanup().await;
}

/// A zip whose directory claims entries inflating past the limit is
/// refused before any entry is inflated.
#[tokio::test]
async fn a_workbook_claiming_gigabytes_inflated_is_refused_before_inflating() {
    let bytes = zip_claiming(3 << 30);
    let app = TestApp::demo().await;
    let session = app.sign_in("bfa-daf", "demo").await;
    let reply = app
        .upload_form("/budget/import", &session, ("gonfle.xlsx", &bytes), false)
        .await;
    assert_eq!(reply.status, 422, "{}", reply.body);
    assert!(reply.body.contains("gonfle.xlsx"), "{}", reply.body);
    assert!(reply.body.contains("inflate"), "{}", reply.body);
    app.cleanup().await;
}

/// A one-entry stored zip whose central directory declares `size` bytes
/// uncompressed (the local header and data hold 4 bytes).
fn zip_claiming(size: u64) -> Vec<u8> {
    let name = b"xl/worksheets/sheet1.xml";
    let data = b"<x/>";
    let crc = 0u32; // never checked: nothing is inflated
    let claimed = u32::try_from(size.min(u64::from(u32::MAX - 1))).unwrap();
    let mut out = Vec::new();
    // Local file header.
    out.extend(0x0403_4b50u32.to_le_bytes());
    out.extend(20u16.to_le_bytes()); // version needed
    out.extend(0u16.to_le_bytes()); // flags
    out.extend(0u16.to_le_bytes()); // stored
    out.extend(0u32.to_le_bytes()); // time, date
    out.extend(crc.to_le_bytes());
    out.extend((data.len() as u32).to_le_bytes());
    out.extend(claimed.to_le_bytes());
    out.extend((name.len() as u16).to_le_bytes());
    out.extend(0u16.to_le_bytes());
    out.extend(name);
    out.extend(data);
    let directory = out.len() as u32;
    // Central directory entry.
    out.extend(0x0201_4b50u32.to_le_bytes());
    out.extend(20u16.to_le_bytes()); // made by
    out.extend(20u16.to_le_bytes()); // needed
    out.extend(0u16.to_le_bytes());
    out.extend(0u16.to_le_bytes());
    out.extend(0u32.to_le_bytes());
    out.extend(crc.to_le_bytes());
    out.extend((data.len() as u32).to_le_bytes());
    out.extend(claimed.to_le_bytes());
    out.extend((name.len() as u16).to_le_bytes());
    out.extend(0u16.to_le_bytes()); // extra
    out.extend(0u16.to_le_bytes()); // comment
    out.extend(0u16.to_le_bytes()); // disk
    out.extend(0u16.to_le_bytes()); // internal attributes
    out.extend(0u32.to_le_bytes()); // external attributes
    out.extend(0u32.to_le_bytes()); // local header offset
    out.extend(name);
    let directory_size = out.len() as u32 - directory;
    // End of central directory.
    out.extend(0x0605_4b50u32.to_le_bytes());
    out.extend(0u16.to_le_bytes());
    out.extend(0u16.to_le_bytes());
    out.extend(1u16.to_le_bytes());
    out.extend(1u16.to_le_bytes());
    out.extend(directory_size.to_le_bytes());
    out.extend(directory.to_le_bytes());
    out.extend(0u16.to_le_bytes());
    out
}
