//! The API's figures against a small register computed by hand, its
//! formats and its errors.

use vigie_domain::{Country, Currency};

use super::*;

/// Country `ZZZ` (added for the test, so the demo's processes do not count)
/// with five processes:
///
/// | ocid | year | regime | value | suppliers |
/// |---|---|---|---|---|
/// | p1 | 2020 | open | 100 XOF | S1 |
/// | p2 | 2020 | derogatory | 300 XOF | S2 |
/// | p3 | 2021 | derogatory | 200 XOF | S1 + S2 (consortium: 100 each) |
/// | p4 | 2021 | open | 50 XOF (estimate, no award) | — |
/// | p5 | 2021 | open | 1000 EUR (another currency: counted, not added) | S3 |
async fn with_register() -> TestApp {
    let app = TestApp::demo().await;
    let country = Country {
        code: "ZZZ".parse().unwrap(),
        name_fr: "Zedland".into(),
        name_en: "Zedland".into(),
        currency: Currency::Xof,
    };
    app.db
        .store
        .insert_country(&Actor::System, &country, "ZZ")
        .await
        .unwrap();
    let mut p4 = release("ZZZ", "ocds-t-p4", 2021, json!({}));
    p4["tender"]["value"] = json!({"amount": 50, "currency": "XOF"});
    let releases = vec![
        release(
            "ZZZ",
            "ocds-t-p1",
            2020,
            awarded("ocds-t-p1", 100, "XOF", &["S1"]),
        ),
        {
            let mut r = release(
                "ZZZ",
                "ocds-t-p2",
                2020,
                awarded("ocds-t-p2", 300, "XOF", &["S2"]),
            );
            merge(&mut r, exemption("Urgence (test)"));
            r
        },
        {
            let mut r = release(
                "ZZZ",
                "ocds-t-p3",
                2021,
                awarded("ocds-t-p3", 200, "XOF", &["S1", "S2"]),
            );
            merge(&mut r, exemption("Urgence (test)"));
            r
        },
        p4,
        release(
            "ZZZ",
            "ocds-t-p5",
            2021,
            awarded("ocds-t-p5", 1000, "EUR", &["S3"]),
        ),
    ];
    import(&app, releases).await;
    app
}

