//! The country page, the template and the import page, in both languages.

use super::*;

#[tokio::test]
async fn the_country_page_charts_the_budget_in_both_languages() {
    let app = TestApp::demo().await;
    let indicators = app.get("/api/v1/budget/BFA/indicators").await.json();

    let fr = app.get("/budget/BFA").await;
    assert_eq!(fr.status, 200, "{}", fr.body);
    assert!(fr.body.contains(r#"<html lang="fr">"#));
    assert!(
        fr.body
            .contains("Budget de la défense et de la sécurité — Burkina Faso")
    );
    assert_eq!(
        fr.body.matches("<svg").count(),
        4,
        "trend, funnel, composition, gap"
    );
    for id in [
        "budget-trend",
        "budget-funnel",
        "budget-composition",
        "budget-gap",
        "budget-pefa",
        "budget-usd",
        "budget-lines",
    ] {
        assert!(fr.body.contains(&format!(r#"id="{id}""#)), "{id}");
    }
    for (id, key) in [("pi1", "pi1"), ("pi2-1", "pi2_1"), ("pi2-2", "pi2_2")] {
        let score = indicators["pefa"][key]["score"].as_str().unwrap();
        let article = &fr.body[fr.body.find(&format!(r#"id="{id}""#)).unwrap()..];
        assert!(
            article[..article.find("</h3>").unwrap()].contains(&format!(
                r#"<span class="score score-{score}">{score}</span>"#
            )),
            "{id} scored {score}"
        );
    }
    assert!(fr.body.contains("PI-1 Dépenses effectives totales"));
    assert!(
        !fr.body.contains("budget-formula-"),
        "every formula name is translated"
    );

    let en = app.get("/budget/BFA?lang=en").await;
    assert_eq!(en.status, 200);
    assert!(en.body.contains(r#"<html lang="en">"#));
    assert!(
        en.body
            .contains("Defence and security budget — Burkina Faso")
    );
    assert!(
        en.body
            .contains("PEFA indicators over the three fiscal years ending in 2023")
    );
    assert_eq!(en.body.matches("<svg").count(), 4);
    assert!(!en.body.contains("budget-formula-"));
    assert!(
        !en.body.contains("Exercice"),
        "no French left on the English page"
    );

    // Mauritania has no programming law: no gap chart.
    let mrt = app.get("/budget/MRT").await;
    assert_eq!(mrt.status, 200);
    assert!(!mrt.body.contains(r#"id="budget-gap""#));
    assert_eq!(mrt.body.matches("<svg").count(), 3);

    // An earlier year, a year that is not one, a country that is not one.
    let y2016 = app.get("/budget/BFA?year=2016").await;
    assert_eq!(y2016.status, 200);
    assert!(y2016.body.contains(r#"<option value="2016" selected>"#));
    assert_eq!(app.get("/budget/BFA?year=abc").await.status, 400);
    assert_eq!(app.get("/budget/XYZ").await.status, 404);

    // The comparison page.
    let compare = app.get("/budget").await;
    assert_eq!(compare.status, 200);
    for code in ["BFA", "MLI", "MRT", "NER", "TCD"] {
        assert!(
            compare.body.contains(&format!(r#"id="compare-{code}""#)),
            "{code}"
        );
    }
    app.cleanup().await;
}

#[tokio::test]
async fn the_template_and_the_import_page_document_the_columns() {
    let app = TestApp::demo().await;
    let fr = app.get("/budget/template.csv?lang=fr").await;
    assert_eq!(fr.status, 200);
    assert!(
        fr.headers[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    assert!(fr.body.starts_with("\u{feff}pays;exercice;"), "{}", fr.body);
    let en = app.get("/budget/template.csv?lang=en").await;
    assert!(
        en.body.starts_with("\u{feff}country,fiscal_year,"),
        "{}",
        en.body
    );

    let page = app.get("/budget/import").await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains(r#"id="template-columns""#));
    for column in ["pays", "exercice", "montant", "amount", "classification"] {
        assert!(
            page.body.contains(&format!("<code>{column}</code>")),
            "{column}"
        );
    }
    assert!(
        !page.body.contains(r#"id="import-form""#),
        "the public may not import"
    );
    app.cleanup().await;
}

/// A treasury that publishes what it paid but not what was ordered: PI-1
/// reads that year on payments, and the page, the JSON and the CSV say so,
/// instead of scoring the year as missing.
#[tokio::test]
async fn pi1_reads_a_year_without_payment_orders_on_payments_and_says_so() {
    let app = TestApp::demo().await;
    let csv = "country,fiscal_year,scope,section,program,action,economic_nature,function,stage,amount,currency,law,classification\n\
        BFA,2024,sector,Défense,Soutien,,personnel,02.1,initial,1000000,XOF,,\n\
        BFA,2024,sector,Défense,Soutien,,personnel,02.1,paid,980000,XOF,,\n";
    app.db
        .store
        .budget()
        .import(
            &vigie_store::Actor::Cli,
            "paid-only.csv",
            std::io::Cursor::new(csv.as_bytes().to_vec()),
            vigie_store::ImportMode::Apply,
            &mut |_| {},
        )
        .await
        .unwrap();
    let json = app
        .get("/api/v1/budget/BFA/indicators?to=2024")
        .await
        .json();
    let y2024 = &json["pefa"]["pi1"]["years"][2];
    assert_eq!(y2024["year"], 2024);
    assert_eq!(y2024["actual_stage"], "paid", "{y2024}");
    assert_eq!(y2024["outturn"], "98.00", "{y2024}");
    assert_eq!(json["pefa"]["pi1"]["years"][1]["actual_stage"], "ordered");

    let page = app.get("/budget/BFA?year=2024").await;
    let article = &page.body[page.body.find(r#"id="pi1""#).unwrap()..];
    let article = &article[..article.find("</article>").unwrap()];
    assert!(
        article.contains("(sur les paiements : pas d&#39;ordonnancements publiés)"),
        "{article}"
    );
    assert_eq!(article.matches(r#"class="basis""#).count(), 1, "2024 only");

    let csv = app
        .get("/api/v1/budget/BFA/indicators?to=2024&format=csv")
        .await;
    assert!(
        csv.body.contains("pefa,PI-1,2024,,actual_stage,paid"),
        "{}",
        csv.body
    );
    app.cleanup().await;
}
