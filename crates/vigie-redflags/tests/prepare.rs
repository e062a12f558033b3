//! `vigie prepare` against Cardinal's own prepare fixtures (0.0.8): with each
//! fixture's settings, the same corrected releases, line by line, equal as
//! JSON values; and the issue rows Cardinal's code writes.

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;
use vigie_redflags::{PrepareSettings, PrepareSummary, Settings, prepare_lines};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/cardinal/prepare")
}

/// The output lines and the issue rows of `input` under `settings`.
fn prepare(input: &str, settings: &PrepareSettings) -> (Vec<Value>, String, PrepareSummary) {
    let (mut output, mut errors) = (Vec::new(), Vec::new());
    let summary = prepare_lines(
        input.as_bytes(),
        settings,
        &mut output,
        &mut errors,
        |line, why| panic!("line {line} skipped: {why}"),
    )
    .unwrap();
    let lines = String::from_utf8(output)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    (lines, String::from_utf8(errors).unwrap(), summary)
}

#[test]
fn every_cardinal_fixture_prepares_the_same() {
    let mut checked = 0;
    for entry in fs::read_dir(fixtures()).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "jsonl") {
            continue;
        }
        let settings = Settings::from_file(&path.with_extension("ini"))
            .unwrap()
            .prepare;
        let input = fs::read_to_string(&path).unwrap();
        let (got, _, summary) = prepare(&input, &settings);
        let expected: Vec<Value> = fs::read_to_string(path.with_extension("output"))
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(got, expected, "{}", path.display());
        assert_eq!(summary.written, expected.len() as u64);
        checked += 1;
    }
    assert_eq!(checked, 9, "every fixture of Cardinal 0.0.8");
}

#[test]
fn uncorrected_issues_are_rows_cardinal_writes() {
    let input = concat!(
        r#"{"ocid":"ocds-1","bids":{"details":[{"value":{"amount":0},"items":[{"classification":{"id":"1"}}]},{"status":"qualified","value":{"amount":5,"currency":"XOF"}}]},"#,
        r#""awards":[{"id":1,"status":"Active","items":[{"classification":{"id":2}}]},{}]}"#,
        "\n\n",
        r#"{"awards":[{"status":"pending"}]}"#,
        "\n"
    );
    let (lines, rows, summary) = prepare(input, &PrepareSettings::default());
    assert_eq!(
        rows,
        "1,ocds-1,/bids/details[]/value/amount,0,,is zero\n\
         1,ocds-1,/bids/details[]/value/currency,0,,not set\n\
         1,ocds-1,/bids/details[]/items[]/classification/scheme,0.0,,not set\n\
         1,ocds-1,/bids/details[]/status,0,,not set\n\
         1,ocds-1,/bids/details[]/status,1,qualified,invalid\n\
         1,ocds-1,/awards[]/items[]/classification/scheme,0.0,,not set\n\
         1,ocds-1,/awards[]/status,0,Active,invalid\n\
         1,ocds-1,/awards[]/status,1,,not set\n"
    );
    assert_eq!(
        summary,
        PrepareSummary {
            lines: 3,
            written: 2,
            issues: 8
        }
    );
    // The always-on fixes: numeric ids are strings.
    assert_eq!(lines[0]["awards"][0]["id"], "1");
    assert_eq!(
        lines[0]["awards"][0]["items"][0]["classification"]["id"],
        "2"
    );
}

#[test]
fn lines_that_are_not_objects_are_skipped_by_number() {
    let (mut output, mut errors, mut skipped) = (Vec::new(), Vec::new(), Vec::new());
    let input = "{\"ocid\":\"a\"}\nnot json\n[1]\n{\"ocid\":\"b\"}\n";
    let summary = prepare_lines(
        input.as_bytes(),
        &PrepareSettings::default(),
        &mut output,
        &mut errors,
        |line, _| skipped.push(line),
    )
    .unwrap();
    assert_eq!(skipped, [2, 3]);
    assert_eq!(summary.written, 2);
    assert_eq!(
        String::from_utf8(output).unwrap(),
        "{\"ocid\":\"a\"}\n{\"ocid\":\"b\"}\n"
    );
}

#[test]
fn order_is_kept_across_batches_and_threads() {
    let input: String = (0..10_000)
        .map(|i| format!("{{\"ocid\":\"ocds-{i}\",\"awards\":[{{\"id\":{i}}}]}}\n"))
        .collect();
    let (lines, rows, summary) = prepare(&input, &PrepareSettings::default());
    assert_eq!(summary.written, 10_000);
    for (i, line) in lines.iter().enumerate() {
        assert_eq!(line["ocid"], format!("ocds-{i}"));
        assert_eq!(line["awards"][0]["id"], i.to_string());
    }
    let numbers: Vec<u64> = rows
        .lines()
        .map(|r| r.split(',').next().unwrap().parse().unwrap())
        .collect();
    assert_eq!(
        numbers,
        (1..=10_000).collect::<Vec<_>>(),
        "one row a line, in order"
    );
}

/// A gzipped text file of the repository.
fn gunzip(path: &Path) -> String {
    use std::io::Read;
    let mut text = String::new();
    flate2::read::GzDecoder::new(fs::File::open(path).unwrap())
        .read_to_string(&mut text)
        .unwrap();
    text
}

/// The real samples, compiled (the benchmark's input, see
/// `bench/redflags/PROVENANCE.md`), and what Cardinal's `prepare -s
/// all.ini` wrote for them.
fn real_samples() -> (String, String) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    (
        gunzip(&root.join("bench/redflags/real-examples-compiled.jsonl.gz")),
        gunzip(&fixtures().join("../real/prepare-all.output.gz")),
    )
}

#[test]
fn real_samples_prepare_as_cardinal_prepares_them() {
    let real = fixtures().join("../real");
    let (input, cardinal) = real_samples();

    let settings = Settings::from_file(&real.join("all.ini")).unwrap().prepare;
    let (got, rows, summary) = prepare(&input, &settings);
    let expected: Vec<Value> = cardinal
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(summary.written, 510);
    assert_eq!(got.len(), expected.len());
    for (line, (a, b)) in got.iter().zip(&expected).enumerate() {
        assert_eq!(a, b, "line {}", line + 1);
    }
    assert_eq!(
        rows,
        fs::read_to_string(real.join("prepare-all.errors")).unwrap()
    );

    let (_, rows, _) = prepare(&input, &PrepareSettings::default());
    assert_eq!(
        rows,
        fs::read_to_string(real.join("prepare-default.errors")).unwrap()
    );
}

#[test]
fn real_samples_cover_as_cardinal_counts_them() {
    use std::collections::BTreeMap;
    let (input, _) = real_samples();
    let coverage = vigie_redflags::Coverage::read(input.as_bytes(), |_, _| {}).unwrap();
    let got: BTreeMap<String, u64> = coverage.counts().iter().cloned().collect();
    let expected: BTreeMap<String, u64> = serde_json::from_str(
        &fs::read_to_string(fixtures().join("../real/coverage.expected")).unwrap(),
    )
    .unwrap();
    assert_eq!(got.len(), 972);
    assert_eq!(got, expected);
}
