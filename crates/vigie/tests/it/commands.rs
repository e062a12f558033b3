//! The contract's subcommands: `user add/list`, `token create`,
//! `institution list/add`, `country list/add`, `role list`.

use crate::support::{Env, get, post_form, sign_in};

/// Loads the demo by starting the server once with `--demo`.
fn with_demo(env: &Env) {
    let server = env.serve(&["--demo"]);
    assert_eq!(server.stop(), Some(0));
}

#[tokio::test]
async fn institution_list_prints_code_kind_country_name() {
    let env = Env::new().await;
    with_demo(&env);
    let out = env.run(&["institution", "list"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let kinds = [
        "parliament_commission",
        "court_of_auditors",
        "armed_forces_inspectorate",
        "police_inspectorate",
        "army_stewardship",
        "finance_control",
        "procurement_directorate",
        "ombudsman",
        "civil_society",
        "press",
        "court",
        "international_org",
        "partner",
        "facilitator",
    ];
    let lines: Vec<_> = out.stdout.lines().collect();
    assert!(lines.len() >= 40, "{}", out.stdout);
    for line in &lines {
        let fields: Vec<_> = line.split('\t').collect();
        assert_eq!(fields.len(), 4, "{line}");
        assert!(kinds.contains(&fields[1]), "{line}");
        assert!(fields[2].is_empty() || fields[2].len() == 3, "{line}");
        assert!(!fields[3].is_empty(), "{line}");
    }
    assert!(lines.contains(&"MLI-BVG\tcourt_of_auditors\tMLI\tBureau du Vérificateur général"));
    assert!(lines.iter().any(|l| l.starts_with("DCAF\tfacilitator\t\t")));
    let english = env.run(&["institution", "list", "--lang", "en"]);
    assert!(
        english
            .stdout
            .contains("MLI-BVG\tcourt_of_auditors\tMLI\tOffice of the Auditor General"),
        "{}",
        english.stdout
    );
    env.cleanup().await;
}

#[tokio::test]
async fn role_list_prints_one_role_per_line_code_first() {
    let env = Env::new().await;
    let out = env.run(&["role", "list"]);
    let codes: Vec<_> = out
        .stdout
        .lines()
        .map(|l| l.split('\t').next().unwrap())
        .collect();
    assert_eq!(
        codes,
        [
            "admin",
            "producer",
            "classification_authority",
            "auditor",
            "parliamentarian",
            "observer",
            "facilitator"
        ]
    );
    env.cleanup().await;
}

#[tokio::test]
async fn a_user_added_on_the_cli_signs_in_and_has_a_working_token() {
    let env = Env::new().await;
    with_demo(&env);
    let out = env.run_with_stdin(
        &[
            "user",
            "add",
            "--username",
            "a.traore",
            "--institution",
            "MLI-BVG",
            "--role",
            "auditor",
            "--role",
            "parliamentarian",
            "--password-stdin",
        ],
        "correct horse battery\n",
    );
    assert_eq!(out.code, Some(0), "{}", out.stderr);

    let list = env.run(&["user", "list"]);
    assert!(
        list.stdout
            .lines()
            .any(|l| l == "a.traore\tMLI-BVG\tauditor,parliamentarian"),
        "{}",
        list.stdout
    );
    assert!(
        list.stdout
            .lines()
            .any(|l| l == "bfa-codes\tBFA-CODES\tparliamentarian")
    );

    let token = env.run(&["token", "create", "--username", "a.traore"]);
    assert_eq!(token.code, Some(0), "{}", token.stderr);
    let token = token.stdout.trim().to_owned();

    let server = env.serve(&[]);
    let login = post_form(
        &server,
        "/login",
        &[],
        "username=a.traore&password=correct+horse+battery",
    );
    assert_eq!(login.status, 303);
    let cookie = login.session_cookie().unwrap();
    let me = get(&server, "/api/v1/me", &[("Cookie", &cookie)]);
    assert_eq!(me.status, 200);
    let me: serde_json::Value = serde_json::from_str(&me.body).unwrap();
    assert_eq!(
        me["roles"],
        serde_json::json!(["auditor", "parliamentarian"])
    );

    let bearer = format!("Bearer {token}");
    let me = get(&server, "/api/v1/me", &[("Authorization", &bearer)]);
    assert_eq!(me.status, 200, "{}", me.body);
    assert!(me.body.contains(r#""username":"a.traore""#));
    drop(server);
    env.cleanup().await;
}

#[tokio::test]
async fn user_add_refuses_what_it_cannot_do_and_writes_nothing() {
    let env = Env::new().await;
    with_demo(&env);
    let cases: [(&[&str], &str, &str); 4] = [
        (
            &[
                "--username",
                "x1",
                "--institution",
                "MLI-BVG",
                "--role",
                "auditor",
                "--password-stdin",
            ],
            "",
            "no password on standard input",
        ),
        (
            &[
                "--username",
                "x2",
                "--institution",
                "NOPE",
                "--role",
                "auditor",
                "--password-stdin",
            ],
            "pw\n",
            "institution `NOPE` not found",
        ),
        (
            &[
                "--username",
                "x3",
                "--institution",
                "MLI-BVG",
                "--role",
                "king",
                "--password-stdin",
            ],
            "pw\n",
            "invalid role `king`",
        ),
        (
            &[
                "--username",
                "bfa-codes",
                "--institution",
                "MLI-BVG",
                "--role",
                "auditor",
                "--password-stdin",
            ],
            "pw\n",
            "user `bfa-codes` already exists",
        ),
    ];
    for (args, stdin, expected) in cases {
        let mut all = vec!["user", "add"];
        all.extend_from_slice(args);
        let out = env.run_with_stdin(&all, stdin);
        assert_ne!(out.code, Some(0), "{args:?}");
        assert!(out.stderr.contains(expected), "{args:?}: {}", out.stderr);
        assert_eq!(out.stderr.lines().count(), 1, "{}", out.stderr);
    }
    let list = env.run(&["user", "list"]);
    assert!(
        !list.stdout.contains("x1\t")
            && !list.stdout.contains("x2\t")
            && !list.stdout.contains("x3\t")
    );
    env.cleanup().await;
}

#[tokio::test]
async fn a_real_instance_is_set_up_from_the_cli_and_the_demo_stays_off_it() {
    let env = Env::new().await;
    let add_country = env.run(&[
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
    assert_eq!(add_country.code, Some(0), "{}", add_country.stderr);
    let add_institution = env.run(&[
        "institution",
        "add",
        "--code",
        "NER-IGA",
        "--kind",
        "armed_forces_inspectorate",
        "--country",
        "NER",
        "--name-fr",
        "Inspection générale des armées",
        "--name-en",
        "General Inspectorate of the Armed Forces",
    ]);
    assert_eq!(add_institution.code, Some(0), "{}", add_institution.stderr);
    let add_user = env.run_with_stdin(
        &[
            "user",
            "add",
            "--username",
            "inspecteur",
            "--institution",
            "NER-IGA",
            "--role",
            "auditor",
            "--password-stdin",
        ],
        "pw\n",
    );
    assert_eq!(add_user.code, Some(0), "{}", add_user.stderr);

    // --demo refuses to start on this database, and changes nothing.
    let refused = env.run(&["serve", "--demo", "--listen", "127.0.0.1:0"]);
    assert_eq!(refused.code, Some(1));
    assert!(
        refused.stderr.contains("--demo refused"),
        "{}",
        refused.stderr
    );
    assert_eq!(
        env.run(&["country", "list"]).stdout,
        "NER\tXOF\tNiger\tNiger\n"
    );
    assert_eq!(
        env.run(&["user", "list"]).stdout,
        "inspecteur\tNER-IGA\tauditor\n"
    );
    env.cleanup().await;
}

#[tokio::test]
async fn listing_into_a_closed_pipe_is_not_an_error() {
    let env = Env::new().await;
    with_demo(&env);
    let mut child = env
        .command(&["institution", "list"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take()); // the reader goes away at once, like `| head -0`
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    env.cleanup().await;
}

#[tokio::test]
async fn accounts_are_disabled_reenabled_and_tokens_revoked_from_the_cli() {
    let env = Env::new().await;
    with_demo(&env);
    let token = env
        .run(&[
            "token",
            "create",
            "--username",
            "mli-bvg",
            "--label",
            "nightly",
        ])
        .stdout
        .trim()
        .to_owned();
    let listed = env.run(&["token", "list", "--username", "mli-bvg"]);
    let fields: Vec<&str> = listed.stdout.lines().next().unwrap().split('\t').collect();
    assert_eq!(
        (fields[1], fields[2], fields[4]),
        ("mli-bvg", "nightly", ""),
        "{}",
        listed.stdout
    );

    assert_eq!(
        env.run(&["user", "disable", "--username", "mli-bvg"]).code,
        Some(0)
    );
    let server = env.serve(&[]);
    assert_eq!(
        post_form(&server, "/login", &[], "username=mli-bvg&password=demo").status,
        401
    );
    let bearer = format!("Bearer {token}");
    assert_eq!(
        get(&server, "/api/v1/me", &[("Authorization", &bearer)]).status,
        401
    );
    drop(server);

    assert_eq!(
        env.run(&["user", "enable", "--username", "mli-bvg"]).code,
        Some(0)
    );
    assert_eq!(
        env.run_with_stdin(
            &[
                "user",
                "passwd",
                "--username",
                "mli-bvg",
                "--password-stdin"
            ],
            "n3w\n"
        )
        .code,
        Some(0)
    );
    assert_eq!(
        env.run(&["token", "revoke", "--id", fields[0]]).code,
        Some(0)
    );
    let server = env.serve(&[]);
    assert_eq!(
        post_form(&server, "/login", &[], "username=mli-bvg&password=demo").status,
        401,
        "old password"
    );
    assert_eq!(
        post_form(&server, "/login", &[], "username=mli-bvg&password=n3w").status,
        303
    );
    assert_eq!(
        get(&server, "/api/v1/me", &[("Authorization", &bearer)]).status,
        401,
        "revoked"
    );
    drop(server);
    assert_eq!(
        env.run(&["log", "verify"]).code,
        Some(0),
        "every change is in the log"
    );
    assert_ne!(
        env.run(&["token", "revoke", "--id", fields[0]]).code,
        Some(0),
        "only once"
    );
    env.cleanup().await;
}

/// A lost phone: `vigie user reset-2fa` removes the second factor and ends
/// the sessions; the account enrols a new one at its next sign-in. The
/// demo's accounts sign in with the demo's public secret until then.
#[tokio::test]
async fn an_administrator_resets_a_lost_second_factor_from_the_cli() {
    let env = Env::new().await;
    let server = env.serve(&["--demo"]);
    let signed_in = sign_in(&server, "mli-bvg", "demo");
    assert_eq!(signed_in.status, 303, "{}", signed_in.body);
    let cookie = signed_in.session_cookie().unwrap();
    assert_eq!(
        get(&server, "/api/v1/me", &[("Cookie", &cookie)]).status,
        200
    );
    drop(server);

    let reset = env.run(&["user", "reset-2fa", "--username", "mli-bvg"]);
    assert_eq!(reset.code, Some(0), "{}", reset.stderr);
    assert!(
        reset.stdout.contains("second factor of mli-bvg removed"),
        "{}",
        reset.stdout
    );
    let again = env.run(&["user", "reset-2fa", "--username", "mli-bvg"]);
    assert_eq!(again.code, Some(0));
    assert!(again.stdout.contains("nothing changed"), "{}", again.stdout);
    let unknown = env.run(&["user", "reset-2fa", "--username", "nobody"]);
    assert_ne!(unknown.code, Some(0));
    assert!(unknown.stderr.contains("nobody"), "{}", unknown.stderr);

    let server = env.serve(&[]);
    assert_eq!(
        get(&server, "/api/v1/me", &[("Cookie", &cookie)]).status,
        401,
        "the sessions ended"
    );
    let login = post_form(&server, "/login", &[], "username=mli-bvg&password=demo");
    let challenge = login.cookie("vigie_challenge").expect("a code is asked");
    let page = get(&server, "/login/code", &[("Cookie", &challenge)]);
    assert!(
        page.body.contains(r#"id="enrol-key""#),
        "a new secret is offered"
    );
    drop(server);
    let verify = env.run(&["log", "verify"]);
    assert_eq!(verify.code, Some(0), "{}", verify.stderr);
    env.cleanup().await;
}

#[tokio::test]
async fn classification_rules_are_printed_for_scripts() {
    let env = Env::new().await;
    with_demo(&env);
    let levels = env.run(&["classification", "levels", "--country", "BFA"]);
    assert_eq!(levels.code, Some(0), "{}", levels.stderr);
    let codes: Vec<&str> = levels
        .stdout
        .lines()
        .map(|l| l.split('\t').next().unwrap())
        .collect();
    assert_eq!(
        codes,
        ["NC", "DR", "CD", "SD", "TSD"],
        "lowest first, code first"
    );
    assert!(
        levels
            .stdout
            .lines()
            .any(|l| l == "SD\t3\tSecret Défense\t30"),
        "{}",
        levels.stdout
    );
    let english = env.run(&[
        "classification",
        "levels",
        "--country",
        "BFA",
        "--lang",
        "en",
    ]);
    assert!(
        english.stdout.contains("SD\t3\tSecret Defence\t30"),
        "{}",
        english.stdout
    );

    let categories = env.run(&["classification", "categories"]);
    let lines: Vec<&str> = categories.stdout.lines().collect();
    assert_eq!(lines.len(), 11);
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("overall_budget\tpresumption_of_disclosure\tNC\tP10F\t"))
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("intelligence_sources_methods\tmay_be_withheld\tSD\tP9\t"))
    );

    let authorities = env.run(&[
        "classification",
        "authorities",
        "--country",
        "NER",
        "--lang",
        "en",
    ]);
    assert!(
        authorities
            .stdout
            .lines()
            .any(|l| l == "TSD\tclassify\tHead of government\tillustrative"),
        "{}",
        authorities.stdout
    );

    let unknown = env.run(&["classification", "levels", "--country", "SEN"]);
    assert_eq!(unknown.code, Some(1));
    assert!(
        unknown
            .stderr
            .contains("no classification scheme for `SEN`")
    );
    env.cleanup().await;
}

#[tokio::test]
async fn tokens_are_read_only_for_90_days_unless_asked_otherwise() {
    let env = Env::new().await;
    with_demo(&env);
    let help = env.run(&["token", "create", "--help"]);
    assert!(help.stdout.contains("[default: read]"), "{}", help.stdout);
    assert!(help.stdout.contains("[default: 90d]"), "{}", help.stdout);

    let read = env.run(&["token", "create", "--username", "dcaf"]);
    assert_eq!(read.code, Some(0), "{}", read.stderr);
    let read = read.stdout.trim().to_owned();
    let write = env.run(&[
        "token",
        "create",
        "--username",
        "dcaf",
        "--scope",
        "write",
        "--expires-in",
        "12h",
    ]);
    assert_eq!(write.code, Some(0), "{}", write.stderr);
    let write = write.stdout.trim().to_owned();
    for bad in [
        ["--scope", "admin"],
        ["--expires-in", "5x"],
        ["--expires-in", "0d"],
    ] {
        let out = env.run(&["token", "create", "--username", "dcaf", bad[0], bad[1]]);
        assert_ne!(out.code, Some(0), "{bad:?}");
    }

    let listed = env.run(&["token", "list", "--username", "dcaf"]);
    let rows: Vec<Vec<&str>> = listed
        .stdout
        .lines()
        .map(|l| l.split('\t').collect())
        .collect();
    assert_eq!(rows.len(), 2, "{}", listed.stdout);
    let year = |s: &str| s[..4].parse::<i32>().unwrap();
    assert_eq!((rows[0][4], rows[0][5]), ("", "read"), "{}", listed.stdout);
    let now = time::OffsetDateTime::now_utc();
    let in_90_days = now + time::Duration::days(90);
    assert_eq!(year(rows[0][6]), in_90_days.year(), "{}", listed.stdout);
    assert!(rows[0][6].contains(&format!("-{:02}-", u8::from(in_90_days.month()))));
    assert_eq!(rows[1][5], "write");

    let server = env.serve(&[]);
    let bearer = |t: &str| format!("Bearer {t}");
    assert_eq!(
        get(&server, "/api/v1/me", &[("Authorization", &bearer(&read))]).status,
        200
    );
    let posted = post_form(
        &server,
        "/api/v1/recommendations/REC-1/evidence",
        &[("Authorization", &bearer(&read))],
        "",
    );
    assert_eq!(posted.status, 403, "{}", posted.body);
    let posted = post_form(
        &server,
        "/api/v1/recommendations/REC-1/evidence",
        &[("Authorization", &bearer(&write))],
        "",
    );
    assert_ne!(posted.status, 403, "a write token passes the scope check");
    drop(server);
    assert_eq!(env.run(&["log", "verify"]).code, Some(0));
    env.cleanup().await;
}
