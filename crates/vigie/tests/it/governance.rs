//! `vigie import governance|framework|assessments`: a good file imported
//! (and again, unchanged), a bad one refused with its line and JSON path.

use crate::support::{Env, Output};

fn assert_ok(out: &Output) {
    assert_eq!(out.code, Some(0), "{}\n{}", out.stdout, out.stderr);
}

fn demo_file(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../vigie-store/demo/governance")
        .join(name)
}

#[tokio::test]
async fn a_stored_framework_is_unchanged_and_a_bad_assessment_is_refused_with_its_place() {
    let env = Env::new().await;
    assert_eq!(env.serve(&["--demo"]).stop(), Some(0));
    let help = env.run(&["import", "assessments", "--help"]);
    assert_ok(&help);
    assert!(help.stdout.contains("--dry-run"), "{}", help.stdout);

    // The demo already holds them: nothing changes.
    let framework = demo_file("framework.json");
    let out = env.run(&[
        "import",
        "framework",
        framework.to_str().unwrap(),
        "--dry-run",
    ]);
    assert_ok(&out);
    assert!(
        out.stderr
            .contains("would import 1 record(s): 0 new or changed, 1 unchanged"),
        "{}",
        out.stderr
    );

    let bad = r#"{"assessments": [
  {"framework": "VIGIE-GOV", "version": 1, "country": "MLI", "year": 2030,
   "assessor": "DCAF", "illustrative": true,
   "scores": [{"question": "BT1", "score": 7}]}
]}"#;
    std::fs::write(env.dir.path().join("a.json"), bad).unwrap();
    let out = env.run(&["import", "assessments", "a.json"]);
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    assert!(
        out.stderr.contains("a.json:4: /assessments/0/scores/0/score: 7 is not one of the question's band scores (0, 1, 2, 3, 4)"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains(
            "a.json:4: /assessments/0/scores: question `BT2` of the framework has no score"
        ),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("nothing was imported"),
        "{}",
        out.stderr
    );
}
