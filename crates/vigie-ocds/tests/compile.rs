//! Merging, validation and the page view, on made-up releases and on a real
//! record whose compiled release the publisher also gave.

use std::io::BufReader;

use serde_json::{Value, json};
use vigie_ocds::{compile, read_each, validate_release};

fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/tests/fixtures/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

#[test]
fn merges_by_the_schema_rules() {
    let older = json!({
        "ocid": "ocds-x-1", "id": "1", "date": "2024-01-01T00:00:00Z", "tag": ["tender"],
        "initiationType": "tender",
        "tender": {"id": "t1", "title": "Véhicules", "value": {"amount": 100, "currency": "XOF"}, "description": "old"},
        "awards": [{"id": "a1", "status": "pending", "value": {"amount": 90}}],
        "parties": [{"id": "p1", "name": "SOGEA", "additionalIdentifiers": [{"id": "1"}, {"id": "2"}]}],
        "classification": [{"path": "/tender/description", "level": "CD"}]
    });
    let newer = json!({
        "ocid": "ocds-x-1", "id": "2", "date": "2024-03-01T00:00:00Z", "tag": ["award"],
        "initiationType": "tender",
        "tender": {"value": {"amount": 120}, "description": null},
        "awards": [{"id": "a1", "status": "active"}, {"id": "a2", "status": "pending"}],
        "parties": [{"id": "p1", "additionalIdentifiers": [{"id": "3"}]}],
        "classification": [{"path": "/awards/0/value", "level": "SD"}]
    });
    // Given out of order: sorted by date.
    let compiled = compile(&[newer, older]);
    assert_eq!(compiled["tag"], json!(["compiled"]));
    assert_eq!(compiled["id"], "ocds-x-1-2024-03-01T00:00:00Z");
    assert_eq!(compiled["date"], "2024-03-01T00:00:00Z");
    assert_eq!(
        compiled["tender"],
        json!({"id": "t1", "title": "Véhicules", "value": {"amount": 120, "currency": "XOF"}})
    );
    assert_eq!(
        compiled["awards"],
        json!([{"id": "a1", "status": "active", "value": {"amount": 90}}, {"id": "a2", "status": "pending"}])
    );
    // wholeListMerge: replaced, not merged by id.
    assert_eq!(
        compiled["parties"][0]["additionalIdentifiers"],
        json!([{"id": "3"}])
    );
    assert_eq!(compiled["parties"][0]["name"], "SOGEA");
    // Vigie's extension: the classification list is replaced whole too.
    assert_eq!(
        compiled["classification"],
        json!([{"path": "/awards/0/value", "level": "SD"}])
    );
    assert!(
        validate_release(&compiled).is_empty(),
        "{:?}",
        validate_release(&compiled)
    );
}

#[test]
fn objects_without_id_are_appended_and_scalar_lists_replaced() {
    let a = json!({"ocid": "o", "date": "1", "tender": {"milestones": [{"title": "a"}], "submissionMethod": ["written"]}});
    let b = json!({"ocid": "o", "date": "2", "tender": {"milestones": [{"title": "b"}], "submissionMethod": ["electronicSubmission"]}});
    let compiled = compile(&[a, b]);
    assert_eq!(
        compiled["tender"]["milestones"],
        json!([{"title": "a"}, {"title": "b"}])
    );
    assert_eq!(
        compiled["tender"]["submissionMethod"],
        json!(["electronicSubmission"])
    );
}

/// Drops empty lists, which the line-delimited copy left out.
fn without_empty_lists(value: &mut Value) {
    match value {
        Value::Object(fields) => {
            fields.retain(|_, v| !matches!(v, Value::Array(a) if a.is_empty()));
            fields.values_mut().for_each(without_empty_lists);
        }
        Value::Array(items) => items.iter_mut().for_each(without_empty_lists),
        _ => {}
    }
}

