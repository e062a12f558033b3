//! `vigie import ocds`, `vigie export ocds` and `vigie redflags`: the
//! contracts of the commands scripts rely on.

use crate::support::{Env, Output};

fn assert_ok(out: &Output) {
    assert_eq!(out.code, Some(0), "{}\n{}", out.stdout, out.stderr);
}

/// A Cardinal fixture, shipped with vigie-redflags (MIT, see its README).
fn fixture(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../vigie-redflags/tests/fixtures/cardinal")
        .join(name)
}

/// A demo database, filled by `serve --demo`.
async fn demo() -> Env {
    let env = Env::new().await;
    assert_eq!(env.serve(&["--demo"]).stop(), Some(0));
    env
}

#[tokio::test]
async fn the_public_export_holds_every_process_and_no_classified_field() {
    let env = demo().await;
    let out = env.run(&["export", "ocds", "--format", "compiled"]);
    assert_ok(&out);
    let lines: Vec<serde_json::Value> = out
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(
        lines.len(),
        140,
        "the demo's processes, one compiled release a line"
    );
    let mut classified = 0;
    for release in &lines {
        assert_eq!(release["tag"], serde_json::json!(["compiled"]));
        if let Some(list) = release["classification"].as_array() {
            for c in list {
                classified += 1;
                let path = c["path"].as_str().unwrap();
                // Paths name array items by id (decision 0014): found as
                // redaction finds them.
                assert!(
                    vigie_ocds::locate(release, path)
                        .iter()
                        .all(|at| release.pointer(at).is_none()),
                    "{path} of {} reached the public",
                    release["ocid"]
                );
            }
        }
    }
    assert!(classified > 0, "the demo classifies some justifications");

    let out = env.run(&["export", "ocds", "--format", "package", "--country", "BFA"]);
    assert_ok(&out);
    let package: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(package["version"], "1.1");
    let releases = package["releases"].as_array().unwrap();
    assert!(!releases.is_empty());
    assert!(releases.iter().all(|r| r["country"] == "BFA"));
}

#[tokio::test]
async fn a_bad_ocds_file_is_refused_with_its_line_and_json_path() {
    let env = Env::new().await;
    let good = r#"{"ocid":"ocds-t-1","id":"1","date":"2024-01-01T00:00:00Z","tag":["tender"],"initiationType":"tender","country":"BFA"}"#;
    let bad = r#"{"ocid":"ocds-t-2","id":"2","date":"2024-01-01T00:00:00Z","tag":["tender"],"initiationType":"tender","country":"BFA","tender":{"id":"t","value":{"amount":"much"}}}"#;
    std::fs::write(env.dir.path().join("in.jsonl"), format!("{good}\n{bad}\n")).unwrap();
    let out = env.run(&["import", "ocds", "in.jsonl"]);
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    assert!(
        out.stderr.contains("in.jsonl:2: /tender/value/amount:"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("nothing was imported"),
        "{}",
        out.stderr
    );

    let out = env.run(&["import", "ocds", "in.jsonl", "--dry-run"]);
    assert_eq!(out.code, Some(1));
    std::fs::write(env.dir.path().join("in.jsonl"), format!("{good}\n")).unwrap();
    let out = env.run(&["import", "ocds", "in.jsonl"]);
    assert_ok(&out);
    assert!(
        out.stderr.contains("imported 1 release(s)"),
        "{}",
        out.stderr
    );
    let out = env.run(&["export", "ocds"]);
    assert_ok(&out);
    assert_eq!(out.stdout.lines().count(), 1);
}

#[tokio::test]
async fn redflags_prints_cardinal_json_and_csv() {
    let env = Env::new().await;
    // As Cardinal's own harness runs its fixtures.
    std::fs::write(
        env.dir.path().join("s.ini"),
        "no_price_comparison_procurement_methods = NPC\n[exclusions]\nprocurement_method_details = EXC\n[R024]\n",
    )
    .unwrap();
    let input = fixture("R024.jsonl");
    let input = input.to_str().unwrap();
    let expected: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(fixture("R024.expected")).unwrap()).unwrap();

    let out = env
        .bare(&["redflags", input, "--settings", "s.ini", "--no-meta"])
        .output()
        .unwrap();
    let out = Output::from(out);
    assert_ok(&out);
    let got: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(got, expected, "Cardinal's own expected output");

    let out = Output::from(
        env.bare(&["redflags", input, "--settings", "s.ini"])
            .output()
            .unwrap(),
    );
    assert_ok(&out);
    let with_meta: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert!(with_meta.get("Meta").is_some(), "{}", out.stdout);

    let out = Output::from(
        env.bare(&["redflags", input, "--settings", "s.ini", "--format", "csv"])
            .output()
            .unwrap(),
    );
    assert_ok(&out);
    let mut rows = out.stdout.lines();
    assert_eq!(rows.next(), Some("group,id,indicator,value"));
    assert!(
        rows.any(|r| r.starts_with("OCID,") && r.contains(",R024,")),
        "{}",
        out.stdout
    );

    let out = Output::from(
        env.bare(&["redflags", input, "--parse-only"])
            .output()
            .unwrap(),
    );
    assert_ok(&out);
    let lines = std::fs::read_to_string(fixture("R024.jsonl"))
        .unwrap()
        .lines()
        .count();
    assert_eq!(out.stdout.trim(), lines.to_string());

    let out = Output::from(env.bare(&["redflags", "missing.jsonl"]).output().unwrap());
    assert_ne!(out.code, Some(0));
    assert!(out.stderr.contains("missing.jsonl"), "{}", out.stderr);
}

