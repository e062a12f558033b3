//! Class 3, policy gaps: every action on classified data is a Cedar
//! decision that weighs the caller's clearance — reading a contract's or a
//! budget's classified detail, declassifying, and changing a level through
//! an import.

use vigie_domain::Role;

use crate::support::TestApp;

const BFA_PROCESS: &str = "ocds-vigie-bfa-2021-003";
const SECRET_WORDS: &str = "publicité incompatible avec la protection";

/// A member of the defence commission cleared to DR only reads neither a
/// contract's CD field nor a CD budget line; cleared to the top, the
/// demo's member reads both.
#[tokio::test]
async fn a_commission_member_reads_classified_detail_within_clearance_only() {
    let app = TestApp::demo().await;
    app.add_user("bfa-codes-dr", "BFA-CODES", &[Role::Parliamentarian], 1)
        .await;
    let low = app.token("bfa-codes-dr").await;
    let full = app.token("bfa-codes").await;
    let process = |token: String| {
        let app = &app;
        async move {
            app.call(
                "GET",
                &format!("/api/v1/procurement/processes/{BFA_PROCESS}"),
                Some(&token),
                None,
                Vec::new(),
            )
            .await
            .body
        }
    };
    assert!(!process(low.clone()).await.contains(SECRET_WORDS));
    assert!(process(full.clone()).await.contains(SECRET_WORDS));
    // The page too.
    let low_session = app.sign_in("bfa-codes-dr", "demo").await;
    let page = app
        .get_with_cookie(
            &format!("/procurement/processes/{BFA_PROCESS}"),
            &low_session,
        )
        .await;
    assert_eq!(page.status, 200);
    assert!(!page.body.contains(SECRET_WORDS));

    // Budget lines: the demo's classified lines are CD and SD.
    let lines = |token: String| {
        let app = &app;
        async move {
            let json = app
                .call("GET", "/api/v1/budget/BFA", Some(&token), None, Vec::new())
                .await
                .json();
            json["lines"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|l| !l["classification"].is_null())
                .count()
        }
    };
    assert_eq!(
        lines(low).await,
        0,
        "cleared to DR, no CD or SD line itemized"
    );
    assert!(lines(full).await > 0, "the demo's member sees them");
    app.cleanup().await;
}

/// An authority of the producing service cleared to CD may not declassify
/// its service's SD document, nor find out more about it by trying.
#[tokio::test]
async fn an_authority_cannot_declassify_above_its_clearance() {
    let app = TestApp::demo().await;
    let daf = app.token("bfa-daf").await;
    let sd = app.document_id("BFA-DAF-2023-007").await;
    app.add_user(
        "bfa-daf-cd",
        "BFA-DAF",
        &[Role::Producer, Role::ClassificationAuthority],
        2,
    )
    .await;
    let cd = app.token("bfa-daf-cd").await;
    let attempt = app
        .post_json(
            &format!("/api/v1/documents/{sd}/declassify"),
            &cd,
            serde_json::json!({"reasons": "plus sensible"}),
        )
        .await;
    // The same answer as for a document that does not exist.
    let missing = app
        .post_json(
            "/api/v1/documents/999999/declassify",
            &cd,
            serde_json::json!({"reasons": "plus sensible"}),
        )
        .await;
    assert_eq!(attempt.status, 404, "{}", attempt.body);
    assert_eq!(
        (attempt.status, attempt.body.clone()),
        (
            missing.status,
            missing.body.replace("999999", &sd.to_string())
        )
    );
    let still = app
        .call(
            "GET",
            &format!("/api/v1/documents/{sd}"),
            Some(&daf),
            None,
            Vec::new(),
        )
        .await
        .json();
    assert_eq!(still["level"]["code"], "SD", "{still}");
    app.cleanup().await;
}

/// A producer who is no classification authority may not declassify or
/// reclassify a budget line by importing it at another level.
#[tokio::test]
async fn a_budget_import_changes_no_level_without_the_authority() {
    let app = TestApp::demo().await;
    app.add_user("bfa-daf-clerk", "BFA-DAF", &[Role::Producer], 4)
        .await;
    let clerk = app.sign_in("bfa-daf-clerk", "demo").await;
    let cdc = app.token("bfa-cdc").await;
    // Every line of BFA, as the court (cleared, with the detail) sees it.
    let budget_csv = || async {
        app.call(
            "GET",
            "/api/v1/budget/BFA?format=csv",
            Some(&cdc),
            None,
            Vec::new(),
        )
        .await
        .body
    };
    let before = budget_csv().await;
    // A classified line, as the court (cleared, with the detail) sees it,
    // in the CSV that imports again: the same line, its level removed.
    let mut reader = csv::Reader::from_reader(before.trim_start_matches('\u{feff}').as_bytes());
    let header = reader.headers().unwrap().clone();
    let level = header.iter().position(|h| h == "classification").unwrap();
    let row = reader
        .records()
        .map(Result::unwrap)
        .find(|r| !r[level].is_empty())
        .expect("a classified line");
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(&header).unwrap();
    writer
        .write_record(
            row.iter()
                .enumerate()
                .map(|(i, v)| if i == level { "" } else { v }),
        )
        .unwrap();
    let file = String::from_utf8(writer.into_inner().unwrap()).unwrap();
    let reply = app
        .upload_form("/budget/import", &clerk, ("declassify.csv", &file), false)
        .await;
    assert_eq!(reply.status, 403, "{}", reply.body);
    assert!(reply.body.contains("may not declassify"), "{}", reply.body);
    assert_eq!(budget_csv().await, before);
    app.cleanup().await;
}
