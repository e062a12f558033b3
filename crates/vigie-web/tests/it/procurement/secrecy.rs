//! A classified justification: the public and a foreign auditor never get
//! its text, on any page, in any answer or download; Burkina Faso's court
//! of auditors and defence commission see it.

use super::*;

pub(crate) const SECRET_OCID: &str = "ocds-vigie-bfa-test-secret";
pub(crate) const SECRET_SUPPLIER: &str = "VIGIE-TEST-SECRET-SUP";
pub(crate) const SECRET: &str = "JUSTIFICATION-SECRETE-7q3";

/// Plants a BFA derogatory process whose justification is classified CD.
pub(crate) async fn plant(app: &TestApp) {
    let mut r = release(
        "BFA",
        SECRET_OCID,
        2022,
        awarded(SECRET_OCID, 750_000_000, "XOF", &[SECRET_SUPPLIER]),
    );
    merge(&mut r, exemption(SECRET));
    r["buyer"] = json!({"id": "BFA-DAF", "name": "Intendance militaire (test)"});
    r["classification"] = json!([{"path": "/tender/exemption/justification", "level": "CD"}]);
    import(app, vec![r]).await;
}

/// Every procurement route, in every format, for the planted process.
pub(crate) fn uris() -> Vec<String> {
    let mut out = Vec::new();
    for lang in ["fr", "en"] {
        out.push(format!("/procurement?lang={lang}"));
        out.push(format!("/procurement?country=BFA&lang={lang}"));
        out.push(format!("/procurement/processes/{SECRET_OCID}?lang={lang}"));
        out.push(format!(
            "/procurement/suppliers/{SECRET_SUPPLIER}?lang={lang}"
        ));
    }
    for format in ["json", "csv", "xlsx"] {
        for api in [
            "processes?country=BFA&",
            "processes?",
            "dashboard?country=BFA&",
            "flags?country=bfa&",
            "flags?",
        ] {
            out.push(format!("/api/v1/procurement/{api}format={format}"));
        }
        out.push(format!(
            "/api/v1/procurement/processes/{SECRET_OCID}?format={format}"
        ));
    }
    out
}

