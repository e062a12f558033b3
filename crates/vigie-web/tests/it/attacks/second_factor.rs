//! Strong sign-in: a password alone never opens an account that is cleared
//! above public or administers or classifies; the one-time code is
//! accepted once, guessed five times at most per window, and a stolen
//! session cannot take the second factor over.

use vigie_store::totp;

use crate::support::TestApp;

/// The password step of a sign-in: the challenge cookie it sets.
async fn password_step(app: &TestApp, username: &str) -> String {
    let reply = app
        .post_form(
            "/login",
            &format!("username={username}&password=demo"),
            None,
        )
        .await;
    assert_eq!(reply.status, 303, "{}", reply.body);
    assert!(
        reply.headers["location"]
            .to_str()
            .unwrap()
            .starts_with("/login/code"),
        "{:?}",
        reply.headers["location"]
    );
    assert!(reply.session_cookie().is_none(), "no session yet");
    reply.cookie("vigie_challenge").expect("a challenge cookie")
}

#[tokio::test]
async fn the_password_alone_opens_nothing_for_a_cleared_account() {
    let app = TestApp::demo().await;
    // Auditors and parliamentarians cleared to the top, the stewardship's
    // classification authority, the administrator.
    for username in ["bfa-codes", "mli-cdspc", "bfa-daf", "admin"] {
        let challenge = password_step(&app, username).await;
        // The challenge is not a session, whichever way it is presented.
        assert_eq!(
            app.get_with_cookie("/api/v1/me", &challenge).await.status,
            401
        );
        let as_session = challenge.replace("vigie_challenge=", "vigie_session=");
        assert_eq!(
            app.get_with_cookie("/api/v1/me", &as_session).await.status,
            401
        );
        let secret = challenge.trim_start_matches("vigie_challenge=");
        let reply = app
            .call("GET", "/api/v1/me", Some(secret), None, vec![])
            .await;
        assert_eq!(reply.status, 401, "{username}");
        let register = app.get_with_cookie("/access-requests", &challenge).await;
        assert_eq!(register.status, 303, "sent to sign in: {username}");
    }
    // An observer (public clearance) is asked for no code.
    let reply = app
        .post_form("/login", "username=mli-osc-illustr&password=demo", None)
        .await;
    assert!(reply.session_cookie().is_some());
    app.cleanup().await;
}

#[tokio::test]
async fn a_code_is_accepted_once() {
    let app = TestApp::demo().await;
    let code = app.codes.next("bfa-codes");
    let first = app
        .answer_code(&password_step(&app, "bfa-codes").await, &code)
        .await;
    assert_eq!(first.status, 303);
    // Seen over a shoulder or replayed from a proxy log: refused.
    let again = app
        .answer_code(&password_step(&app, "bfa-codes").await, &code)
        .await;
    assert_eq!(again.status, 401);
    assert!(again.session_cookie().is_none());
    assert!(again.body.contains("déjà utilisé"), "{}", again.body);
    app.cleanup().await;
}

#[tokio::test]
async fn code_guessing_closes_the_challenge_and_stops_the_account() {
    let app = TestApp::demo().await;
    let challenge = password_step(&app, "mli-bvg").await;
    for guess in ["000000", "123456", "999999", "111111", "654321"] {
        let reply = app.answer_code(&challenge, guess).await;
        assert_eq!(reply.status, 401, "{guess}");
    }
    // The challenge is closed: even the right code does not open it.
    let closed = app
        .answer_code(&challenge, &app.codes.next("mli-bvg"))
        .await;
    assert_eq!(closed.status, 401);
    assert!(closed.session_cookie().is_none());
    assert!(closed.body.contains("mot de passe"), "{}", closed.body);
    // The password again opens a new challenge, but the account's code
    // guesses are spent for the window: 429, however right the code.
    let challenge = password_step(&app, "mli-bvg").await;
    let limited = app
        .answer_code(&challenge, &app.codes.next("mli-bvg"))
        .await;
    assert_eq!(limited.status, 429);
    assert!(limited.headers.contains_key("retry-after"));
    assert!(limited.session_cookie().is_none());
    app.cleanup().await;
}