/// The exports pass the Open Contracting validator with zero validation
/// errors (`.ci/ocds-validate` installs libcoveocds from PyPI in a venv).
#[tokio::test]
#[ignore = "needs python3 and PyPI (CI runs it)"]
async fn the_exports_pass_libcoveocds() {
    let env = demo().await;
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut files = Vec::new();
    for format in ["compiled", "package"] {
        let out = env.run(&["export", "ocds", "--format", format]);
        assert_ok(&out);
        let path = env.dir.path().join(format!("export-{format}.json"));
        std::fs::write(&path, out.stdout).unwrap();
        files.push(path);
    }
    let status = std::process::Command::new("bash")
        .arg(root.join(".ci/ocds-validate"))
        .args(&files)
        .status()
        .unwrap();
    assert!(
        status.success(),
        "libcoveocds reported validation errors (printed above)"
    );
}

#[tokio::test]
async fn a_publication_without_vigies_country_is_imported_with_country() {
    let env = Env::new().await;
    let release = r#"{"ocid":"ocds-x-1","id":"1","date":"2024-01-01T00:00:00Z","tag":["tender"],"initiationType":"tender","buyer":{"id":"B","name":"Buyer"}}"#;
    std::fs::write(env.dir.path().join("pub.jsonl"), format!("{release}\n")).unwrap();
    let out = env.run(&["import", "ocds", "pub.jsonl"]);
    assert_eq!(out.code, Some(1));
    assert!(
        out.stderr.contains("pub.jsonl:1: /country: missing"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("--country ISO3"), "{}", out.stderr);

    let out = env.run(&["import", "ocds", "pub.jsonl", "--country", "NER"]);
    assert_ok(&out);
    let out = env.run(&["export", "ocds", "--country", "NER"]);
    assert_ok(&out);
    let compiled: serde_json::Value = serde_json::from_str(out.stdout.trim()).unwrap();
    assert_eq!(compiled["country"], "NER");
    assert_eq!(compiled["buyer"]["name"], "Buyer");
}

/// `vigie coverage` prints Cardinal's JSON object for a fixture of
/// Cardinal's, and names a line that is not JSON on stderr.
#[tokio::test]
async fn coverage_prints_cardinals_counts() {
    let env = Env::new().await;
    let input = fixture("coverage/mixed_lines_object.jsonl");
    let expected: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(fixture("coverage/mixed_lines_object.expected")).unwrap(),
    )
    .unwrap();
    let out = Output::from(
        env.bare(&["coverage", input.to_str().unwrap()])
            .output()
            .unwrap(),
    );
    assert_ok(&out);
    let got: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(got, expected);

    std::fs::write(env.dir.path().join("bad.jsonl"), "{\"a\":1}\n{oops\n").unwrap();
    let out = Output::from(env.bare(&["coverage", "bad.jsonl"]).output().unwrap());
    assert_ok(&out);
    assert_eq!(out.stdout, "{\"/a\": 1, \"/\": 1, \"\": 1}\n");
    assert!(
        out.stderr.starts_with("bad.jsonl:2: invalid JSON, skipped"),
        "{}",
        out.stderr
    );
}

