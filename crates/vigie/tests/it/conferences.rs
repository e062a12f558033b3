//! `vigie import conference`: the contract of the command scripts rely on.

use crate::support::Env;

const BAMAKO: &str = include_str!("../../../vigie-store/demo/conferences/2021-bamako.json");

#[tokio::test]
async fn an_edition_is_imported_once_and_a_bad_one_refused_with_its_line() {
    let env = Env::new().await;
    assert_eq!(env.serve(&["--demo"]).stop(), Some(0));
    std::fs::write(env.dir.path().join("c.json"), BAMAKO).unwrap();
    let out = env.run(&["import", "conference", "c.json"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert!(
        out.stderr
            .contains("c.json: imported 1 record(s): 0 new or changed, 1 unchanged"),
        "{}",
        out.stderr
    );

    let bad = BAMAKO.replacen("\"item\": \"O\"", "\"item\": \"X9\"", 1);
    std::fs::write(env.dir.path().join("c.json"), bad).unwrap();
    let out = env.run(&["import", "conference", "c.json", "--dry-run"]);
    assert_eq!(out.code, Some(1));
    assert!(
        out.stderr.contains("c.json:")
            && out
                .stderr
                .contains(": /roles/0/item: no programme item `X9` in this edition"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("nothing was imported"),
        "{}",
        out.stderr
    );

    let help = env.run(&["import", "conference", "--help"]);
    assert_eq!(help.code, Some(0));
    assert!(
        help.stdout.contains("FILE:LINE: /json/path: reason"),
        "{}",
        help.stdout
    );
}
