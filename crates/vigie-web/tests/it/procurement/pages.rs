//! The pages on the demo register, in both languages.

use super::*;

/// A derogatory demo process and one of its suppliers.
async fn a_demo_process(app: &TestApp) -> (String, String) {
    let list = app
        .get("/api/v1/procurement/processes?country=BFA")
        .await
        .json();
    let rows = list["processes"].as_array().unwrap();
    assert!(
        rows.len() > 20,
        "the demo has BFA processes: {}",
        rows.len()
    );
    for row in rows {
        let ocid = row["ocid"].as_str().unwrap().to_owned();
        let process = app
            .get(&format!("/api/v1/procurement/processes/{ocid}"))
            .await
            .json();
        if let Some(supplier) = process["release"]["awards"][0]["suppliers"][0]["id"].as_str() {
            return (ocid, supplier.to_owned());
        }
    }
    panic!("no BFA process with an award")
}

#[tokio::test]
async fn the_pages_render_in_french_and_english() {
    let app = TestApp::demo().await;
    let (ocid, supplier) = a_demo_process(&app).await;

    let home = app.get("/").await;
    assert!(home.body.contains(r#"id="nav-procurement""#));
    let fr = app.get("/procurement").await;
    assert_eq!(fr.status, 200, "{}", fr.body);
    assert!(fr.body.contains("Marchés de défense et régime dérogatoire"));
    for code in ["BFA", "MLI", "MRT", "NER", "TCD"] {
        assert!(
            fr.body.contains(&format!(r#"id="country-{code}""#)),
            "{code}"
        );
    }
    assert_eq!(fr.body.matches("<svg").count(), 1, "the region's chart");
    assert!(fr.body.contains("<caption>"));

    for (lang, title, derogatory) in [
        (
            "fr",
            "Marchés de défense et régime dérogatoire — Burkina Faso",
            "Part dérogatoire (valeur)",
        ),
        (
            "en",
            "Defence procurement and the derogatory regime — Burkina Faso",
            "Derogatory share (value)",
        ),
    ] {
        let page = app
            .get(&format!("/procurement?country=bfa&lang={lang}"))
            .await;
        assert_eq!(page.status, 200, "{}", page.body);
        assert!(page.body.contains(&format!(r#"<html lang="{lang}">"#)));
        assert!(page.body.contains(title), "{lang}");
        assert!(page.body.contains(derogatory), "{lang}");
        assert_eq!(page.body.matches("<svg").count(), 2, "trend and suppliers");
        for id in [
            "procurement-trend",
            "procurement-suppliers",
            "procurement-flags",
            "procurement-processes",
        ] {
            assert!(page.body.contains(&format!(r#"id="{id}""#)), "{id}");
        }
        assert!(
            page.body
                .contains(&format!(r#"href="/procurement/processes/{ocid}""#))
        );
        assert!(
            page.body
                .contains("/api/v1/procurement/processes?country=BFA&amp;format=csv")
        );
        assert!(!page.body.contains(">procurement-"), "every key translated");
    }

    for (lang, heading) in [("fr", "Appel à la concurrence"), ("en", "Tender")] {
        let page = app
            .get(&format!("/procurement/processes/{ocid}?lang={lang}"))
            .await;
        assert_eq!(page.status, 200, "{}", page.body);
        assert!(page.body.contains(heading), "{lang}");
        for id in [
            "process-tender",
            "process-awards",
            "process-contracts",
            "process-flags",
        ] {
            assert!(page.body.contains(&format!(r#"id="{id}""#)), "{id}");
        }
        assert!(
            page.body
                .contains(&format!(r#"href="/procurement/suppliers/{supplier}""#))
        );

        let page = app
            .get(&format!("/procurement/suppliers/{supplier}?lang={lang}"))
            .await;
        assert_eq!(page.status, 200, "{}", page.body);
        for id in [
            "supplier-identity",
            "supplier-totals",
            "supplier-processes",
            "supplier-flags",
        ] {
            assert!(page.body.contains(&format!(r#"id="{id}""#)), "{id}");
        }
        assert!(
            page.body
                .contains(&format!(r#"href="/procurement/processes/{ocid}""#))
        );
    }
    app.cleanup().await;
}

/// The red flags of the demo, as its README lists them, on the pages with
/// their name and explanation in the reader's language.
#[tokio::test]
async fn the_demo_flags_show_with_their_explanation() {
    let app = TestApp::demo().await;
    let flags = app.get("/api/v1/procurement/flags?limit=1000").await.json();
    let has = |group: &str, id: &str, code: &str| {
        flags["flags"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["group"] == group && f["id"] == id && f["indicator"] == code)
    };
    assert!(has("process", "ocds-vigie-mli-2019-016", "D001"));
    assert!(has("process", "ocds-vigie-ner-2019-017", "D005"));
    assert!(has("supplier", "VIGIE-DEMO-MRT-NEW", "D008"));
    assert!(has("process", "ocds-vigie-bfa-2020-005", "R003"));

    let fr = app
        .get("/procurement/processes/ocds-vigie-mli-2019-016")
        .await;
    assert!(fr.body.contains(r#"id="flag-D001""#), "{}", fr.body);
    let en = app
        .get("/procurement/processes/ocds-vigie-mli-2019-016?lang=en")
        .await;
    let d = vigie_store::procurement::flags::describe("D001").unwrap();
    let (fr_text, en_text) = (unescape(&fr.body), unescape(&en.body));
    assert!(
        fr_text.contains(d.name_fr) && fr_text.contains(d.explanation_fr),
        "French"
    );
    assert!(
        en_text.contains(d.name_en) && en_text.contains(d.explanation_en),
        "English"
    );
    let supplier = app
        .get("/procurement/suppliers/VIGIE-DEMO-MRT-NEW?lang=en")
        .await;
    assert!(supplier.body.contains(r#"id="flag-D008""#));
    let dashboard = app.get("/procurement?country=MLI").await;
    assert!(dashboard.body.contains(r#"id="flag-D001""#));
    let csv = app
        .get("/api/v1/procurement/processes?country=MLI&format=csv")
        .await;
    assert!(
        csv.body
            .lines()
            .any(|l| l.starts_with("ocds-vigie-mli-2019-016,") && l.contains("D001"))
    );
    app.cleanup().await;
}

#[tokio::test]
async fn a_process_page_shows_its_planning() {
    let app = TestApp::demo().await;
    let list = app
        .get("/api/v1/procurement/processes?country=NER")
        .await
        .json();
    let mut shown = false;
    for row in list["processes"].as_array().unwrap() {
        let ocid = row["ocid"].as_str().unwrap();
        let process = app
            .get(&format!("/api/v1/procurement/processes/{ocid}"))
            .await
            .json();
        let Some(rationale) = process["release"]["planning"]["rationale"].as_str() else {
            continue;
        };
        let page = app
            .get(&format!("/procurement/processes/{ocid}?lang=fr"))
            .await;
        assert_eq!(page.status, 200);
        let text = unescape(&page.body);
        assert!(text.contains(r#"id="process-planning""#), "{ocid}");
        assert!(
            text.contains("Planification") && text.contains(rationale),
            "{ocid}"
        );
        shown = true;
        break;
    }
    assert!(shown, "the demo plans some NER processes");
    app.cleanup().await;
}

#[tokio::test]
async fn the_dashboard_lists_the_latest_processes_and_points_to_the_downloads_for_all() {
    let app = TestApp::demo().await;
    let many: Vec<Value> = (0..205)
        .map(|i| super::release("NER", &format!("ocds-many-{i}"), 2030, json!({})))
        .collect();
    super::import(&app, many).await;
    let all = app
        .get("/api/v1/procurement/processes?country=NER&limit=1000")
        .await
        .json();
    let total = all["processes"].as_array().unwrap().len();
    assert!(total > 205, "{total}");
    let page = app.get("/procurement?country=NER&lang=en").await;
    assert_eq!(page.status, 200);
    let listed = page
        .body
        .matches(r#"<td><a href="/procurement/processes/"#)
        .count();
    assert_eq!(listed, 200);
    assert!(
        page.body.contains(&format!(
            "The {} older processes are not listed here",
            total - 200
        )),
        "{}",
        page.body
    );
    assert!(
        page.body
            .contains(r#"<a href="/procurement/processes/ocds-many-"#),
        "the most recent first"
    );
    app.cleanup().await;
}

/// A page's text with askama's escapes undone, to find a sentence in it.
fn unescape(html: &str) -> String {
    html.replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&quot;", "\"")
        .replace("&#34;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}
