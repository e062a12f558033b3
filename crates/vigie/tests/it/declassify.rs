//! `vigie declassify --due`, mandates and clearances from the command line,
//! and the register over a real server.

use crate::support::{Env, get};

#[tokio::test]
async fn declassify_due_prints_what_it_did_and_does_it_once() {
    let env = Env::new().await;
    let server = env.serve(&["--demo"]);
    // At start the server declassified what was due today: the five 2015
    // notes (declassification date 2025-03-01) are public already.
    let public = get(&server, "/api/v1/documents?q=2015-003", &[]);
    assert!(public.body.contains("\"total\":5"), "{}", public.body);
    assert_eq!(server.stop(), Some(0));

    let refused = env.run(&["declassify"]);
    assert_ne!(refused.code, Some(0));
    assert!(refused.stderr.contains("--due"), "{}", refused.stderr);
    let bad = env.run(&["declassify", "--due", "--as-of", "2040-13-01"]);
    assert_ne!(bad.code, Some(0));
    assert!(bad.stderr.contains("YYYY-MM-DD"), "{}", bad.stderr);

    // In 2040 the 2024 procurement plans (DR, ten years) are due.
    let out = env.run(&["declassify", "--due", "--as-of", "2040-01-01"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(lines.len(), 5, "{}", out.stdout);
    for line in &lines {
        let fields: Vec<&str> = line.split('\t').collect();
        assert_eq!(fields.len(), 4, "{line}");
        assert!(fields[0].parse::<i64>().is_ok());
        assert!(fields[2].ends_with("-DAF-2024-001"), "{line}");
        assert_eq!(fields[3], "DR");
    }
    assert!(
        out.stderr
            .contains("5 document(s) declassified as of 2040-01-01")
    );
    let again = env.run(&["declassify", "--due", "--as-of", "2040-01-01"]);
    assert_eq!((again.code, again.stdout.as_str()), (Some(0), ""));
    let verify = env.run(&["log", "verify"]);
    assert_eq!(verify.code, Some(0), "{}", verify.stderr);

    // The public sees them now, with their history.
    let server = env.serve(&[]);
    let reply = get(&server, "/api/v1/documents?q=DAF-2024-001", &[]);
    assert!(reply.body.contains("\"total\":5"), "{}", reply.body);
    let page = get(&server, "/documents?q=DAF-2024-001", &[]);
    assert!(page.body.contains("BFA-DAF-2024-001"), "{}", page.body);
    assert_eq!(server.stop(), Some(0));
    env.cleanup().await;
}

#[tokio::test]
async fn mandates_and_clearances_are_set_from_the_command_line() {
    let env = Env::new().await;
    let server = env.serve(&["--demo"]);
    assert_eq!(server.stop(), Some(0));
    let list = env.run(&["mandate", "list"]);
    assert_eq!(list.stdout.lines().count(), 5, "{}", list.stdout);
    assert!(
        list.stdout.contains("\tBFA-CDC\tBFA-DAF\t2023-2025\t"),
        "{}",
        list.stdout
    );
    let add = env.run(&[
        "mandate",
        "add",
        "--institution",
        "BFA-IGA",
        "--service",
        "BFA-DAF",
        "--years",
        "2024",
        "--reference",
        "Ordre de mission n° 12",
    ]);
    assert_eq!(add.code, Some(0), "{}", add.stderr);
    assert_eq!(env.run(&["mandate", "list"]).stdout.lines().count(), 6);
    let bad = env.run(&[
        "mandate",
        "add",
        "--institution",
        "BFA-IGA",
        "--service",
        "NOPE",
        "--years",
        "2024",
        "--reference",
        "x",
    ]);
    assert_ne!(bad.code, Some(0));
    assert!(bad.stderr.contains("NOPE"), "{}", bad.stderr);

    let cleared = env.run(&[
        "user",
        "clearance",
        "--username",
        "bfa-iga",
        "--level",
        "SD",
    ]);
    assert_eq!(cleared.code, Some(0), "{}", cleared.stderr);
    assert!(cleared.stdout.contains("rank 3"));
    let wrong = env.run(&[
        "user",
        "clearance",
        "--username",
        "bfa-iga",
        "--level",
        "XX",
    ]);
    assert_ne!(wrong.code, Some(0));
    assert!(wrong.stderr.contains("XX"), "{}", wrong.stderr);
    // The rules are in the trail (serve creates the signing key).
    assert_eq!(env.serve(&[]).stop(), Some(0));
    let verify = env.run(&["log", "verify"]);
    assert_eq!(verify.code, Some(0), "{}", verify.stderr);
    env.cleanup().await;
}

#[tokio::test]
async fn a_real_instance_sets_its_classification_scheme_from_files() {
    let env = Env::new().await;
    let added = env.run(&[
        "country",
        "add",
        "--code",
        "NER",
        "--iso2",
        "NE",
        "--name-fr",
        "Niger",
        "--name-en",
        "Niger",
        "--currency",
        "XOF",
    ]);
    assert_eq!(added.code, Some(0), "{}", added.stderr);
    let dir = tempfile::tempdir().unwrap();
    let header = "country,rank,code,name_fr,name_en,max_years,illustrative,source\n";
    // A level without a time limit above the public one breaks the scheme;
    // nothing is stored.
    std::fs::write(
        dir.path().join("classification_levels.csv"),
        format!("{header}NER,0,NC,Non classifié,Unclassified,,false,loi\nNER,1,CD,Confidentiel Défense,Confidential Defence,,false,loi\n"),
    )
    .unwrap();
    let bad = env.run(&["classification", "import", dir.path().to_str().unwrap()]);
    assert_ne!(bad.code, Some(0));
    assert!(
        bad.stderr
            .contains("classification_levels.csv:3: classification level"),
        "{}",
        bad.stderr
    );
    let none = env.run(&["classification", "levels", "--country", "NER"]);
    assert_ne!(none.code, Some(0), "{}", none.stdout);

    std::fs::write(
        dir.path().join("classification_levels.csv"),
        format!("{header}NER,0,NC,Non classifié,Unclassified,,false,loi\nNER,1,CD,Confidentiel Défense,Confidential Defence,20,false,loi\nXXX,0,NC,a,b,,false,c\n"),
    )
    .unwrap();
    let bad = env.run(&["classification", "import", dir.path().to_str().unwrap()]);
    assert!(
        bad.stderr.contains("classification_levels.csv:4: country"),
        "{}",
        bad.stderr
    );

    std::fs::write(
        dir.path().join("classification_levels.csv"),
        format!("{header}NER,0,NC,Non classifié,Unclassified,,false,loi\nNER,1,CD,Confidentiel Défense,Confidential Defence,20,false,loi\n"),
    )
    .unwrap();
    let ok = env.run(&["classification", "import", dir.path().to_str().unwrap()]);
    assert_eq!(ok.code, Some(0), "{}", ok.stderr);
    assert!(ok.stdout.contains("imported 2 level(s)"), "{}", ok.stdout);
    let levels = env.run(&["classification", "levels", "--country", "NER"]);
    assert_eq!(
        levels.stdout,
        "NC\t0\tNon classifié\t\nCD\t1\tConfidentiel Défense\t20\n"
    );
    // The same rows again: refused, naming the first.
    let again = env.run(&["classification", "import", dir.path().to_str().unwrap()]);
    assert!(
        again.stderr.contains("classification_levels.csv:2: rank"),
        "{}",
        again.stderr
    );
    // The rules are in the trail (serve creates the signing key).
    assert_eq!(env.serve(&[]).stop(), Some(0));
    let verify = env.run(&["log", "verify"]);
    assert_eq!(verify.code, Some(0), "{}", verify.stderr);
    env.cleanup().await;
}

#[tokio::test]
async fn a_scheme_cannot_name_a_document_category_after_budget_lines() {
    let env = Env::new().await;
    let dir = tempfile::tempdir().unwrap();
    let header = "code,treatment,default_level,tshwane,name_fr,name_en,description_fr,description_en,source\n";
    for reserved in ["budget_line", "procurement_field"] {
        std::fs::write(
            dir.path().join("classification_categories.csv"),
            format!("{header}{reserved},may_be_withheld,NC,P9,Lignes,Lines,d,d,s\n"),
        )
        .unwrap();
        let bad = env.run(&["classification", "import", dir.path().to_str().unwrap()]);
        assert_ne!(bad.code, Some(0), "{reserved}");
        assert!(
            bad.stderr
                .contains("classification_categories.csv:2: code: ")
                && bad.stderr.contains("reserved"),
            "{}",
            bad.stderr
        );
    }
    let listed = env.run(&["classification", "categories"]);
    assert!(!listed.stdout.contains("budget_line"), "{}", listed.stdout);
    env.cleanup().await;
}
