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