/// `vigie prepare -s S.ini -o OUT -e ERR FILE` writes what Cardinal's
/// `prepare` writes for one of Cardinal's fixtures; without `-o`, the
/// releases go to stdout and the issue rows to stderr.
#[tokio::test]
async fn prepare_writes_cardinals_corrected_releases_and_issue_rows() {
    let env = Env::new().await;
    let input = fixture("prepare/defaults.jsonl");
    let settings = fixture("prepare/defaults.ini");
    let out = Output::from(
        env.bare(&[
            "prepare",
            "-s",
            settings.to_str().unwrap(),
            "-o",
            "out.jsonl",
            "-e",
            "issues.csv",
            input.to_str().unwrap(),
        ])
        .output()
        .unwrap(),
    );
    assert_ok(&out);
    let lines = |text: &str| -> Vec<serde_json::Value> {
        text.lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    };
    let written = std::fs::read_to_string(env.dir.path().join("out.jsonl")).unwrap();
    let expected = std::fs::read_to_string(fixture("prepare/defaults.output")).unwrap();
    assert_eq!(lines(&written), lines(&expected));
    assert_eq!(
        std::fs::read_to_string(env.dir.path().join("issues.csv")).unwrap(),
        ""
    );

    std::fs::write(
        env.dir.path().join("in.jsonl"),
        "{\"ocid\":\"o-1\",\"awards\":[{\"id\":1,\"status\":\"Active\"}]}\n",
    )
    .unwrap();
    let out = Output::from(env.bare(&["prepare", "in.jsonl"]).output().unwrap());
    assert_ok(&out);
    // Members in the order given, as Cardinal writes them.
    assert_eq!(
        out.stdout,
        "{\"ocid\":\"o-1\",\"awards\":[{\"id\":\"1\",\"status\":\"Active\"}]}\n"
    );
    assert_eq!(out.stderr, "1,o-1,/awards[]/status,0,Active,invalid\n");
}

/// The contract of issue 15: a real publisher's deviations land with
/// warnings (exit 0) and `--report` lists every one under its header;
/// `--strict` refuses the same file (non-zero) and reports its errors.
#[tokio::test]
async fn import_reads_real_deviations_and_reports_them_strict_refuses_them() {
    let env = Env::new().await;
    let release = r#"{"ocid":"ocds-x-2","id":"1","date":"2024-01-01","tag":"tender","buyer":{"id":"B","name":"Buyer"},"tender":{"value":{"amount":"1500","currency":"XOF"}}}"#;
    std::fs::write(env.dir.path().join("pub.jsonl"), format!("{release}\n")).unwrap();
    let args = [
        "import",
        "ocds",
        "pub.jsonl",
        "--country",
        "NER",
        "--report",
        "issues.csv",
    ];

    let out = env.run(&[&args[..], &["--strict"]].concat());
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    let report = std::fs::read_to_string(env.dir.path().join("issues.csv")).unwrap();
    assert!(
        report.starts_with("line,ocid,path,value,level,description\n"),
        "{report}"
    );
    assert!(
        report.contains("1,ocds-x-2,/tender/value/amount,,error,"),
        "{report}"
    );

    let out = env.run(&args);
    assert_ok(&out);
    assert!(out.stderr.contains("warning(s)"), "{}", out.stderr);
    let report = std::fs::read_to_string(env.dir.path().join("issues.csv")).unwrap();
    let rows: Vec<&str> = report.lines().collect();
    assert_eq!(rows[0], "line,ocid,path,value,level,description");
    for (path, value) in [
        ("/date", "2024-01-01"),
        ("/tag", "tender"),
        ("/initiationType", ""),
        ("/tender/value/amount", "1500"),
        ("/tender/id", ""),
    ] {
        let row = format!("1,ocds-x-2,{path},{value},warning,");
        assert!(
            rows.iter().any(|r| r.starts_with(&row)),
            "{row} in {report}"
        );
    }
    let out = env.run(&["export", "ocds", "--country", "NER"]);
    let compiled: serde_json::Value = serde_json::from_str(out.stdout.trim()).unwrap();
    assert_eq!(compiled["tender"]["value"]["amount"], 1500);
    assert_eq!(compiled["date"], "2024-01-01T00:00:00Z");
}
