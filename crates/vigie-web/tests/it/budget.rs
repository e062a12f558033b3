//! The budget pages and API, as readers, scripts and ministries use them:
//! the contract of `/api/v1/budget`, the secrecy of classified lines (the
//! totals count them, nobody without the right sees them one by one), the
//! pages in both languages, and the import form.

use std::collections::BTreeSet;
use std::io::Cursor;

use axum::body::Body;
use axum::http::{Request, header};
use calamine::{Data, Reader, Xlsx};
use rust_decimal::{Decimal, RoundingStrategy};

use crate::support::{Reply, TestApp};

/// The demo budget, as the store loaded it.
const DEMO_CSV: &str = include_str!("../../../vigie-store/demo/budget.csv");

/// One line of the demo budget file.
#[derive(Debug, Clone)]
pub(crate) struct DemoLine {
    country: String,
    pub(crate) year: i32,
    scope: String,
    action: String,
    stage: String,
    /// The amount as the file writes it (whole units).
    pub(crate) amount: String,
    pub(crate) classification: String,
}

fn demo_lines() -> Vec<DemoLine> {
    let mut reader = csv::Reader::from_reader(DEMO_CSV.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let at = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let (country, year, scope, action, stage, amount, classification) = (
        at("country"),
        at("fiscal_year"),
        at("scope"),
        at("action"),
        at("stage"),
        at("amount"),
        at("classification"),
    );
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            DemoLine {
                country: r[country].to_owned(),
                year: r[year].parse().unwrap(),
                scope: r[scope].to_owned(),
                action: r[action].to_owned(),
                stage: r[stage].to_owned(),
                amount: r[amount].to_owned(),
                classification: r[classification].to_owned(),
            }
        })
        .collect()
}

/// The classified lines of a country in the demo budget.
pub(crate) fn classified(country: &str) -> Vec<DemoLine> {
    let lines: Vec<DemoLine> = demo_lines()
        .into_iter()
        .filter(|l| l.country == country && !l.classification.is_empty())
        .collect();
    assert!(!lines.is_empty(), "{country} has classified demo lines");
    lines
}

/// The sector total of a country, year and stage in the demo file, every
/// line counted (classified or not).
fn demo_total(country: &str, year: i32, stage: &str) -> Decimal {
    demo_lines()
        .iter()
        .filter(|l| {
            l.country == country && l.year == year && l.scope == "sector" && l.stage == stage
        })
        .map(|l| l.amount.parse::<Decimal>().unwrap())
        .sum()
}

/// Digits grouped by three with `sep` (written here, independently of the
/// code under test).
fn grouped(digits: &str, sep: char) -> String {
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(ch);
    }
    out
}

/// Every way an amount may be written on its own: as the file and the API
/// write it, as a French page prints it (U+202F between groups), as an
/// English page prints it.
pub(crate) fn written_forms(amount: &str) -> [String; 3] {
    [
        amount.to_owned(),
        grouped(amount, '\u{202f}'),
        grouped(amount, ','),
    ]
}

/// Every cell of every sheet of a workbook, as text (whole numbers without
/// a decimal point), with the sheet names.
fn xlsx_cells(bytes: &[u8]) -> (Vec<String>, Vec<Vec<Vec<String>>>) {
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes.to_vec())).expect("a valid workbook");
    let names = book.sheet_names();
    let sheets = names
        .iter()
        .map(|name| {
            let range = book.worksheet_range(name).unwrap();
            range
                .rows()
                .map(|row| row.iter().map(cell_text).collect())
                .collect()
        })
        .collect();
    (names, sheets)
}

fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e17 => format!("{f:.0}"),
        Data::Float(f) => f.to_string(),
        other => other.to_string(),
    }
}

