//! The upload: every error listed, nothing half-stored, a producer confined to their own country.

use super::*;

/// A multipart body with a `file` field (and `dry_run` when asked).
fn multipart(file_name: &str, content: &str, dry_run: bool) -> (String, Vec<u8>) {
    let boundary = "vigie-budget-boundary-51c";
    let mut body = Vec::new();
    if dry_run {
        body.extend(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"dry_run\"\r\n\r\n1\r\n"
            )
            .bytes(),
        );
    }
    body.extend(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\nContent-Type: text/csv\r\n\r\n"
        )
        .bytes(),
    );
    body.extend(content.as_bytes());
    body.extend(format!("\r\n--{boundary}--\r\n").bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

/// `POST /budget/import` from a browser session (or none), the CSRF token in
/// the action URL as the form sends it.
async fn post_import(
    app: &TestApp,
    session: Option<&str>,
    csrf: Option<&str>,
    file: (&str, &str),
    dry_run: bool,
) -> Reply {
    let (content_type, body) = multipart(file.0, file.1, dry_run);
    let uri = match csrf {
        Some(token) => format!(
            "/budget/import?csrf_token={}",
            token
                .replace('+', "%2B")
                .replace('/', "%2F")
                .replace('=', "%3D")
        ),
        None => "/budget/import".to_owned(),
    };
    let mut request = Request::post(uri).header(header::CONTENT_TYPE, content_type);
    if let Some(cookie) = session {
        request = request.header(header::COOKIE, cookie);
    }
    app.send(request.body(Body::from(body)).unwrap()).await
}

const HEADER_FR: &str = "pays;exercice;perimetre;section;programme;action;nature_economique;fonction;etape;montant;devise;loi;classification";

#[tokio::test]
async fn a_producer_imports_a_budget_file_and_sees_every_error() {
    let app = TestApp::demo().await;
    let session = app.sign_in("bfa-daf", "demo").await;
    let form = app.get_with_cookie("/budget/import", &session).await;
    assert!(
        form.body.contains(r#"id="import-form""#),
        "a producer may import"
    );
    let csrf = form.csrf_token().unwrap();
    assert!(
        form.body.contains(&format!(
            "action=\"/budget/import?csrf_token={}\"",
            csrf.replace('+', "%2B")
                .replace('/', "%2F")
                .replace('=', "%3D")
        )),
        "the multipart form carries the token in its URL"
    );

    // Two bad rows among good ones: both are listed, nothing is stored.
    let bad = format!(
        "{HEADER_FR}\n\
         BFA;2024;secteur;Ministère de la Défense (test);Programme test;;personnel;02.1;lfi;1000000;XOF;;\n\
         BFA;2024;secteur;Ministère de la Défense (test);Programme test;;personnel;02.1;paiement;beaucoup;XOF;;\n\
         BFA;20x4;secteur;Ministère de la Défense (test);Programme test;;investissement;02.1;lfi;5000;XOF;;\n"
    );
    let reply = post_import(
        &app,
        Some(&session),
        Some(&csrf),
        ("budget-test.csv", &bad),
        false,
    )
    .await;
    assert_eq!(reply.status, 422, "{}", reply.body);
    assert!(reply.body.contains(r#"id="import-errors""#));
    assert!(
        reply.body.contains("2 problème(s) trouvé(s)"),
        "{}",
        reply.body
    );
    assert!(
        reply.body.contains("<code>budget-test.csv:3: montant: "),
        "{}",
        reply.body
    );
    assert!(
        reply.body.contains("<code>budget-test.csv:4: exercice: "),
        "{}",
        reply.body
    );
    let json = app.get("/api/v1/budget/BFA?limit=1000").await.json();
    assert!(
        json["lines"]
            .as_array()
            .unwrap()
            .iter()
            .all(|l| l["fiscal_year"] != 2024),
        "nothing stored"
    );

    // The same rows, corrected: a dry run stores nothing, then the import.
    let good = format!(
        "{HEADER_FR}\n\
         BFA;2024;secteur;Ministère de la Défense (test);Programme test;;personnel;02.1;lfi;1 000 000;XOF;;\n\
         BFA;2024;secteur;Ministère de la Défense (test);Programme test;;personnel;02.1;paiement;900000;XOF;;\n"
    );
    let dry = post_import(
        &app,
        Some(&session),
        Some(&csrf),
        ("budget-test.csv", &good),
        true,
    )
    .await;
    assert_eq!(dry.status, 200, "{}", dry.body);
    assert!(dry.body.contains(r#"id="import-result""#));
    assert!(
        dry.body.contains("Rien n&#39;a été enregistré")
            || dry.body.contains("Rien n'a été enregistré"),
        "{}",
        dry.body
    );
    let json = app.get("/api/v1/budget/BFA?limit=1000").await.json();
    assert!(
        json["lines"]
            .as_array()
            .unwrap()
            .iter()
            .all(|l| l["fiscal_year"] != 2024),
        "a dry run stores nothing"
    );

    let done = post_import(
        &app,
        Some(&session),
        Some(&csrf),
        ("budget-test.csv", &good),
        false,
    )
    .await;
    assert_eq!(done.status, 200, "{}", done.body);
    assert!(
        done.body.contains("budget-test.csv : 2 ligne(s) importée(s) : 2 nouvelle(s), 0 modifiée(s), 0 inchangée(s)."),
        "{}",
        done.body
    );
    let json = app.get("/api/v1/budget/BFA?limit=1000").await.json();
    assert_eq!(
        json["lines"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|l| l["fiscal_year"] == 2024)
            .count(),
        2
    );
    // Again: nothing changes.
    let again = post_import(
        &app,
        Some(&session),
        Some(&csrf),
        ("budget-test.csv", &good),
        false,
    )
    .await;
    assert_eq!(again.status, 200);
    assert!(
        again
            .body
            .contains("0 nouvelle(s), 0 modifiée(s), 2 inchangée(s)"),
        "{}",
        again.body
    );

    // A stewardship imports its own country's budget, not another's; an
    // administrator imports any.
    let foreign = format!(
        "{HEADER_FR}\n\
         BFA;2024;secteur;Ministère de la Défense (test);Programme test;;personnel;02.1;engagement;800000;XOF;;\n\
         MLI;2024;secteur;Ministère de la Défense (test);Programme test;;personnel;02.1;lfi;1000000;XOF;;\n"
    );
    let refused = post_import(
        &app,
        Some(&session),
        Some(&csrf),
        ("budget-mli.csv", &foreign),
        false,
    )
    .await;
    assert_eq!(refused.status, 403, "{}", refused.body);
    assert!(
        refused.body.contains(
            "<code>budget-mli.csv:3: pays: MLI: your institution may import only its own"
        ),
        "{}",
        refused.body
    );
    assert!(
        !refused.body.contains("budget-mli.csv:2:"),
        "{}",
        refused.body
    );
    let stored_2024 = |country: &'static str, stage: &'static str| {
        let app = &app;
        async move {
            app.get(&format!("/api/v1/budget/{country}?limit=1000"))
                .await
                .json()["lines"]
                .as_array()
                .unwrap()
                .iter()
                .any(|l| l["fiscal_year"] == 2024 && l["stage"] == stage)
        }
    };
    assert!(!stored_2024("BFA", "committed").await, "nothing stored");
    assert!(!stored_2024("MLI", "initial").await, "nothing stored");
    let admin = app.sign_in("admin", "demo").await;
    let admin_csrf = app
        .get_with_cookie("/budget/import", &admin)
        .await
        .csrf_token()
        .unwrap();
    let accepted = post_import(
        &app,
        Some(&admin),
        Some(&admin_csrf),
        ("budget-mli.csv", &foreign),
        false,
    )
    .await;
    assert_eq!(accepted.status, 200, "{}", accepted.body);
    assert!(accepted.body.contains("2 nouvelle(s)"), "{}", accepted.body);
    assert!(stored_2024("MLI", "initial").await);

    // Without the token, from a browser session: refused.
    let forged = post_import(
        &app,
        Some(&session),
        None,
        ("budget-test.csv", &good),
        false,
    )
    .await;
    assert_eq!(forged.status, 403);
    app.cleanup().await;
}

#[tokio::test]
async fn only_producers_and_administrators_may_import() {
    let app = TestApp::demo().await;
    let file = format!(
        "{HEADER_FR}\nBFA;2024;secteur;Ministère;Programme;;personnel;02.1;lfi;1000;XOF;;\n"
    );
    let public = post_import(&app, None, None, ("b.csv", &file), false).await;
    assert!(matches!(public.status, 401 | 403), "{}", public.status);
    assert!(!public.body.contains(r#"id="import-result""#));

    for user in ["bfa-codes", "bfa-osc-illustr"] {
        let session = app.sign_in(user, "demo").await;
        let page = app.get_with_cookie("/budget/import", &session).await;
        assert!(!page.body.contains(r#"id="import-form""#), "{user}");
        let csrf = page.csrf_token().unwrap();
        let reply = post_import(&app, Some(&session), Some(&csrf), ("b.csv", &file), false).await;
        assert_eq!(reply.status, 403, "{user}: {}", reply.body);
    }
    let json = app.get("/api/v1/budget/BFA?limit=1000").await.json();
    assert!(
        json["lines"]
            .as_array()
            .unwrap()
            .iter()
            .all(|l| l["fiscal_year"] != 2024)
    );
    app.cleanup().await;
}

/// A regularisation line written as accountants do lands, and the page
/// says how it was read, in the reader's language.
#[tokio::test]
async fn the_upload_lists_how_it_read_what_it_interpreted() {
    let app = TestApp::demo().await;
    let session = app.sign_in("bfa-daf", "demo").await;
    let form = app.get_with_cookie("/budget/import", &session).await;
    let csrf = form.csrf_token().unwrap();
    let file = format!(
        "{HEADER_FR}\n\
         BFA;2024;secteur;Défense;Programme test;;personnel;02.1;paiement;10 000;XOF;;\n\
         BFA;2024;secteur;Régularisations;Programme test;;personnel;02.1;paiement;(1 234);XOF;;\n"
    );
    let reply = post_import(
        &app,
        Some(&session),
        Some(&csrf),
        ("execution.csv", &file),
        false,
    )
    .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert!(reply.body.contains(r#"id="import-result""#));
    let warnings = &reply.body[reply.body.find(r#"id="import-warnings""#).unwrap()..];
    assert!(
        warnings.contains("1 valeur(s) lue(s) par interprétation"),
        "{warnings}"
    );
    assert!(
        warnings.contains("execution.csv:3: montant: `(1 234)` read as a negative amount"),
        "{warnings}"
    );
    app.cleanup().await;
}
