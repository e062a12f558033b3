//! Bad configurations: each gives one clear line on stderr and a non-zero
//! exit, never a panic or a backtrace (RUST_BACKTRACE=1 is set on purpose).

use crate::support::{Env, Output};

fn assert_one_clear_line(out: &Output, expected: &str) {
    assert_ne!(out.code, Some(0), "should fail: {out:?}");
    let lines: Vec<_> = out.stderr.lines().collect();
    assert_eq!(
        lines.len(),
        1,
        "exactly one line on stderr, got: {}",
        out.stderr
    );
    assert!(lines[0].starts_with("error: "), "{}", lines[0]);
    assert!(
        lines[0].contains(expected),
        "expected `{expected}` in: {}",
        lines[0]
    );
    for word in ["panicked", "backtrace", "RUST_BACKTRACE"] {
        assert!(!out.stderr.contains(word), "{}", out.stderr);
    }
}

#[tokio::test]
async fn a_malformed_database_url_is_named_without_its_password() {
    let env = Env::new().await;
    let args = [
        "--database-url",
        "postgres://vigie:hunter2@db:notaport/vigie",
        "user",
        "list",
    ];
    let out: Output = env.bare(&args).output().unwrap().into();
    assert_one_clear_line(
        &out,
        "invalid database URL `postgres://vigie:***@db:notaport/vigie`",
    );
    assert!(!out.stderr.contains("hunter2"));
    env.cleanup().await;
}

#[tokio::test]
async fn an_unsupported_database_url_says_what_is_expected() {
    let env = Env::new().await;
    let out: Output = env
        .bare(&["--database-url", "mysql://db/vigie", "user", "list"])
        .output()
        .unwrap()
        .into();
    assert_one_clear_line(&out, "expected `postgres://…` or `sqlite://PATH`");
    env.cleanup().await;
}

#[tokio::test]
async fn an_unwritable_data_dir_is_named() {
    let env = Env::new().await;
    let file = env.dir.path().join("not-a-dir");
    std::fs::write(&file, "").unwrap();
    let data_dir = file.join("data");
    let out: Output = env
        .bare(&["--data-dir", data_dir.to_str().unwrap(), "user", "list"])
        .output()
        .unwrap()
        .into();
    assert_one_clear_line(&out, "cannot create data directory");
    assert!(out.stderr.contains("not-a-dir"));
    env.cleanup().await;
}

#[tokio::test]
async fn an_unreachable_postgres_server_is_named() {
    let env = Env::new().await;
    // Port 1 on loopback: nothing listens there, the refusal is immediate.
    let args = [
        "--database-url",
        "postgres://vigie@127.0.0.1:1/vigie",
        "user",
        "list",
    ];
    let out: Output = env.bare(&args).output().unwrap().into();
    assert_one_clear_line(
        &out,
        "cannot open PostgreSQL `postgres://vigie@127.0.0.1:1/vigie`",
    );
    assert!(
        out.stderr.to_lowercase().contains("refused"),
        "{}",
        out.stderr
    );
    env.cleanup().await;
}

#[tokio::test]
async fn a_port_in_use_is_named() {
    let env = Env::new().await;
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = taken.local_addr().unwrap().to_string();
    let out = env.run(&["serve", "--listen", &address]);
    assert_one_clear_line(&out, &format!("cannot listen on `{address}`"));
    assert!(out.stderr.contains("in use"), "{}", out.stderr);
    env.cleanup().await;
}

#[tokio::test]
async fn an_unknown_subcommand_points_to_help() {
    let env = Env::new().await;
    let out = env.run(&["frobnicate"]);
    assert_eq!(out.code, Some(2));
    assert_one_clear_line(
        &out,
        "unrecognized subcommand 'frobnicate' (see `vigie --help`)",
    );
    env.cleanup().await;
}

#[tokio::test]
async fn help_and_version_succeed() {
    let env = Env::new().await;
    let help = env.run(&["--help"]);
    assert_eq!(help.code, Some(0));
    for sub in [
        "serve",
        "user",
        "token",
        "institution",
        "role",
        "country",
        "migrate",
    ] {
        assert!(help.stdout.contains(sub), "{sub} missing from --help");
    }
    let version = env.run(&["--version"]);
    assert_eq!(
        version.stdout.trim(),
        format!("vigie {}", env!("CARGO_PKG_VERSION"))
    );
    env.cleanup().await;
}
