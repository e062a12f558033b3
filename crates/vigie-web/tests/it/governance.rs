//! The governance pages and API on the demo: one country's landscape and
//! the comparison of the five in both languages, the assessments with their
//! charts and a detail checked against scores computed by hand, downloads.

use crate::support::TestApp;

#[tokio::test]
async fn a_country_landscape_shows_its_institutions_by_function_with_legal_bases() {
    let app = TestApp::demo().await;
    let home = app.get("/").await;
    assert!(home.body.contains(r#"id="nav-institutions""#));
    let landscape = app.get("/institutions?country=MLI").await;
    assert!(landscape.body.contains(r#"id="nav-assessments""#));
    for (lang, heading, function, access) in [
        (
            "fr",
            "Paysage du contrôle — Mali",
            "Contrôle parlementaire",
            "Non documenté",
        ),
        (
            "en",
            "Oversight landscape — Mali",
            "Parliamentary control",
            "Not documented",
        ),
    ] {
        let page = app
            .get(&format!("/institutions?country=mli&lang={lang}"))
            .await;
        assert_eq!(page.status, 200, "{}", page.body);
        assert!(page.body.contains(heading), "{lang}");
        assert!(page.body.contains(function), "{lang}");
        assert!(page.body.contains(access), "{lang}");
        assert!(page.body.contains(r#"id="institution-MLI-BVG""#));
        assert!(page.body.contains("Loi n°2012-009"));
        assert!(page.body.contains("2012-02-08"));
        assert!(page.body.contains(r#"id="reporting-lines""#));
        assert!(
            page.body.contains(r##"<a href="#institution-MLI-CDSPC">"##),
            "the diagram's root"
        );
        assert!(!page.body.contains("institution-BFA-"), "one country only");
    }
    // A text without a date in the source says so rather than invent one.
    let mrt = app.get("/institutions?country=MRT&lang=en").await;
    assert!(mrt.body.contains("Loi n°2021-024"));
    assert!(mrt.body.contains("date not given by the source"));
    let bfa = app.get("/institutions?country=BFA").await;
    assert!(bfa.body.contains("Loi n°005-2024/ALT"));
    assert!(bfa.body.contains("Accès à toutes les sources"));
    app.db.cleanup().await.unwrap();
}

#[tokio::test]
async fn the_five_countries_side_by_side_and_an_unknown_country() {
    let app = TestApp::demo().await;
    for (lang, title, recorded) in [
        (
            "fr",
            "Le contrôle dans les cinq pays",
            "base légale enregistrée",
        ),
        (
            "en",
            "Oversight in the five countries",
            "legal basis recorded",
        ),
    ] {
        let page = app.get(&format!("/institutions?lang={lang}")).await;
        assert_eq!(page.status, 200, "{}", page.body);
        assert!(page.body.contains(title));
        for code in ["BFA", "MLI", "MRT", "NER", "TCD"] {
            assert!(
                page.body.contains(&format!(r#"id="country-{code}""#)),
                "{code}"
            );
        }
        assert!(page.body.contains(r#"id="cell-MLI-BVG""#));
        assert!(page.body.contains(r#"id="cell-TCD-AILC""#));
        assert!(page.body.contains(recorded));
    }
    let missing = app.get("/institutions?country=SEN&lang=en").await;
    assert_eq!(missing.status, 404);
    assert!(
        missing.body.contains(
            "Unknown country “SEN”. Countries of this instance: BFA, MLI, MRT, NER, TCD."
        ),
        "{}",
        missing.body
    );
    let api = app.get("/api/v1/institutions?country=SEN").await;
    assert_eq!(api.status, 404);
    app.db.cleanup().await.unwrap();
}

#[tokio::test]
async fn the_inventory_downloads_as_json_csv_and_xlsx() {
    let app = TestApp::demo().await;
    let json = app.get("/api/v1/institutions?country=MLI").await.json();
    assert_eq!(json["country"], "MLI");
    let rows = json["institutions"].as_array().unwrap();
    let bvg = rows.iter().find(|r| r["code"] == "MLI-BVG").unwrap();
    assert_eq!(bvg["function"], "audit");
    assert_eq!(bvg["profile"]["legal_bases"][0]["number"], "Loi n°2012-009");
    assert_eq!(bvg["profile"]["access"], "unknown");
    assert!(
        rows.iter()
            .all(|r| r["code"].as_str().unwrap().starts_with("MLI-"))
    );
    let csv = app.get("/api/v1/institutions?country=MLI&format=csv").await;
    assert_eq!(csv.status, 200);
    assert!(csv.body.starts_with(
        "country,function,code,kind,name_fr,name_en,access,legal_bases,reports_to,profile_illustrative\n"
    ));
    assert!(csv.body.contains(
        "MLI,audit,MLI-BVG,court_of_auditors,Bureau du Vérificateur général,Office of the Auditor General,unknown,Loi n°2012-009 (2012-02-08),MLI-CDSPC,true\n"
    ), "{}", csv.body);
    let xlsx = app.get("/api/v1/institutions?format=xlsx").await;
    assert_eq!(xlsx.status, 200);
    assert!(
        xlsx.headers["content-type"]
            .to_str()
            .unwrap()
            .contains("spreadsheetml")
    );
    assert!(xlsx.bytes.starts_with(b"PK"));
    let bad = app.get("/api/v1/institutions?format=pdf").await;
    assert_eq!(bad.status, 400);
    app.db.cleanup().await.unwrap();
}

/// BFA 2024 in the demo scores BT 3, 1, 2; PR 4, 3, 4; CI 3, 1, 2; EC 3, 1,
/// 2; PO 3, 1, 2. By hand: BT = 2.00, PR = 11 / 3 = 3.67, CI = EC = PO =
/// 2.00; overall = (2 + 3.67 + 2 + 2 + 2) / 5 = 11.67 / 5 = 2.334 → 2.33.
#[tokio::test]
async fn assessments_compare_countries_and_years_and_show_each_score() {
    let app = TestApp::demo().await;
    for (lang, title, overall) in [
        ("fr", "Évaluations de la gouvernance", "2,33"),
        ("en", "Governance assessments", "2.33"),
    ] {
        let page = app.get(&format!("/assessments?lang={lang}")).await;
        assert_eq!(page.status, 200, "{}", page.body);
        assert!(page.body.contains(title));
        assert!(page.body.contains(r#"id="assessment-illustrative""#));
        assert_eq!(page.body.matches("<svg").count(), 2, "bars and lines");
        for code in ["BFA", "MLI", "MRT", "NER", "TCD"] {
            assert!(
                page.body.contains(&format!(r#"id="matrix-{code}""#)),
                "{code}"
            );
        }
        assert!(
            page.body
                .contains(&format!(r#"<a href="/assessments/BFA/2024">{overall}</a>"#))
        );
        assert!(page.body.contains(r#"id="question-PR2""#));

        let detail = app.get(&format!("/assessments/bfa/2024?lang={lang}")).await;
        assert_eq!(detail.status, 200, "{}", detail.body);
        assert!(
            detail
                .body
                .contains(&format!(r#"<dd id="assessment-overall">{overall}</dd>"#))
        );
        assert!(detail.body.contains(r#"id="score-PR2""#));
        assert!(detail.body.contains(
            "https://www.lexpressdufaso-bf.com/audit-de-larmee-le-rapport-tombe-on-fait-quoi/"
        ));
    }
    let en = app.get("/assessments/BFA/2024?lang=en").await;
    // PR1 scored 4: its band's criterion.
    assert!(en.body.contains("4 / 4"));
    assert!(
        en.body
            .contains("Guaranteed by law, applied without exception and verifiable by the public.")
    );
    let none = app.get("/assessments/BFA/1999?lang=en").await;
    assert_eq!(none.status, 404);
    assert!(none.body.contains("No assessment of BFA for 1999."));
    assert_eq!(app.get("/assessments/XYZ/2023").await.status, 404);
    app.db.cleanup().await.unwrap();
}

#[tokio::test]
async fn assessments_download_as_json_csv_and_xlsx() {
    let app = TestApp::demo().await;
    let json = app
        .get("/api/v1/assessments?country=BFA&year=2024")
        .await
        .json();
    assert_eq!(json["framework"]["code"], "VIGIE-GOV");
    let list = json["assessments"].as_array().unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["summary"]["overall"], "2.33");
    assert_eq!(list[0]["summary"]["areas"][1]["score"], "3.67");
    let all = app.get("/api/v1/assessments").await.json();
    assert_eq!(all["assessments"].as_array().unwrap().len(), 15);
    let csv = app.get("/api/v1/assessments?country=BFA&format=csv").await;
    assert!(
        csv.body
            .starts_with("framework,version,country,year,area,score,illustrative\n")
    );
    assert!(
        csv.body.contains("VIGIE-GOV,1,BFA,2024,PR,3.67,true\n"),
        "{}",
        csv.body
    );
    assert!(
        csv.body
            .contains("VIGIE-GOV,1,BFA,2024,overall,2.33,true\n")
    );
    let xlsx = app.get("/api/v1/assessments?format=xlsx").await;
    assert_eq!(xlsx.status, 200);
    assert!(xlsx.bytes.starts_with(b"PK"));
    app.db.cleanup().await.unwrap();
}

#[tokio::test]
async fn without_any_framework_the_pages_say_so() {
    let app = TestApp::empty().await;
    let page = app.get("/assessments?lang=en").await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains(r#"id="assessment-none""#));
    let json = app.get("/api/v1/assessments").await.json();
    assert_eq!(json["assessments"], serde_json::json!([]));
    let inventory = app.get("/institutions").await;
    assert_eq!(inventory.status, 200, "{}", inventory.body);
    app.db.cleanup().await.unwrap();
}