#[tokio::test]
async fn a_classified_justification_reaches_only_its_countrys_oversight() {
    let app = TestApp::demo().await;
    plant(&app).await;

    for caller in [
        "@public",
        "mli-bvg",
        "bfa-presse-illustr",
        "bfa-osc-illustr",
    ] {
        let token = if caller == "@public" {
            None
        } else {
            Some(app.token(caller).await)
        };
        for uri in uris() {
            let reply = app.call("GET", &uri, token.as_deref(), None, vec![]).await;
            assert_eq!(reply.status, 200, "{caller} {uri}: {}", reply.body);
            assert!(
                !text_of(&reply).contains(SECRET),
                "{caller} {uri} leaks the justification"
            );
        }
        // They know a field is withheld, and at what level.
        let page = app
            .call(
                "GET",
                &format!("/procurement/processes/{SECRET_OCID}"),
                token.as_deref(),
                None,
                vec![],
            )
            .await;
        assert!(page.body.contains("retenu (niveau CD)"), "{caller}");
        assert!(page.body.contains(r#"id="process-withheld""#));
        assert!(
            page.body.contains("Décret illustratif, art. 3"),
            "the rest of the block is public"
        );
        let en = app
            .call(
                "GET",
                &format!("/procurement/processes/{SECRET_OCID}?lang=en"),
                token.as_deref(),
                None,
                vec![],
            )
            .await;
        assert!(en.body.contains("withheld (level CD)"), "{caller}");
        let json = app
            .call(
                "GET",
                &format!("/api/v1/procurement/processes/{SECRET_OCID}"),
                token.as_deref(),
                None,
                vec![],
            )
            .await
            .json();
        assert_eq!(
            json["withheld"],
            json!([{"path": "/tender/exemption/justification", "level": "CD"}])
        );
        assert!(
            json["release"]["tender"]["exemption"]
                .get("justification")
                .is_none()
        );
        assert_eq!(
            json["release"]["classification"][0]["level"], "CD",
            "the list itself stays"
        );
        let list = app
            .call(
                "GET",
                "/api/v1/procurement/processes?country=BFA",
                token.as_deref(),
                None,
                vec![],
            )
            .await
            .json();
        assert_eq!(list["partial"], true, "{caller}");
    }

    for caller in ["bfa-cdc", "bfa-codes"] {
        let token = app.token(caller).await;
        let page = app
            .call(
                "GET",
                &format!("/procurement/processes/{SECRET_OCID}"),
                Some(&token),
                None,
                vec![],
            )
            .await;
        assert_eq!(page.status, 200);
        assert!(
            page.body.contains(SECRET),
            "{caller} sees the justification"
        );
        assert!(!page.body.contains(r#"id="process-withheld""#), "{caller}");
        let json = app
            .call(
                "GET",
                &format!("/api/v1/procurement/processes/{SECRET_OCID}"),
                Some(&token),
                None,
                vec![],
            )
            .await
            .json();
        assert_eq!(
            json["release"]["tender"]["exemption"]["justification"],
            SECRET
        );
        assert_eq!(json["withheld"], json!([]));
        for format in ["csv", "xlsx"] {
            let file = app
                .call(
                    "GET",
                    &format!("/api/v1/procurement/processes/{SECRET_OCID}?format={format}"),
                    Some(&token),
                    None,
                    vec![],
                )
                .await;
            assert!(text_of(&file).contains(SECRET), "{caller} {format}");
        }
    }
    // A browser session of the commission sees it too.
    let session = app.sign_in("bfa-codes", "demo").await;
    let page = app
        .get_with_cookie(
            &format!("/procurement/processes/{SECRET_OCID}?lang=en"),
            &session,
        )
        .await;
    assert!(page.body.contains(SECRET));
    app.cleanup().await;
}

/// The figures are computed once per visibility and kept: a cleared
/// reader asking first must not leave the public anything of what they
/// saw. A classified award value with a distinctive amount: what the
/// public gets is the same before and after the commission asked, and
/// never the amount.
#[tokio::test]
async fn what_a_cleared_reader_asked_first_is_not_handed_to_the_public() {
    const AMOUNT: i64 = 918_273_645;
    const OCID: &str = "ocds-vigie-bfa-test-secret-value";
    let app = TestApp::demo().await;
    let mut r = release(
        "BFA",
        OCID,
        2022,
        awarded(OCID, AMOUNT, "XOF", &[SECRET_SUPPLIER]),
    );
    merge(&mut r, exemption("Justification publique (test)"));
    r["classification"] = json!([
        {"path": "/awards/0/value", "level": "CD"},
        {"path": "/contracts/0/value", "level": "CD"},
    ]);
    import(&app, vec![r]).await;
    let uris = [
        "/api/v1/procurement/dashboard?country=BFA",
        "/api/v1/procurement/dashboard",
        "/api/v1/procurement/flags?country=BFA",
        "/api/v1/procurement/processes?country=BFA",
    ];
    async fn public(app: &TestApp, uris: &[&str]) -> Vec<String> {
        let mut out = Vec::new();
        for uri in uris {
            let reply = app.call("GET", uri, None, None, vec![]).await;
            assert_eq!(reply.status, 200, "{uri}");
            out.push(text_of(&reply));
        }
        out
    }
    let before = public(&app, &uris).await;
    let token = app.token("bfa-codes").await;
    let seen = app.call("GET", uris[0], Some(&token), None, vec![]).await;
    assert!(
        text_of(&seen).contains(&AMOUNT.to_string()[..6]),
        "the commission's figures count the classified value: {}",
        text_of(&seen)
    );
    for uri in uris {
        app.call("GET", uri, Some(&token), None, vec![]).await;
    }
    let after = public(&app, &uris).await;
    assert_eq!(
        before, after,
        "the public's answers do not depend on who asked before"
    );
    for body in &after {
        assert!(!body.contains(&AMOUNT.to_string()[..6]), "{body}");
    }
    app.cleanup().await;
}
