//! The contract of `/api/v1/budget`: formats, errors, the indicators against a hand computation.

use super::*;

#[tokio::test]
async fn the_lines_api_serves_json_csv_and_xlsx() {
    let app = TestApp::demo().await;

    let reply = app.get("/api/v1/budget/BFA?limit=1000").await;
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

/// A national nomenclature's CSV is sent in parts, read a page of lines at
/// a time: every visible line once, under one header, in the JSON's order.
/// One year's lines come alone; an XLSX beyond its bound is refused with a
/// way out, before anything is read.
#[tokio::test]
async fn a_large_budget_csv_streams_every_line_once_under_one_header() {
    let app = TestApp::demo().await;
    let mut file = String::from(
        "country,fiscal_year,scope,section,program,action,economic_nature,function,stage,amount,\
         currency,law,classification\n",
    );
    // 100,001 lines: ten years of 1,000 programmes of ten actions, and one.
    for year in 2000..2010 {
        for program in 0..1000 {
            for action in 0..10 {
                file.push_str(&format!(
                    "NER,{year},sector,Ministère de la Défense,P{program:04},A{action},personnel,\
                     02.1,initial,{},XOF,,\n",
                    1000 + program * 10 + action
                ));
            }
        }
    }
    file.push_str(
        "NER,2010,sector,Ministère de la Défense,P0000,A0,personnel,02.1,initial,1,XOF,,\n",
    );
    let report = app
        .db
        .store
        .budget()
        .import(
            &vigie_store::Actor::Cli,
            "ner-nomenclature.csv",
            Cursor::new(file.into_bytes()),
            vigie_store::ImportMode::Apply,
            &mut |_| {},
        )
        .await
        .unwrap();
    assert_eq!(report.inserted, 100_001);

    // Twenty-one parts of 5,000 lines at most: the seams must lose or
    // repeat nothing.
    let csv = app.get("/api/v1/budget/NER?format=csv").await;
    assert_eq!(csv.status, 200);
    let rows: Vec<&str> = csv.body.lines().collect();
    assert_eq!(rows.iter().filter(|r| r.starts_with("country,")).count(), 1);
    let whole = 100_001 + demo_lines().iter().filter(|l| l.country == "NER").count();
    assert_eq!(rows.len(), whole + 1, "every line once, and the header");
    let distinct: BTreeSet<&str> = rows.iter().copied().collect();
    assert_eq!(distinct.len(), rows.len());
    let json = app.get("/api/v1/budget/NER?limit=1").await.json();
    let first = &json["lines"][0];
    assert!(
        rows[1].starts_with(&format!(
            "NER,{},{}",
            first["fiscal_year"],
            first["scope"].as_str().unwrap()
        )),
        "{} vs {first}",
        rows[1]
    );

    // One year.
    let year = app.get("/api/v1/budget/NER?format=csv&year=2005").await;
    assert_eq!(year.body.lines().count(), 10_001);
    assert!(
        year.body
            .lines()
            .skip(1)
            .all(|l| l.starts_with("NER,2005,"))
    );
    let page = app
        .get("/api/v1/budget/NER?year=2005&limit=1000")
        .await
        .json();
    assert_eq!(page["lines"].as_array().unwrap().len(), 1000);
    assert!(
        page["lines"]
            .as_array()
            .unwrap()
            .iter()
            .all(|l| l["fiscal_year"] == 2005)
    );
    assert_eq!(app.get("/api/v1/budget/NER?year=1066x").await.status, 400);

    // XLSX: one year fits; every year does not, and the answer says what
    // to take instead.
    let sheet = app.get("/api/v1/budget/NER?format=xlsx&year=2005").await;
    assert_eq!(sheet.status, 200);
    let refused = app.get("/api/v1/budget/NER?format=xlsx").await;
    assert_eq!(refused.status, 400);
    assert!(
        refused.body.contains("format=csv") && refused.body.contains("year="),
        "{}",
        refused.body
    );
    app.cleanup().await;
}