#[tokio::test]
async fn the_dashboard_matches_figures_computed_by_hand() {
    let app = with_register().await;
    let reply = app.get("/api/v1/procurement/dashboard?country=zzz").await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    let json = reply.json();
    assert_eq!(json["country"], "ZZZ");
    assert_eq!(json["currency"], "XOF");
    let years = json["years"].as_array().unwrap();
    let row = |y: &Value| {
        (
            y["year"].as_i64().unwrap(),
            y["processes"].as_u64().unwrap(),
            y["derogatory"].as_u64().unwrap(),
            dec(&y["value"]),
            dec(&y["derogatory_value"]),
            dec(&y["derogatory_value_percent"]),
        )
    };
    assert_eq!(
        years.iter().map(row).collect::<Vec<_>>(),
        vec![
            (2020, 2, 1, 400.into(), 300.into(), "75.00".parse().unwrap()),
            (2021, 3, 1, 250.into(), 200.into(), "80.00".parse().unwrap()),
        ]
    );
    let suppliers: Vec<(String, u64, Decimal, Decimal)> = json["suppliers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["id"].as_str().unwrap().to_owned(),
                s["processes"].as_u64().unwrap(),
                dec(&s["value"]),
                dec(&s["derogatory_value"]),
            )
        })
        .collect();
    assert_eq!(
        suppliers,
        vec![
            ("S2".into(), 2, 400.into(), 400.into()),
            ("S1".into(), 2, 200.into(), 100.into()),
            ("S3".into(), 1, 0.into(), 0.into()),
        ]
    );
    let zzz = json["countries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["country"] == "ZZZ")
        .unwrap();
    assert_eq!(
        (zzz["processes"].as_u64(), zzz["derogatory"].as_u64()),
        (Some(5), Some(2))
    );
    assert_eq!(dec(&zzz["value"]), Decimal::from(650));
    assert_eq!(dec(&zzz["derogatory_value"]), Decimal::from(500));
    assert_eq!(
        dec(&zzz["derogatory_value_percent"]),
        "76.92".parse().unwrap()
    );
    assert_eq!(
        json["countries"].as_array().unwrap().len(),
        6,
        "the five and ZZZ"
    );

    // The processes list: one row per process, as computed.
    let list = app
        .get("/api/v1/procurement/processes?country=ZZZ")
        .await
        .json();
    let rows = list["processes"].as_array().unwrap();
    assert_eq!(rows.len(), 5);
    let p3 = rows.iter().find(|r| r["ocid"] == "ocds-t-p3").unwrap();
    assert_eq!(p3["derogatory"], true);
    assert_eq!(p3["method"], "direct");
    assert_eq!(p3["date"], "2021-03-01");
    assert_eq!(dec(&p3["value"]), Decimal::from(200));
    assert_eq!(p3["currency"], "XOF");
    assert_eq!(p3["buyer_id"], "ZZZ-BUYER");

    // The page shows the same figures, the reader's way.
    let page = app.get("/procurement?country=ZZZ").await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("76,9\u{a0}%"), "French share");
    assert!(page.body.contains("400\u{a0}FCFA"));
    let en = app.get("/procurement?country=ZZZ&lang=en").await;
    assert!(en.body.contains("76.9\u{a0}%"), "English share");
    assert!(en.body.contains(r#"href="/procurement/suppliers/S2""#));
    app.cleanup().await;
}

#[tokio::test]
async fn downloads_parse_in_every_format_and_errors_are_the_documented_ones() {
    let app = with_register().await;
    for uri in [
        "/api/v1/procurement/processes?country=ZZZ",
        "/api/v1/procurement/dashboard?country=ZZZ",
        "/api/v1/procurement/flags?country=ZZZ",
        "/api/v1/procurement/processes/ocds-t-p3",
    ] {
        let json = app
            .get(&format!(
                "{uri}{}format=json",
                if uri.contains('?') { "&" } else { "?" }
            ))
            .await;
        assert_eq!(json.status, 200, "{uri}: {}", json.body);
        json.json();
        let sep = if uri.contains('?') { "&" } else { "?" };
        let csv = app.get(&format!("{uri}{sep}format=csv")).await;
        assert_eq!(csv.status, 200, "{uri}");
        assert!(
            csv.headers["content-type"]
                .to_str()
                .unwrap()
                .starts_with("text/csv")
        );
        let mut reader = csv::Reader::from_reader(csv.bytes.as_slice());
        let width = reader.headers().unwrap().len();
        for record in reader.records() {
            assert_eq!(record.unwrap().len(), width, "{uri}");
        }
        let xlsx = app.get(&format!("{uri}{sep}format=xlsx")).await;
        assert_eq!(xlsx.status, 200, "{uri}");
        assert!(!crate::budget::xlsx_text(&xlsx.bytes).is_empty());
    }
    let csv = app
        .get("/api/v1/procurement/processes?country=ZZZ&format=csv")
        .await;
    assert!(csv.body.starts_with(
        "ocid,country,date,buyer_id,buyer_name,title,method,derogatory,value,currency,flags"
    ));
    assert!(csv.body.contains(
        "ocds-t-p2,ZZZ,2020-03-01,ZZZ-BUYER,Acheteur ZZZ,Objet ocds-t-p2,direct,true,300,XOF,"
    ));
    let one = app
        .get("/api/v1/procurement/processes/ocds-t-p2?format=csv")
        .await;
    assert!(
        one.body
            .contains("/tender/exemption/justification,Urgence (test),")
    );
    let process = app
        .get("/api/v1/procurement/processes/ocds-t-p2")
        .await
        .json();
    assert_eq!(
        process["release"]["tender"]["exemption"]["legalBasis"],
        "Décret illustratif, art. 3"
    );
    assert_eq!(process["withheld"], json!([]));
    assert!(process["flags"].is_array());

    for (uri, status) in [
        ("/api/v1/procurement/processes/no-such-ocid", 404),
        ("/api/v1/procurement/processes?country=XYZ", 404),
        ("/api/v1/procurement/dashboard?country=nope", 404),
        ("/procurement/processes/no-such-ocid", 404),
        ("/procurement/suppliers/NO-SUCH-SUPPLIER", 404),
        ("/procurement?country=XYZ", 404),
    ] {
        assert_eq!(app.get(uri).await.status, status, "{uri}");
    }
    let bad = app.get("/api/v1/procurement/flags?format=pdf").await;
    assert_eq!(bad.status, 400);
    assert_eq!(bad.json()["error"]["code"], "bad_request");
    assert!(bad.body.contains("csv, json or xlsx"), "{}", bad.body);
    app.cleanup().await;
}

/// The processes CSV is streamed a part of 5,000 at a time, each found by
/// key after the last: across parts, every process once, in the list's
/// order, one header.
#[tokio::test]
async fn the_processes_csv_is_whole_across_its_streamed_parts() {
    let app = TestApp::demo().await;
    let releases: Vec<Value> = (0..5_100)
        .map(|i| {
            release(
                "NER",
                &format!("ocds-t-many-{i:05}"),
                2020 + i % 5,
                json!({}),
            )
        })
        .collect();
    import(&app, releases).await;
    let csv = app
        .get("/api/v1/procurement/processes?country=NER&format=csv")
        .await;
    assert_eq!(csv.status, 200);
    let mut reader = csv::Reader::from_reader(csv.bytes.as_slice());
    let headers = reader.headers().unwrap().clone();
    let ocid = headers.iter().position(|h| h == "ocid").unwrap();
    let date = headers.iter().position(|h| h == "date").unwrap();
    let rows: Vec<(String, String)> = reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            (r[date].to_owned(), r[ocid].to_owned())
        })
        .collect();
    let listed = app
        .get("/api/v1/procurement/dashboard?country=NER")
        .await
        .json();
    let processes = listed["countries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["country"] == "NER")
        .unwrap()["processes"]
        .as_u64()
        .unwrap();
    assert!(processes > 5_100);
    assert_eq!(rows.len() as u64, processes, "every process, once");
    let distinct: std::collections::BTreeSet<&String> = rows.iter().map(|(_, o)| o).collect();
    assert_eq!(distinct.len(), rows.len());
    assert!(
        rows.windows(2)
            .all(|w| w[0].0 > w[1].0 || (w[0].0 == w[1].0 && w[0].1 < w[1].1)),
        "most recent first, then by ocid"
    );
    app.cleanup().await;
}