/// Every cell of a workbook as one text, a line per row.
pub(crate) fn xlsx_text(bytes: &[u8]) -> String {
    let (_, sheets) = xlsx_cells(bytes);
    sheets
        .into_iter()
        .flatten()
        .map(|row| row.join("\t"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Asserts that a reply carries none of `forbidden`, in its bytes or, for a
/// workbook, in any of its cells.
fn assert_no_leak(what: &str, reply: &Reply, forbidden: &[String]) {
    let is_xlsx = reply
        .headers
        .get(header::CONTENT_TYPE)
        .is_some_and(|ct| ct.to_str().unwrap().contains("spreadsheetml"));
    let text = if is_xlsx {
        xlsx_text(&reply.bytes)
    } else {
        reply.body.clone()
    };
    for secret in forbidden {
        assert!(!text.contains(secret.as_str()), "{what} leaks `{secret}`");
    }
}

/// What nobody without the right may see of a country's classified lines:
/// their label and each amount on its own.
fn secrets_of(country: &str) -> Vec<String> {
    let mut out = vec!["lot classifié".to_owned()];
    for l in classified(country) {
        out.extend(written_forms(&l.amount));
    }
    out
}

fn get_as<'a>(
    app: &'a TestApp,
    uri: &'a str,
    token: Option<&'a str>,
) -> impl Future<Output = Reply> + 'a {
    app.call("GET", uri, token, None, vec![])
}

// ---------------------------------------------------------------------------
// Contract
// ---------------------------------------------------------------------------

#[tokio::test]
async fn the_lines_api_serves_json_csv_and_xlsx() {
    let app = TestApp::demo().await;

    let reply = app.get("/api/v1/budget/BFA").await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert!(
        reply.headers[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("application/json")
    );
    let json = reply.json();
    assert_eq!(json["country"], "BFA");
    assert_eq!(json["currency"], "XOF");
    assert_eq!(json["partial"], true, "the public does not see every line");
    let totals = json["totals"].as_array().unwrap();
    assert!(!totals.is_empty());
    for t in totals {
        assert!(t["fiscal_year"].is_i64(), "{t}");
        assert!(t["stage"].is_string(), "{t}");
        assert!(
            t["amount"].as_str().unwrap().parse::<Decimal>().is_ok(),
            "{t}"
        );
    }
    let lines = json["lines"].as_array().unwrap();
    assert!(!lines.is_empty());
    assert!(
        lines
            .iter()
            .all(|l| l["country"] == "BFA" && l["currency"] == "XOF")
    );

    let csv = app.get("/api/v1/budget/BFA?format=csv").await;
    assert_eq!(csv.status, 200);
    assert!(
        csv.headers[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    assert!(
        csv.headers[header::CONTENT_DISPOSITION]
            .to_str()
            .unwrap()
            .contains("budget-BFA.csv")
    );
    assert_eq!(
        csv.body.lines().next().unwrap(),
        "country,fiscal_year,scope,section,program,action,economic_nature,function,stage,amount,currency,law,classification"
    );
    assert_eq!(
        csv.body.lines().count(),
        lines.len() + 1,
        "one row per visible line"
    );

    let xlsx = app.get("/api/v1/budget/BFA?format=xlsx").await;
    assert_eq!(xlsx.status, 200);
    assert!(
        xlsx.headers[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .contains("spreadsheetml")
    );
    let (names, sheets) = xlsx_cells(&xlsx.bytes);
    assert_eq!(names, ["budget-BFA", "totals-BFA"]);
    assert_eq!(sheets[0][0].join(","), csv.body.lines().next().unwrap());
    assert_eq!(sheets[0].len(), lines.len() + 1);
    assert_eq!(
        sheets[1][0],
        [
            "country",
            "fiscal_year",
            "stage",
            "amount",
            "currency",
            "withheld_lines"
        ]
    );
    assert_eq!(sheets[1].len(), totals.len() + 1);
    // Amounts are numbers a reader can sum, equal to the JSON's.
    let initial_2023 = totals
        .iter()
        .find(|t| t["fiscal_year"] == 2023 && t["stage"] == "initial")
        .unwrap()["amount"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(
        sheets[1]
            .iter()
            .any(|r| r[1] == "2023" && r[2] == "initial" && r[3] == initial_2023),
        "{:?}",
        sheets[1]
    );

    // Errors: an unknown format, an unknown country.
    let bad = app.get("/api/v1/budget/BFA?format=pdf").await;
    assert_eq!(bad.status, 400);
    let envelope = bad.json();
    assert_eq!(envelope["error"]["status"], 400);
    assert_eq!(envelope["error"]["code"], "bad_request");
    assert!(
        envelope["error"]["message"]
            .as_str()
            .unwrap()
            .contains("pdf"),
        "{envelope}"
    );
    let missing = app.get("/api/v1/budget/XYZ").await;
    assert_eq!(missing.status, 404);
    assert_eq!(missing.json()["error"]["code"], "not_found");
    assert_eq!(app.get("/api/v1/budget/XYZ/indicators").await.status, 404);
    assert_eq!(app.get("/api/v1/budget/not-a-country").await.status, 404);
    app.cleanup().await;
}

#[tokio::test]
async fn the_indicators_api_scores_pefa_as_computed_by_hand() {
    let app = TestApp::demo().await;
    let reply = app.get("/api/v1/budget/BFA/indicators?to=2023").await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    let json = reply.json();
    assert_eq!(json["country"], "BFA");
    assert_eq!(json["to"], 2023);
    for pi in ["pi1", "pi2_1", "pi2_2"] {
        let score = json["pefa"][pi]["score"]
            .as_str()
            .unwrap_or_else(|| panic!("{pi}: {json}"));
        assert!(["A", "B", "C", "D"].contains(&score), "{pi}: {score}");
    }
    let years: Vec<i64> = json["pefa"]["pi1"]["years"]
        .as_array()
        .unwrap()
        .iter()
        .map(|y| y["year"].as_i64().unwrap())
        .collect();
    assert_eq!(years, [2021, 2022, 2023]);

    // PI-1 outturn of 2023: payment orders ÷ initial appropriation × 100,
    // every sector line counted, rounded half away from zero to 2 places.
    let expected = (demo_total("BFA", 2023, "ordered") * Decimal::ONE_HUNDRED
        / demo_total("BFA", 2023, "initial"))
    .round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    let y2023 = &json["pefa"]["pi1"]["years"][2];
    let outturn: Decimal = y2023["outturn"].as_str().unwrap().parse().unwrap();
    assert_eq!(outturn, expected, "{y2023}");
    let approved: Decimal = y2023["approved"].as_str().unwrap().parse().unwrap();
    assert_eq!(approved, demo_total("BFA", 2023, "initial"));

    // Another window.
    let earlier = app
        .get("/api/v1/budget/BFA/indicators?to=2019")
        .await
        .json();
    let years: Vec<i64> = earlier["pefa"]["pi1"]["years"]
        .as_array()
        .unwrap()
        .iter()
        .map(|y| y["year"].as_i64().unwrap())
        .collect();
    assert_eq!(years, [2017, 2018, 2019]);

    // A year that is not one.
    let bad = app.get("/api/v1/budget/BFA/indicators?to=abc").await;
    assert_eq!(bad.status, 400);
    assert_eq!(bad.json()["error"]["code"], "bad_request");
    assert_eq!(
        app.get("/api/v1/budget/BFA/indicators?to=1800")
            .await
            .status,
        400
    );
    assert_eq!(
        app.get("/api/v1/budget/BFA/indicators?format=pdf")
            .await
            .status,
        400
    );

    // CSV: one long table; XLSX: a sheet per table.
    let csv = app
        .get("/api/v1/budget/BFA/indicators?to=2023&format=csv")
        .await;
    assert_eq!(csv.status, 200);
    assert!(
        csv.headers[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    assert_eq!(
        csv.body.lines().next().unwrap(),
        "table,indicator,fiscal_year,stage,measure,value"
    );
    assert!(
        csv.body
            .lines()
            .any(|l| l == format!("pefa,PI-1,2023,,outturn_or_variance_percent,{expected}")),
        "{}",
        csv.body
    );
    // Every PEFA figure as the JSON writes it: percentages keep their two
    // places (`22.10`, not `22.1`).
    for (key, name, measure) in [
        ("pi1", "PI-1", "outturn"),
        ("pi2_1", "PI-2.1", "variance"),
        ("pi2_2", "PI-2.2", "variance"),
    ] {
        for y in json["pefa"][key]["years"].as_array().unwrap() {
            let row = format!(
                "pefa,{name},{},,outturn_or_variance_percent,{}",
                y["year"],
                y[measure].as_str().unwrap()
            );
            assert!(csv.body.lines().any(|l| l == row), "{row} not in the CSV");
        }
    }
    let xlsx = app
        .get("/api/v1/budget/BFA/indicators?to=2023&format=xlsx")
        .await;
    assert_eq!(xlsx.status, 200);
    let (names, sheets) = xlsx_cells(&xlsx.bytes);
    assert_eq!(
        names,
        [
            "pefa-BFA",
            "execution-BFA",
            "growth-BFA",
            "state-share-BFA",
            "programming-BFA",
            "constant-usd-BFA"
        ]
    );
    let pefa = &sheets[0];
    assert_eq!(pefa[0][0], "indicator");
    assert_eq!(pefa.iter().filter(|r| r[0] == "PI-1").count(), 3);
    assert!(sheets[4].len() > 1, "BFA has a programming law");
    app.cleanup().await;
}

#[tokio::test]
async fn the_overview_api_lists_the_five_countries() {
    let app = TestApp::demo().await;
    let reply = app.get("/api/v1/budget").await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    let countries: BTreeSet<String> = reply
        .json()
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["country"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        countries,
        ["BFA", "MLI", "MRT", "NER", "TCD"].map(String::from).into()
    );
    let bfa = reply
        .json()
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["country"] == "BFA")
        .unwrap()
        .clone();
    assert_eq!(bfa["fiscal_year"], 2023);
    let initial: Decimal = bfa["initial"].as_str().unwrap().parse().unwrap();
    assert_eq!(initial, demo_total("BFA", 2023, "initial"));

    let csv = app.get("/api/v1/budget?format=csv").await;
    assert_eq!(csv.status, 200);
    assert_eq!(csv.body.lines().count(), 6, "{}", csv.body);
    assert!(csv.body.starts_with("country,fiscal_year,currency,"));
    let xlsx = app.get("/api/v1/budget?format=xlsx").await;
    let (names, sheets) = xlsx_cells(&xlsx.bytes);
    assert_eq!(names, ["budget-comparison"]);
    assert_eq!(sheets[0].len(), 6);
    assert_eq!(app.get("/api/v1/budget?format=pdf").await.status, 400);
    app.cleanup().await;
}

// ---------------------------------------------------------------------------
// Secrecy
// ---------------------------------------------------------------------------

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
    let json = app.get("/api/v1/budget/BFA").await.json();
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
    let json = get_as(&app, "/api/v1/budget/BFA", Some(&token))
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
    let mli = get_as(&app, "/api/v1/budget/MLI", Some(&token)).await;
    assert_eq!(mli.json()["partial"], true);
    assert_no_leak("bfa-codes /api/v1/budget/MLI", &mli, &secrets_of("MLI"));

    // A Malian auditor sees Mali's lines, not Burkina Faso's.
    let auditor = app.token("mli-bvg").await;
    let own = get_as(&app, "/api/v1/budget/MLI", Some(&auditor)).await;
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
    let json = app.get("/api/v1/budget/BFA").await.json();
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
    let json = app.get("/api/v1/budget/BFA").await.json();
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
    let json = app.get("/api/v1/budget/BFA").await.json();
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
    assert_eq!(refused.status, 422, "{}", refused.body);
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
            app.get(&format!("/api/v1/budget/{country}")).await.json()["lines"]
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
    let json = app.get("/api/v1/budget/BFA").await.json();
    assert!(
        json["lines"]
            .as_array()
            .unwrap()
            .iter()
            .all(|l| l["fiscal_year"] != 2024)
    );
    app.cleanup().await;
}