#[tokio::test]
async fn an_account_without_a_second_factor_enrols_at_sign_in_and_recovery_codes_work_once() {
    let app = TestApp::demo().await;
    let store = &app.db.store;
    let new = vigie_store::NewUser {
        username: "k.ouedraogo".parse().unwrap(),
        institution: "BFA-CODES".parse().unwrap(),
        roles: vec![vigie_domain::Role::Auditor],
        password_hash: vigie_store::credentials::hash_password("demo").unwrap(),
    };
    store
        .create_user(&vigie_store::Actor::Cli, &new)
        .await
        .unwrap();
    store
        .set_clearance(&vigie_store::Actor::Cli, &new.username, 2)
        .await
        .unwrap();

    let challenge = password_step(&app, "k.ouedraogo").await;
    let page = app.get_with_cookie("/login/code", &challenge).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("<svg"), "a QR code to scan");
    assert!(
        page.body
            .contains("otpauth://totp/Vigie:k.ouedraogo?secret=")
    );
    let key = between(&page.body, r#"id="enrol-key""#, "</code>");
    let key = key.rsplit('>').next().unwrap();
    let secret = totp::parse_base32(key).expect("the key reads back");
    assert_ne!(
        secret,
        vigie_store::demo::DEMO_TOTP_SECRET,
        "a fresh secret"
    );
    assert!(
        !page.body.contains("demo-code"),
        "the demo hint is for the demo's secret only"
    );

    // A wrong code enrols nothing; the right one does, and shows the
    // recovery codes once, with the session already set.
    let wrong = app.answer_code(&challenge, "000000").await;
    assert_eq!(wrong.status, 401);
    assert!(wrong.body.contains(key), "the same key is offered again");
    let now = time::OffsetDateTime::now_utc().unix_timestamp() as u64;
    let step = totp::step_at(now);
    let code = totp::code_for_step(&secret, step).unwrap();
    let enrolled = app.answer_code(&challenge, &code).await;
    assert_eq!(enrolled.status, 200, "{}", enrolled.body);
    let session = enrolled.session_cookie().expect("signed in");
    let codes: Vec<&str> = enrolled
        .body
        .split("<li><code>")
        .skip(1)
        .map(|c| &c[..c.find("</code>").unwrap()])
        .collect();
    assert_eq!(codes.len(), totp::RECOVERY_CODES, "{}", enrolled.body);
    let me = app.get_with_cookie("/api/v1/me", &session).await;
    assert_eq!(me.json()["username"], "k.ouedraogo");
    let account = app.get_with_cookie("/account", &session).await;
    assert!(account.body.contains("restants : 10"), "{}", account.body);

    // A recovery code opens the account once; then it is spent.
    let challenge = password_step(&app, "k.ouedraogo").await;
    let recovered = app.answer_code(&challenge, codes[0]).await;
    assert_eq!(recovered.status, 200, "{}", recovered.body);
    assert!(recovered.session_cookie().is_some());
    assert!(
        recovered.body.contains("Il vous en reste 9"),
        "{}",
        recovered.body
    );
    let challenge = password_step(&app, "k.ouedraogo").await;
    let spent = app.answer_code(&challenge, codes[0]).await;
    assert_eq!(spent.status, 401);
    app.cleanup().await;
}

#[tokio::test]
async fn a_stolen_session_cannot_take_the_second_factor_over() {
    let app = TestApp::demo().await;
    let session = app.sign_in("bfa-codes", "demo").await;
    let account = app.get_with_cookie("/account", &session).await;
    assert_eq!(account.status, 200);
    let token = account.csrf_token().unwrap();
    // Without the phone: no new recovery codes, no reset.
    for path in ["/account/recovery-codes", "/account/second-factor/reset"] {
        let reply = app
            .post_form(
                path,
                &format!("csrf_token={token}&code=000000"),
                Some(&session),
            )
            .await;
        assert_eq!(reply.status, 401, "{path}: {}", reply.body);
        assert!(!reply.body.contains(r#"id="recovery-codes""#), "{path}");
    }
    // Enrolling again is not a way round it: the account has a factor.
    let reply = app
        .post_form(
            "/account/second-factor/enrol",
            &format!("csrf_token={token}"),
            Some(&session),
        )
        .await;
    assert_eq!(reply.headers["location"], "/account");
    assert!(reply.cookie("vigie_challenge").is_none());
    // With the phone, the user resets it: signed out, and the next
    // sign-in offers a new secret.
    let reply = app
        .post_form(
            "/account/second-factor/reset",
            &format!("csrf_token={token}&code={}", app.codes.next("bfa-codes")),
            Some(&session),
        )
        .await;
    assert_eq!(reply.status, 303, "{}", reply.body);
    assert_eq!(
        app.get_with_cookie("/api/v1/me", &session).await.status,
        401
    );
    let challenge = password_step(&app, "bfa-codes").await;
    let page = app.get_with_cookie("/login/code", &challenge).await;
    assert!(page.body.contains(r#"id="enrol-key""#), "{}", page.body);
    app.cleanup().await;
}

#[tokio::test]
async fn an_observer_may_turn_the_second_factor_on() {
    let app = TestApp::demo().await;
    let session = app.sign_in("mli-osc-illustr", "demo").await;
    let account = app.get_with_cookie("/account", &session).await;
    let token = account.csrf_token().unwrap();
    let reply = app
        .post_form(
            "/account/second-factor/enrol",
            &format!("csrf_token={token}"),
            Some(&session),
        )
        .await;
    assert_eq!(reply.status, 303);
    let challenge = reply.cookie("vigie_challenge").unwrap();
    let page = app.get_with_cookie("/login/code", &challenge).await;
    let key = between(&page.body, r#"id="enrol-key""#, "</code>");
    let secret = totp::parse_base32(key.rsplit('>').next().unwrap()).unwrap();
    let now = time::OffsetDateTime::now_utc().unix_timestamp() as u64;
    let code = totp::code_for_step(&secret, totp::step_at(now)).unwrap();
    assert_eq!(app.answer_code(&challenge, &code).await.status, 200);
    // From now on the password alone is not enough for this account.
    let reply = app
        .post_form("/login", "username=mli-osc-illustr&password=demo", None)
        .await;
    assert!(reply.session_cookie().is_none());
    assert!(reply.cookie("vigie_challenge").is_some());
    app.cleanup().await;
}

fn between<'a>(text: &'a str, start: &str, end: &str) -> &'a str {
    let from = text
        .find(start)
        .unwrap_or_else(|| panic!("{start} in {text}"))
        + start.len();
    let to = text[from..].find(end).unwrap() + from;
    &text[from..to]
}
