//! The tamper-evident trail from the command line: checkpoints, verify,
//! backup and restore, and crashes in the middle of writes.

use std::time::{Duration, Instant};

use vigie_store::DatabaseLocation;
use vigie_store::testing::tamper_database;

use crate::support::{Env, get, sign_in};

fn location(env: &Env) -> DatabaseLocation {
    match &env.database_url {
        Some(url) => DatabaseLocation::from_url(url).unwrap(),
        None => DatabaseLocation::in_data_dir(&env.data_dir()),
    }
}

#[tokio::test]
async fn the_cli_and_the_server_publish_the_same_checkpoint_and_verify_catches_tampering() {
    let env = Env::new().await;
    let server = env.serve(&["--demo"]);
    sign_in(&server, "mli-bvg", "demo");
    let http = get(&server, "/log/checkpoint", &[]).body;
    let cli = env.run(&["log", "checkpoint"]);
    assert_eq!(cli.stdout, http, "same signed text");
    assert_eq!(
        env.run(&["log", "key"]).stdout,
        get(&server, "/log/key", &[]).body
    );
    drop(server);

    let kept = env.dir.path().join("kept-checkpoint.txt");
    std::fs::write(&kept, &http).unwrap();
    let ok = env.run(&["log", "verify", "--checkpoint", kept.to_str().unwrap()]);
    assert_eq!(ok.code, Some(0), "{}", ok.stderr);
    let size: u64 = http.lines().nth(1).unwrap().parse().unwrap();
    assert!(
        ok.stdout.starts_with(&format!("ok: {size} entries")),
        "{}",
        ok.stdout
    );
    assert!(ok.stdout.contains(&format!(
        "consistent with the given checkpoint at size {size}"
    )));

    // Someone edits an institution's name directly in the database.
    let sql = "UPDATE institutions SET name_fr = 'Inspection fantôme' WHERE code = 'NER-IGA'";
    assert_eq!(tamper_database(&location(&env), sql).await.unwrap(), 1);
    let broken = env.run(&["log", "verify"]);
    assert_eq!(broken.code, Some(1));
    assert!(
        broken
            .stderr
            .starts_with("error: the log does not verify: institution `NER-IGA` (last entry"),
        "{}",
        broken.stderr
    );
    assert!(broken.stderr.contains("changed outside the log"));

    // Another key than the instance's is refused too.
    let other = "vigie/other+00000000+AYrjXM4fOv3KbukglUj2x+PLlvbV80UbyL6MvhRlWoXc";
    assert_ne!(env.run(&["log", "verify", "--key", other]).code, Some(0));
    env.cleanup().await;
}

#[tokio::test]
async fn a_backup_taken_while_serving_restores_to_the_same_checkpoint() {
    let env = Env::new().await;
    let server = env.serve(&["--demo"]);
    sign_in(&server, "bfa-codes", "demo");
    let backup_dir = env.dir.path().join("backup");
    let backup = env.run(&["backup", backup_dir.to_str().unwrap()]);
    assert_eq!(backup.code, Some(0), "{}", backup.stderr);
    let at_backup = std::fs::read_to_string(backup_dir.join("checkpoint.txt")).unwrap();
    // Writes after the backup are not in it.
    sign_in(&server, "mli-bvg", "demo");
    assert_ne!(get(&server, "/log/checkpoint", &[]).body, at_backup);
    drop(server);

    let fresh = Env::new().await;
    let restored = fresh.run(&["restore", backup_dir.to_str().unwrap()]);
    assert_eq!(restored.code, Some(0), "{}", restored.stderr);
    assert_eq!(
        fresh.run(&["log", "checkpoint"]).stdout,
        at_backup,
        "the restored log's checkpoint is the backup's"
    );
    assert_eq!(fresh.run(&["log", "verify"]).code, Some(0));
    assert!(
        fresh
            .run(&["user", "list"])
            .stdout
            .contains("bfa-codes\tBFA-CODES\tparliamentarian")
    );

    // Restoring over data is refused, and changes nothing.
    let again = fresh.run(&["restore", backup_dir.to_str().unwrap()]);
    assert_eq!(again.code, Some(1));
    assert!(again.stderr.contains("restore into"), "{}", again.stderr);
    env.cleanup().await;
    fresh.cleanup().await;
}

#[tokio::test]
async fn sigkill_in_the_middle_of_writes_loses_no_acknowledged_write_and_the_log_verifies() {
    let env = Env::new().await;
    drop(env.serve(&["--demo"]));
    let mut acknowledged: Vec<String> = Vec::new();
    for round in 0..5u64 {
        let server = env.serve(&[]);
        let address = server.address.clone();
        // A client signs in as fast as it can (each sign-in of an observer,
        // asked for no code, is a write and a log entry) until the server
        // dies under it.
        let client = std::thread::spawn(move || {
            let mut acked = Vec::new();
            let deadline = Instant::now() + Duration::from_secs(10);
            while Instant::now() < deadline {
                match crate::support::try_post_form(
                    &address,
                    "/login",
                    "username=mli-osc-illustr&password=demo",
                ) {
                    Some(reply) if reply.status == 303 => acked.extend(reply.session_cookie()),
                    Some(_) => {}
                    None => break,
                }
            }
            acked
        });
        std::thread::sleep(Duration::from_millis(300 + 150 * round));
        server.kill();
        acknowledged.extend(client.join().unwrap());

        let verify = env.run(&["log", "verify"]);
        assert_eq!(verify.code, Some(0), "round {round}: {}", verify.stderr);
    }
    assert!(
        acknowledged.len() >= 5,
        "the client got writes through ({})",
        acknowledged.len()
    );
    let server = env.serve(&[]);
    for cookie in &acknowledged {
        assert_eq!(
            get(&server, "/api/v1/me", &[("Cookie", cookie)]).status,
            200,
            "acknowledged session lost: {cookie}"
        );
    }
    drop(server);
    env.cleanup().await;
}
