//! The OCDS upload: every error listed with its line and JSON path,
//! nothing half-stored, a producer confined to their own country.

use super::*;

fn line(ocid: &str, country: &str) -> String {
    json!({
        "ocid": ocid, "id": "1", "date": "2024-02-01T00:00:00Z", "tag": ["tender"],
        "initiationType": "tender", "country": country,
        "buyer": {"id": "B", "name": "Ministère (test)"},
        "tender": {"id": "t", "title": "Uploaded (test)", "value": {"amount": 10, "currency": "XOF"}},
    })
    .to_string()
}

#[tokio::test]
async fn a_producer_uploads_an_ocds_file_of_their_own_country_only() {
    let app = TestApp::demo().await;
    let anonymous = app.get("/procurement/import").await;
    assert_eq!(anonymous.status, 200);
    assert!(
        !anonymous.body.contains(r#"id="import-form""#),
        "no form for the public"
    );

    let session = app.sign_in("bfa-daf", "demo").await;
    let form = app
        .get_with_cookie("/procurement/import?lang=en", &session)
        .await;
    assert!(
        form.body.contains(r#"id="import-form""#),
        "a producer may import"
    );

    // A Malian process in a Burkinabè producer's file, and a wrong amount:
    // both listed, nothing stored; 403, since the file writes what the
    // account may not.
    let bad_amount = line("ocds-up-3", "BFA").replace("\"amount\":10", "\"amount\":\"ten\"");
    let file = format!(
        "{}\n{}\n{}\n",
        line("ocds-up-1", "BFA"),
        line("ocds-up-2", "MLI"),
        bad_amount
    );
    let reply = app
        .upload_form(
            "/procurement/import",
            &session,
            ("upload.jsonl", &file),
            false,
        )
        .await;
    assert_eq!(reply.status, 403, "{}", reply.body);
    assert!(reply.body.contains(r#"id="import-errors""#));
    assert!(
        reply.body.contains(
            "upload.jsonl:2: /country: MLI: your institution may import only its own country"
        ),
        "{}",
        reply.body
    );
    assert!(
        reply
            .body
            .contains("upload.jsonl:3: /tender/value/amount: "),
        "{}",
        reply.body
    );
    assert_eq!(
        app.get("/api/v1/procurement/processes/ocds-up-1")
            .await
            .status,
        404,
        "nothing stored"
    );

    // Corrected: a dry run stores nothing, then the import.
    let good = format!(
        "{}\n{}\n",
        line("ocds-up-1", "BFA"),
        line("ocds-up-3", "BFA")
    );
    let dry = app
        .upload_form(
            "/procurement/import",
            &session,
            ("upload.jsonl", &good),
            true,
        )
        .await;
    assert_eq!(dry.status, 200, "{}", dry.body);
    assert!(
        dry.body.contains("Rien n&#39;a été enregistré")
            || dry.body.contains("Rien n'a été enregistré"),
        "{}",
        dry.body
    );
    assert_eq!(
        app.get("/api/v1/procurement/processes/ocds-up-1")
            .await
            .status,
        404
    );
    let done = app
        .upload_form(
            "/procurement/import",
            &session,
            ("upload.jsonl", &good),
            false,
        )
        .await;
    assert_eq!(done.status, 200, "{}", done.body);
    assert!(
        done.body.contains("2 processus recompilé(s)"),
        "{}",
        done.body
    );
    let process = app.get("/api/v1/procurement/processes/ocds-up-1").await;
    assert_eq!(process.status, 200);
    assert_eq!(
        process.json()["release"]["tender"]["title"],
        "Uploaded (test)"
    );
    app.cleanup().await;
}

/// A large file (from 1 MiB) is imported on its own task: the upload is
/// answered at once with the import's page, which shows how far it is and
/// refreshes itself until the result. Nobody else can see that page.
#[tokio::test]
async fn a_large_upload_is_followed_on_its_own_page_by_its_uploader_only() {
    let app = TestApp::demo().await;
    let session = app.sign_in("bfa-daf", "demo").await;
    let padding = "x".repeat(2400);
    let file: String = (1..=480)
        .map(|n| {
            let mut release: Value =
                serde_json::from_str(&line(&format!("ocds-big-{n}"), "BFA")).unwrap();
            release["tender"]["description"] = json!(padding);
            format!("{release}\n")
        })
        .collect();
    assert!(file.len() >= 1024 * 1024, "{}", file.len());
    let reply = app
        .upload_form("/procurement/import", &session, ("big.jsonl", &file), false)
        .await;
    assert_eq!(reply.status, 303, "{}", reply.body);
    let page = reply.headers["location"].to_str().unwrap().to_owned();
    assert!(page.starts_with("/procurement/import/"), "{page}");

    // Another account, and the public, learn nothing of it.
    let other = app.sign_in("mli-daf", "demo").await;
    let theirs = app.get_with_cookie(&page, &other).await;
    assert_eq!(theirs.status, 404, "{}", theirs.body);
    assert!(!theirs.body.contains("big.jsonl"));
    let public = app.get(&page).await;
    assert!(
        public.status == 401 || public.status == 303,
        "{}",
        public.status
    );
    assert!(!public.body.contains("big.jsonl"));

    // The uploader follows it to its result (bounded: 120 s).
    let mut result = None;
    for _ in 0..1200 {
        let reply = app.get_with_cookie(&page, &session).await;
        if reply.body.contains(r#"id="import-running""#) {
            assert_eq!(reply.status, 200);
            assert!(
                reply.body.contains(r#"<meta http-equiv="refresh""#),
                "{}",
                reply.body
            );
            assert!(reply.body.contains("big.jsonl"), "{}", reply.body);
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            continue;
        }
        result = Some(reply);
        break;
    }
    let result = result.expect("the import ends within two minutes");
    assert_eq!(result.status, 200, "{}", result.body);
    assert!(
        result.body.contains("480 processus recompilé(s)"),
        "{}",
        result.body
    );
    assert_eq!(
        app.get("/api/v1/procurement/processes/ocds-big-480")
            .await
            .status,
        200
    );
}
