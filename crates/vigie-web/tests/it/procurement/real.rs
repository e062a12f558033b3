//! Real publications end to end (decision 0019): every file of the OCDS
//! sample publishers (`tests/fixtures/ocds-real-examples-*.jsonl.gz`, see
//! their README) imports as a new user would import it, with its quality report,
//! and the register, the dashboard, the red flags, process and supplier
//! pages then work on what was imported.

use std::io::{Cursor, Read};

use serde::Deserialize;

use vigie_store::Actor;
use vigie_store::ImportMode;

use crate::support::TestApp;

/// The samples, each file a JSON line `{"path", "text"}`, gzipped in two
/// parts (Mexico's publishers, and the others).
const SAMPLES: [&[u8]; 2] = [
    include_bytes!("../../fixtures/ocds-real-examples-mexico.jsonl.gz"),
    include_bytes!("../../fixtures/ocds-real-examples-others.jsonl.gz"),
];

#[derive(Deserialize)]
struct Sample {
    path: String,
    text: String,
}

fn samples() -> Vec<Sample> {
    SAMPLES
        .iter()
        .flat_map(|part| {
            let mut text = String::new();
            flate2::read::GzDecoder::new(*part)
                .read_to_string(&mut text)
                .unwrap();
            text.lines()
                .map(|line| serde_json::from_str::<Sample>(line).unwrap())
                .collect::<Vec<_>>()
        })
        .collect()
}

#[tokio::test]
async fn every_real_sample_file_imports_and_the_register_shows_it() {
    let app = TestApp::demo().await;
    let (mut files, mut releases, mut warnings) = (0, 0, 0);
    let mut refused = Vec::new();
    for Sample { path: name, text } in samples() {
        let result = app
            .db
            .store
            .procurement()
            .import_as(
                "BFA".parse().unwrap(),
                &Actor::Cli,
                &name,
                Cursor::new(text.into_bytes()),
                ImportMode::Apply,
                &mut |_| {},
            )
            .await;
        match result {
            Ok(report) => {
                releases += report.releases;
                warnings += report.warnings_total;
            }
            Err(e) => refused.push(format!("{name}: {e:?}")),
        }
        files += 1;
    }
    assert_eq!(files, 779, "every file of the samples");
    assert!(
        refused.is_empty(),
        "{} refused: {refused:#?}",
        refused.len()
    );
    assert!(releases >= 770, "{releases} releases");
    assert!(
        warnings > 1_000,
        "their imperfections are reported: {warnings}"
    );

    // Every page of the list, by `next` (decision 0023).
    let mut rows = Vec::new();
    let mut next = Some("/api/v1/procurement/processes?country=BFA&limit=1000".to_owned());
    while let Some(uri) = next {
        let list = app.get(&uri).await;
        assert_eq!(list.status, 200);
        let list = list.json();
        rows.extend(list["processes"].as_array().unwrap().iter().cloned());
        next = list["next"].as_str().map(str::to_owned);
    }
    // One process of several publishers, each page answering.
    // Colombia, the UK, New South Wales (OCDS 1.0), Moldova, Ukraine, and
    // Canada, whose ocids hold a `/`.
    for prefix in [
        "ocds-k50g02",
        "ocds-b5fd17",
        "ocds-43qwtd",
        "ocds-ngfbwp",
        "ocds-be6bcu",
        "ocds-34a6hz",
    ] {
        let Some(row) = rows
            .iter()
            .find(|r| r["ocid"].as_str().unwrap().starts_with(prefix))
        else {
            panic!("no process of {prefix}");
        };
        let ocid = urlencode(row["ocid"].as_str().unwrap());
        for uri in [
            format!("/procurement/processes/{ocid}"),
            format!("/api/v1/procurement/processes/{ocid}"),
        ] {
            let reply = app.get(&uri).await;
            assert_eq!(reply.status, 200, "{uri}: {}", reply.body);
        }
    }
    let dashboard = app
        .get("/api/v1/procurement/dashboard?country=BFA&limit=1000")
        .await;
    assert_eq!(dashboard.status, 200);
    let suppliers = dashboard.json()["suppliers"].as_array().unwrap().clone();
    assert!(suppliers.len() > 100, "{} suppliers", suppliers.len());
    for supplier in suppliers.iter().take(5) {
        let id = supplier["id"].as_str().unwrap();
        let uri = format!("/procurement/suppliers/{}", urlencode(id));
        let reply = app.get(&uri).await;
        assert_eq!(reply.status, 200, "{uri}");
    }
    for uri in [
        "/procurement?country=BFA",
        "/api/v1/procurement/flags?country=BFA",
    ] {
        let reply = app.get(uri).await;
        assert_eq!(reply.status, 200, "{uri}: {}", reply.body);
    }
    app.cleanup().await;
}

/// A path segment, percent-encoded where it must be.
fn urlencode(segment: &str) -> String {
    segment
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}
