//! `POST /login` and `POST /logout`.

use crate::support::TestApp;

#[tokio::test]
async fn a_demo_account_signs_in_with_a_secure_http_only_cookie() {
    let app = TestApp::demo().await;
    // A court of auditors' account is cleared: the password leads to the
    // code page, with `next` kept, and opens no session yet.
    let reply = app
        .post_form(
            "/login",
            "username=mli-bvg&password=demo&next=/%3Flang%3Den",
            None,
        )
        .await;
    assert_eq!(reply.status, 303);
    assert_eq!(
        reply.headers["location"],
        "/login/code?next=%2F%3Flang%3Den"
    );
    assert!(reply.session_cookie().is_none());
    let challenge = reply.cookie("vigie_challenge").unwrap();
    let page = app
        .get_with_cookie("/login/code?next=%2F%3Flang%3Den", &challenge)
        .await;
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains(r#"name="next" value="/?lang=en""#),
        "{}",
        page.body
    );
    assert!(page.body.contains("mli-bvg"));
    let reply = app
        .post_form(
            "/login/code",
            &format!("code={}&next=/%3Flang%3Den", app.codes.next("mli-bvg")),
            Some(&challenge),
        )
        .await;
    assert_eq!(reply.status, 303, "{}", reply.body);
    assert_eq!(reply.headers["location"], "/?lang=en");
    let cookies = reply.set_cookies();
    let cookie = cookies
        .iter()
        .find(|c| c.starts_with("vigie_session="))
        .unwrap();
    for attribute in ["HttpOnly", "SameSite=Lax", "Secure", "Path=/"] {
        assert!(
            cookie.contains(attribute),
            "{attribute} missing in {cookie}"
        );
    }
    assert!(
        cookies
            .iter()
            .any(|c| c.starts_with("vigie_challenge=;") && c.contains("Max-Age=0")),
        "the challenge cookie is cleared: {cookies:?}"
    );
    let session = reply.session_cookie().unwrap();
    let home = app.get_with_cookie("/", &session).await;
    assert_eq!(home.headers["cache-control"], "private, no-store");
    assert!(home.body.contains("Connecté·e : mli-bvg"));
    app.cleanup().await;
}

#[tokio::test]
async fn a_wrong_password_or_unknown_user_gets_the_same_answer() {
    let app = TestApp::demo().await;
    let wrong = app
        .post_form("/login", "username=mli-bvg&password=nope", None)
        .await;
    let unknown = app
        .post_form("/login", "username=nobody&password=demo", None)
        .await;
    let invalid = app
        .post_form("/login", "username=N%20O&password=demo", None)
        .await;
    for reply in [&wrong, &unknown, &invalid] {
        assert_eq!(reply.status, 401);
        assert!(
            reply
                .body
                .contains("Identifiant ou mot de passe incorrect.")
        );
        assert!(reply.session_cookie().is_none());
    }
    assert!(
        wrong.body.contains(r#"value="mli-bvg""#),
        "the username is kept in the form"
    );
    app.cleanup().await;
}

#[tokio::test]
async fn an_offsite_next_is_ignored() {
    let app = TestApp::demo().await;
    let reply = app
        .post_form(
            "/login",
            "username=bfa-osc-illustr&password=demo&next=https://evil.example/",
            None,
        )
        .await;
    assert_eq!(reply.status, 303);
    assert_eq!(reply.headers["location"], "/");
    app.cleanup().await;
}

#[tokio::test]
async fn sign_out_ends_the_session_server_side() {
    let app = TestApp::demo().await;
    let session = app.sign_in("bfa-codes", "demo").await;
    let page = app.get_with_cookie("/", &session).await;
    let token = page
        .csrf_token()
        .expect("the sign-out form carries the CSRF token");
    let reply = app
        .post_form("/logout", &format!("csrf_token={token}"), Some(&session))
        .await;
    assert_eq!(reply.status, 303);
    assert!(
        reply
            .set_cookies()
            .iter()
            .any(|c| c.starts_with("vigie_session=;") && c.contains("Max-Age=0"))
    );
    // The old cookie no longer opens anything, even if a copy was kept.
    let me = app.get_with_cookie("/api/v1/me", &session).await;
    assert_eq!(me.status, 401);
    app.cleanup().await;
}

#[tokio::test]
async fn password_guessing_is_slowed_down_per_username() {
    let app = TestApp::demo().await;
    for _ in 0..5 {
        assert_eq!(
            app.post_form("/login", "username=ner-iga&password=guess", None)
                .await
                .status,
            401
        );
    }
    // Locked for this username, even with the right password…
    let locked = app
        .post_form("/login", "username=NER-IGA&password=demo", None)
        .await;
    assert_eq!(locked.status, 429);
    assert!(
        locked
            .body
            .contains("Trop de tentatives pour cet identifiant")
    );
    assert!(locked.session_cookie().is_none());
    // …but not for others.
    assert_eq!(
        app.post_form("/login", "username=mli-bvg&password=demo", None)
            .await
            .status,
        303
    );
    app.cleanup().await;
}

/// Two servers behind one load balancer, on one database, keep the limits
/// of one: guesses spread over both, or racing on both, meet the same five.
#[tokio::test]
async fn guesses_spread_over_two_servers_meet_one_limit() {
    let app = TestApp::demo().await;
    let other = app.another_server().await;
    let guess = "username=ner-iga&password=guess";
    for i in 0..5 {
        let status = if i % 2 == 0 {
            app.post_form("/login", guess, None).await.status
        } else {
            other.post_form("/login", guess).await.status
        };
        assert_eq!(status, 401, "guess {i}");
    }
    // Neither server has seen five failures itself; together they have.
    for reply in [
        app.post_form("/login", "username=ner-iga&password=demo", None)
            .await,
        other
            .post_form("/login", "username=ner-iga&password=demo")
            .await,
    ] {
        assert_eq!(reply.status, 429);
        assert!(reply.session_cookie().is_none());
    }

    // Racing: twelve guesses at once on two servers for a fresh account;
    // at most five are checked, the rest refused before any check.
    let servers = [app.another_server().await, other];
    let mut attempts = tokio::task::JoinSet::new();
    for i in 0..12 {
        let server = servers[i % 2].clone();
        attempts.spawn(async move {
            server
                .post_form("/login", "username=mli-bvg&password=guess")
                .await
                .status
        });
    }
    let statuses = attempts.join_all().await;
    let checked = statuses.iter().filter(|s| **s == 401).count();
    let refused = statuses.iter().filter(|s| **s == 429).count();
    assert_eq!(checked + refused, 12, "{statuses:?}");
    assert!(checked <= 5, "{checked} guesses checked: {statuses:?}");
    app.cleanup().await;
}