#[test]
fn compiles_a_real_record_as_its_publisher_did() {
    let mut releases = Vec::new();
    read_each(
        "record-cdmx.json",
        BufReader::new(fixture("record-cdmx.json").as_bytes()),
        |item| {
            releases.push(item.map_err(|e| e.to_string())?.value);
            Ok::<(), String>(())
        },
    )
    .unwrap();
    assert_eq!(releases.len(), 3);
    let mut compiled = compile(&releases);
    let ocid = compiled["ocid"].as_str().unwrap().to_owned();
    let lines = fixture("compiled.jsonl");
    let line = lines
        .lines()
        .find(|line| line.contains(&format!("\"ocid\":\"{ocid}\"")))
        .unwrap();
    let mut expected: Value = serde_json::from_str(line).unwrap();
    // The publisher's own release id scheme; OCDS says `{ocid}-{date}`.
    assert_eq!(compiled["id"], format!("{ocid}-2017-05-11T00:00:00-06:00"));
    expected["id"] = compiled["id"].clone();
    without_empty_lists(&mut compiled);
    without_empty_lists(&mut expected);
    assert_eq!(compiled, expected);
}

#[test]
fn validation_names_the_fields() {
    let release = json!({"ocid": "o", "tag": ["nonsense"], "tender": {"value": {"amount": "12"}}});
    let errors = validate_release(&release);
    let paths: Vec<&str> = errors.iter().map(|(path, _)| path.as_str()).collect();
    for path in [
        "/id",
        "/date",
        "/initiationType",
        "/tag/0",
        "/tender/value/amount",
    ] {
        assert!(paths.contains(&path), "{path} in {errors:?}");
    }
    let exempt = json!({"tender": {"exemption": {"legalBasis": 3}}, "country": "bf"});
    let paths: Vec<String> = validate_release(&exempt)
        .into_iter()
        .map(|(p, _)| p)
        .collect();
    assert!(
        paths.contains(&"/tender/exemption/legalBasis".to_owned()),
        "{paths:?}"
    );
    assert!(paths.contains(&"/country".to_owned()), "{paths:?}");
}

#[test]
fn vigie_extension_releases_are_valid() {
    let lines = fixture("vigie-compiled.jsonl");
    for line in lines.lines() {
        let release: Value = serde_json::from_str(line).unwrap();
        assert_eq!(validate_release(&release), Vec::new());
        assert!(release.pointer("/tender/exemption/legalBasis").is_some());
        assert_eq!(release["classification"][0]["level"], "CD");
    }
}

/// A process's first release is compiled where it lies (nothing to merge
/// into): the same rules hold, down to items sharing an id in one list.
#[test]
fn a_release_alone_is_compiled_by_the_same_rules() {
    let release = json!({
        "ocid": "ocds-x-2", "id": "1", "date": "2024-01-01T00:00:00Z", "tag": ["award"],
        "initiationType": "tender", "description": null,
        "tender": {"id": "t1", "tenderers": [{"id": "p1", "name": "A", "address": null}]},
        "awards": [
            {"id": "a1", "status": "pending"},
            {"id": 1, "status": "active"},
            {"id": "a1", "value": {"amount": 90, "currency": null}},
            {"status": "cancelled"},
            {"status": "cancelled"}
        ],
        "parties": [{"id": "p1", "additionalIdentifiers": [{"id": "x"}, {"id": "x"}]}]
    });
    assert_eq!(
        compile(&[release]),
        json!({
            "ocid": "ocds-x-2", "initiationType": "tender",
            "tender": {"id": "t1", "tenderers": [{"id": "p1", "name": "A"}]},
            "awards": [
                {"id": "a1", "status": "pending", "value": {"amount": 90}},
                {"id": 1, "status": "active"},
                {"status": "cancelled"},
                {"status": "cancelled"}
            ],
            "parties": [{"id": "p1", "additionalIdentifiers": [{"id": "x"}, {"id": "x"}]}],
            "tag": ["compiled"], "id": "ocds-x-2-2024-01-01T00:00:00Z", "date": "2024-01-01T00:00:00Z"
        })
    );
}
