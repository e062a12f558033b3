//! `vigie import findings` and `vigie import recommendations`: a bad file
//! refused with every error at its line and JSON path, a dry run that
//! stores nothing, an import, and the same codes refused the second time.

use crate::support::{Env, Output};

fn assert_ok(out: &Output) {
    assert_eq!(out.code, Some(0), "{}\n{}", out.stdout, out.stderr);
}

/// A demo database, filled by `serve --demo`.
async fn demo() -> Env {
    let env = Env::new().await;
    assert_eq!(env.serve(&["--demo"]).stop(), Some(0));
    env
}

const GOOD: &str = r#"{"recommendations": [
  {
    "code": "REC-CLI-01", "source": "audit", "finding": "FND-CLI-01",
    "theme": "judicial_followup", "priority": "medium", "made_on": "2023-02-01",
    "title": {"fr": "Titre", "en": "Title"}, "text": {"fr": "Texte", "en": "Text"},
    "countries": ["TCD"], "addressees": ["TCD-CDC"], "illustrative": true,
    "milestones": [
      {"title": {"fr": "Étape", "en": "Step"}, "due": "2023-12-31", "responsible": "TCD-CDC"}
    ]
  }
]}
"#;

const FINDINGS: &str = r#"{"findings": [
  {"code": "FND-CLI-01", "country": "TCD", "institution": "TCD-CDC", "source": "audit",
   "title": {"fr": "T", "en": "T"}, "period": {"from": "2021", "to": "2022"},
   "reported_on": "2023-01-15", "illustrative": true, "source_note": "test"}
]}
"#;

#[tokio::test]
async fn findings_and_recommendations_import_all_or_nothing() {
    let env = demo().await;
    let write = |name: &str, text: &str| std::fs::write(env.dir.path().join(name), text).unwrap();
    let bad = GOOD
        .replace(
            "\"TCD-CDC\"], \"illustrative\"",
            "\"TCD-NOPE\"], \"illustrative\"",
        )
        .replace("\"due\": \"2023-12-31\"", "\"due\": \"2023-01-31\"");
    write("bad.json", &bad);
    // The finding is not imported yet: a third error. Each is at the line
    // of the value it is about.
    let out = env.run(&["import", "recommendations", "bad.json"]);
    assert_ne!(out.code, Some(0));
    let errors: Vec<&str> = out
        .stderr
        .lines()
        .filter(|l| l.starts_with("bad.json:"))
        .collect();
    assert_eq!(
        errors,
        [
            "bad.json:3: /recommendations/0/finding: unknown finding `FND-CLI-01`",
            "bad.json:6: /recommendations/0/addressees/0: unknown institution `TCD-NOPE`",
            "bad.json:8: /recommendations/0/milestones/0/due: before the recommendation was made (2023-02-01)",
        ],
        "{}",
        out.stderr
    );
    assert!(
        out.stderr
            .contains("3 problem(s) in bad.json: nothing was imported"),
        "{}",
        out.stderr
    );

    write("findings.json", FINDINGS);
    let out = env.run(&["import", "findings", "findings.json", "--dry-run"]);
    assert_ok(&out);
    assert!(
        out.stderr
            .contains("findings.json: would import 1 record(s): 1 new or changed, 0 unchanged"),
        "{}",
        out.stderr
    );
    assert_ok(&env.run(&["import", "findings", "findings.json"]));

    write("good.json", GOOD);
    let out = env.run(&["import", "recommendations", "good.json"]);
    assert_ok(&out);
    assert!(
        out.stderr
            .contains("good.json: imported 1 record(s): 1 new or changed, 0 unchanged"),
        "{}",
        out.stderr
    );
    let out = env.run(&["import", "recommendations", "good.json"]);
    assert!(
        out.stderr.contains(
            "good.json:3: /recommendations/0/code: recommendation `REC-CLI-01` already exists"
        ),
        "{}",
        out.stderr
    );
    assert_ok(&env.run(&["log", "verify"]));

    let help = env.run(&["import", "recommendations", "--help"]);
    assert!(
        help.stdout.contains("FILE:LINE: /json/path: reason"),
        "{}",
        help.stdout
    );
}

/// A finding typed by hand: the country in lower case, the report's date
/// with a time. Each has one reading, so the file lands, with a warning at
/// each place; `--strict` refuses it and stores nothing.
#[tokio::test]
async fn a_slip_with_one_reading_lands_with_a_warning_unless_strict() {
    let env = demo().await;
    let text = FINDINGS
        .replace("\"country\": \"TCD\"", "\"country\": \"tcd\"")
        .replace("\"2023-01-15\"", "\"2023-01-15T12:00:00Z\"");
    std::fs::write(env.dir.path().join("f.json"), &text).unwrap();

    let strict = env.run(&["import", "findings", "f.json", "--strict"]);
    assert_eq!(strict.code, Some(1), "{}", strict.stderr);
    assert!(
        strict
            .stderr
            .contains("f.json:2: /findings/0/country: `tcd` read as the code `TCD`"),
        "{}",
        strict.stderr
    );

    let out = env.run(&["import", "findings", "f.json"]);
    assert_ok(&out);
    for expected in [
        "warning: f.json:2: /findings/0/country: `tcd` read as the code `TCD`",
        "warning: f.json:4: /findings/0/reported_on: date and time `2023-01-15T12:00:00Z` given where a date belongs: read as 2023-01-15",
        "f.json: imported 1 record(s): 1 new or changed, 0 unchanged; 2 warning(s)",
    ] {
        assert!(out.stderr.contains(expected), "{expected}\n{}", out.stderr);
    }
    assert_eq!(out.stdout.trim(), "FND-CLI-01");
}

/// A file of records beyond the bound is refused before it is read.
#[tokio::test]
async fn a_file_beyond_the_bound_is_refused_before_it_is_read() {
    let env = demo().await;
    let path = env.dir.path().join("huge.json");
    // Sparse: the size without the bytes.
    std::fs::File::create(&path)
        .unwrap()
        .set_len(64_000_001)
        .unwrap();
    let out = env.run(&["import", "findings", "huge.json"]);
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    assert!(
        out.stderr
            .contains("huge.json: 64 MB: a file of records is read whole, up to 64 MB; split it"),
        "{}",
        out.stderr
    );
}
