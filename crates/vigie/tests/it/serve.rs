//! `vigie serve`: the demo, the pages, a restart that keeps the data.

use crate::support::{Env, get, post_form, sign_in};

#[tokio::test]
async fn serve_demo_answers_health_and_home_and_says_the_password_loudly() {
    let env = Env::new().await;
    let server = env.serve(&["--demo"]);
    let health = get(&server, "/healthz", &[]);
    assert_eq!(health.status, 200);
    assert_eq!(health.header("content-type"), Some("application/json"));
    let json: serde_json::Value = serde_json::from_str(&health.body).unwrap();
    let backend = if env.database_url.is_some() {
        "postgres"
    } else {
        "sqlite"
    };
    assert_eq!(json["database"], backend);
    assert_eq!(json["status"], "ok");

    let home = get(&server, "/", &[]);
    assert!(home.body.contains("Mauritanie"));
    let home_en = get(&server, "/?lang=en", &[]);
    assert!(home_en.body.contains("Mauritania"));
    assert_eq!(server.stop(), Some(0), "SIGTERM ends the server cleanly");

    let log = std::fs::read_to_string(env.dir.path().join("server.log")).unwrap();
    assert!(
        log.contains("DEMO DATA: every demo account has the password `demo`"),
        "{log}"
    );
    env.cleanup().await;
}

#[tokio::test]
async fn a_restart_keeps_accounts_sessions_and_data() {
    let env = Env::new().await;
    let server = env.serve(&["--demo"]);
    let login = sign_in(&server, "bfa-codes", "demo");
    let cookie = login.session_cookie().unwrap();
    assert_eq!(server.stop(), Some(0));
    let added = env.run_with_stdin(
        &[
            "user",
            "add",
            "--username",
            "rapporteur",
            "--institution",
            "BFA-CODES",
            "--role",
            "parliamentarian",
            "--password-stdin",
        ],
        "pw\n",
    );
    assert_eq!(added.code, Some(0), "{}", added.stderr);

    // Restarted without --demo: same data, same session, the new account works.
    let server = env.serve(&[]);
    let me = get(&server, "/api/v1/me", &[("Cookie", &cookie)]);
    assert_eq!(me.status, 200, "the session survived the restart");
    let login = post_form(&server, "/login", &[], "username=rapporteur&password=pw");
    assert_eq!(login.status, 303);
    let home = get(&server, "/", &[]);
    assert!(home.body.contains("Burkina Faso"));
    assert!(
        home.body.contains("demo-banner"),
        "still known as a demo instance"
    );
    drop(server);

    // And a second --demo start changes nothing.
    let server = env.serve(&["--demo"]);
    drop(server);
    let users = env.run(&["user", "list"]);
    assert_eq!(
        users
            .stdout
            .lines()
            .filter(|l| l.starts_with("rapporteur\t"))
            .count(),
        1
    );
    env.cleanup().await;
}

/// `serve --replica`: refused on SQLite and beside `--demo`; on a standby
/// (`.ci/replica`), it starts only with the primary's signing key, serves
/// the public pages the primary serves, signs the same checkpoint, and
/// sends sign-ins to the primary.
#[tokio::test]
async fn serve_replica_serves_a_standbys_public_pages_and_nothing_else() {
    let env = Env::new().await;
    let both = env.run(&["serve", "--replica", "--demo"]);
    assert_eq!(both.code, Some(2), "{}", both.stderr);
    assert!(both.stderr.contains("--demo"), "{}", both.stderr);
    if env.database_url.is_none() {
        let sqlite = env.run(&["serve", "--replica", "--listen", "127.0.0.1:0"]);
        assert_eq!(sqlite.code, Some(1));
        assert!(
            sqlite.stderr.contains("a replica is a PostgreSQL standby"),
            "{}",
            sqlite.stderr
        );
    }
    let Some((primary_url, replica_url)) =
        vigie_store::testing::TestStore::new_database_on_primary()
            .await
            .unwrap()
    else {
        eprintln!("skipped the standby: no replica (bash .ci/replica start)");
        return env.cleanup().await;
    };

    let primary = env.serve_on(&primary_url, &["--demo"]);
    let checkpoint = get(&primary, "/log/checkpoint", &[]);
    assert_eq!(checkpoint.status, 200);
    // The standby replays the demo; until then its schema is not this
    // binary's and the server refuses to start.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    let replica = loop {
        let replica = std::panic::catch_unwind(|| env.serve_on(&replica_url, &["--replica"]));
        match replica {
            Ok(server) if get(&server, "/log/checkpoint", &[]).body == checkpoint.body => {
                break server;
            }
            _ if std::time::Instant::now() > deadline => panic!("the standby never caught up"),
            _ => std::thread::sleep(std::time::Duration::from_millis(200)),
        }
    };
    // Without the primary's key, a replica's server does not start.
    let keyless = env
        .bare(&["--data-dir"])
        .arg(env.dir.path().join("elsewhere"))
        .args(["--database-url", &replica_url, "serve", "--replica"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&keyless.stderr);
    assert_eq!(keyless.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("copy the primary's key file"), "{stderr}");
    for path in [
        "/",
        "/budget/NER",
        "/recommendations",
        "/api/v1/procurement/processes",
    ] {
        let (a, b) = (get(&primary, path, &[]), get(&replica, path, &[]));
        assert_eq!((a.status, b.status), (200, 200), "{path}");
        assert_eq!(a.body, b.body, "{path}");
    }
    let signing_in = post_form(&replica, "/login", &[], "username=bfa-codes&password=demo");
    assert_eq!(signing_in.status, 503);
    assert!(signing_in.session_cookie().is_none());
    drop(replica);
    drop(primary);
    vigie_store::testing::drop_database_at(
        &std::env::var(vigie_store::testing::TEST_PRIMARY_URL).unwrap(),
        &primary_url,
    )
    .await
    .unwrap();
    env.cleanup().await;
}
