//! Existing transparency-log tooling verifies Vigie's trail: Go's
//! `golang.org/x/mod/sumdb` (the Go checksum database's own client code)
//! checks the signed checkpoint, the tiles and the proofs of a running
//! server. Opt-in: needs Debian's `golang-go` and
//! `golang-golang-x-mod-dev`, which `.ci/run` installs.

use crate::support::{Env, post_form};

#[tokio::test]
#[ignore = "needs Go and golang.org/x/mod (Debian packages); run with --ignored"]
async fn go_sumdb_verifies_the_trail() {
    let env = Env::new().await;
    let server = env.serve(&["--demo"]);
    // More than one full tile of 256 entries, so full and partial tiles are
    // both read. An observer signs in with the password alone: one entry each.
    for _ in 0..120 {
        post_form(
            &server,
            "/login",
            &[],
            "username=mli-osc-illustr&password=demo",
        );
    }
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/interop/tlog_check.go");
    let out = std::process::Command::new("go")
        .args(["run", script, &server.url("")])
        .env("GO111MODULE", "off")
        .env(
            "GOPATH",
            format!(
                "/usr/share/gocode:{}",
                env.dir.path().join("gopath").display()
            ),
        )
        .env("GOCACHE", env.dir.path().join("gocache"))
        .output()
        .expect("`go` not found: install golang-go and golang-golang-x-mod-dev");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("Go x/mod/sumdb verified"), "{stdout}");
    let entries: u64 = stdout
        .split(", ")
        .nth(1)
        .and_then(|s| s.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap();
    assert!(entries > 256, "{stdout}");
    drop(server);
    env.cleanup().await;
}
