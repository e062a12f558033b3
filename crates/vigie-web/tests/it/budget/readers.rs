//! Who sees what: the public gets totals that count classified lines and never the lines; oversight of the same country sees them.

use super::*;

#[tokio::test]
async fn the_public_sees_totals_that_count_classified_lines_but_never_the_lines() {
    let app = TestApp::demo().await;
    let secrets = secrets_of("BFA");
    assert_eq!(
        classified("BFA").len(),
        2 * 6 * 9,
        "two classified lines a year, each stage"
    );

    // The pages, every year, both languages.
    for year in 2015..=2023 {
        for lang in ["fr", "en"] {
            let uri = format!("/budget/BFA?year={year}&lang={lang}");
            let page = app.get(&uri).await;
            assert_eq!(page.status, 200, "{uri}: {}", page.body);
            assert_no_leak(&uri, &page, &secrets);
            assert!(
                page.body.contains(r#"id="budget-withheld""#),
                "{uri}: the page says lines are withheld"
            );
        }
    }
    for uri in ["/budget", "/budget?lang=en", "/budget/BFA"] {
        let page = app.get(uri).await;
        assert_eq!(page.status, 200, "{uri}");
        assert_no_leak(uri, &page, &secrets);
    }

    // The API, every format.
    let mut uris: Vec<String> = ["", "?format=csv", "?format=xlsx", "?format=json"]
        .iter()
        .map(|q| format!("/api/v1/budget/BFA{q}"))
        .collect();
    for year in 2015..=2023 {
        for format in ["json", "csv", "xlsx"] {
            uris.push(format!(
                "/api/v1/budget/BFA/indicators?to={year}&format={format}"
            ));
        }
    }
    for format in ["json", "csv", "xlsx"] {
        uris.push(format!("/api/v1/budget?format={format}"));
    }
    for uri in &uris {
        let reply = app.get(uri).await;
        assert_eq!(reply.status, 200, "{uri}: {}", reply.body);
        assert_no_leak(uri, &reply, &secrets);
    }

    // No classified line in the public JSON; every total says two lines
    // are withheld from it.
    let json = app.get("/api/v1/budget/BFA?limit=1000").await.json();
    assert!(
        json["lines"]
            .as_array()
            .unwrap()
            .iter()
            .all(|l| l["classification"].is_null())
    );
    for t in json["totals"].as_array().unwrap() {
        let expected = if t["stage"] == "planned" { 0 } else { 2 };
        assert_eq!(t["withheld_lines"], expected, "{t}");
    }

    // The totals count the classified lines: the overall budget is public.
    let total = demo_total("BFA", 2023, "initial");
    let public: Decimal = json["totals"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["fiscal_year"] == 2023 && t["stage"] == "initial")
        .unwrap()["amount"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(public, total);
    let visible: Decimal = json["lines"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| l["fiscal_year"] == 2023 && l["stage"] == "initial" && l["scope"] == "sector")
        .map(|l| l["amount"].as_str().unwrap().parse::<Decimal>().unwrap())
        .sum();
    assert!(
        visible < public,
        "the classified lines are in the total only"
    );
    let page = app.get("/budget/BFA?year=2023").await;
    assert!(
        page.body.contains(&grouped(&total.to_string(), '\u{202f}')),
        "the page shows the full total"
    );
    app.cleanup().await;
}

#[tokio::test]
async fn a_parliamentarian_sees_their_countrys_classified_lines_and_a_foreign_auditor_does_not() {
    let app = TestApp::demo().await;
    let bfa_2023: Vec<DemoLine> = classified("BFA")
        .into_iter()
        .filter(|l| l.year == 2023)
        .collect();

    // The BFA defence commission, signed in in a browser.
    let session = app.sign_in("bfa-codes", "demo").await;
    let page = app.get_with_cookie("/budget/BFA?year=2023", &session).await;
    assert_eq!(page.status, 200);
    assert!(
        page.body
            .contains("Équipements opérationnels (lot classifié A)")
    );
    assert!(
        page.body
            .contains("Équipements opérationnels (lot classifié B)")
    );
    assert!(
        page.body.contains("<td>CD</td>") && page.body.contains("<td>SD</td>"),
        "levels shown"
    );
    assert!(!page.body.contains(r#"id="budget-withheld""#));
    for l in &bfa_2023 {
        assert!(
            page.body.contains(&grouped(&l.amount, '\u{202f}')),
            "{} {} {} shown in full",
            l.action,
            l.stage,
            l.amount
        );
    }
    // And through the API, with a token.
    let token = app.token("bfa-codes").await;
    let json = get_as(&app, "/api/v1/budget/BFA?limit=1000", Some(&token))
        .await
        .json();
    assert_eq!(json["partial"], false);
    let levels: BTreeSet<&str> = json["lines"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|l| l["classification"].as_str())
        .collect();
    assert_eq!(levels, ["CD", "SD"].into());
    let csv = get_as(&app, "/api/v1/budget/BFA?format=csv", Some(&token)).await;
    assert!(csv.body.contains("lot classifié A"));
    for l in &bfa_2023 {
        assert!(
            csv.body
                .contains(&format!(",{},XOF,,{}", l.amount, l.classification)),
            "{l:?}"
        );
    }
    // Mali's classified lines stay Malian.
    let mli = get_as(&app, "/api/v1/budget/MLI?limit=1000", Some(&token)).await;
    assert_eq!(mli.json()["partial"], true);
    assert_no_leak("bfa-codes /api/v1/budget/MLI", &mli, &secrets_of("MLI"));

    // A Malian auditor sees Mali's lines, not Burkina Faso's.
    let auditor = app.token("mli-bvg").await;
    let own = get_as(&app, "/api/v1/budget/MLI?limit=1000", Some(&auditor)).await;
    assert_eq!(
        own.json()["partial"],
        false,
        "a Malian auditor sees Mali's lines"
    );
    assert!(own.body.contains("lot classifié"));
    let secrets = secrets_of("BFA");
    for uri in [
        "/budget/BFA?year=2023",
        "/budget/BFA?year=2015&lang=en",
        "/api/v1/budget/BFA",
        "/api/v1/budget/BFA?format=csv",
        "/api/v1/budget/BFA?format=xlsx",
        "/api/v1/budget/BFA/indicators?format=xlsx",
    ] {
        let reply = get_as(&app, uri, Some(&auditor)).await;
        assert_eq!(reply.status, 200, "{uri}");
        assert_no_leak(&format!("mli-bvg {uri}"), &reply, &secrets);
    }
    app.cleanup().await;
}

// ---------------------------------------------------------------------------
// Pages
// ---------------------------------------------------------------------------
