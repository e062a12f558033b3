//! Accounts: users and roles, sessions, API tokens.

use time::Duration;
use vigie_domain::{Institution, InstitutionKind, Role};
use vigie_store::Actor;
use vigie_store::credentials::hash_password;
use vigie_store::testing::TestStore;
use vigie_store::{NewUser, Store, StoreError};

async fn with_institution() -> TestStore {
    let t = TestStore::new().await.unwrap();
    // Institutions of an international kind need no country row.
    let dcaf = Institution::new(
        "DCAF".parse().unwrap(),
        InstitutionKind::Facilitator,
        None,
        "DCAF",
        "DCAF",
    )
    .unwrap();
    t.store
        .insert_institution(&Actor::Cli, &dcaf, "test")
        .await
        .unwrap();
    t
}

async fn add_user(
    store: &Store,
    name: &str,
    roles: Vec<Role>,
) -> Result<vigie_store::User, StoreError> {
    store
        .create_user(
            &Actor::Cli,
            &NewUser {
                username: name.parse().unwrap(),
                institution: "DCAF".parse().unwrap(),
                roles,
                password_hash: hash_password("s3cret").unwrap(),
            },
        )
        .await
}

#[tokio::test]
async fn users_are_created_listed_and_unique() {
    let t = with_institution().await;
    let u = add_user(&t.store, "awa", vec![Role::Facilitator, Role::Admin])
        .await
        .unwrap();
    assert_eq!(u.roles, vec![Role::Admin, Role::Facilitator]);
    assert_eq!(u.institution.as_str(), "DCAF");
    add_user(&t.store, "bakary", vec![Role::Observer])
        .await
        .unwrap();

    let err = add_user(&t.store, "awa", vec![Role::Observer])
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Conflict(_)), "{err}");
    assert!(err.to_string().contains("`awa` already exists"), "{err}");
    assert!(add_user(&t.store, "nobody", vec![]).await.is_err());

    let names: Vec<_> = t
        .store
        .list_users()
        .await
        .unwrap()
        .into_iter()
        .map(|u| u.username.to_string())
        .collect();
    assert_eq!(names, ["awa", "bakary"]);
    t.cleanup().await.unwrap();
}

#[tokio::test]
async fn a_user_needs_an_existing_institution() {
    let t = with_institution().await;
    let err = t
        .store
        .create_user(
            &Actor::Cli,
            &NewUser {
                username: "x1".parse().unwrap(),
                institution: "NOPE".parse().unwrap(),
                roles: vec![Role::Observer],
                password_hash: "h".into(),
            },
        )
        .await
        .unwrap_err();
    assert_eq!(err.to_string(), "institution `NOPE` not found");
    assert!(
        t.store.list_users().await.unwrap().is_empty(),
        "nothing half-written"
    );
    t.cleanup().await.unwrap();
}

#[tokio::test]
async fn sessions_open_close_and_expire() {
    let t = with_institution().await;
    // A facilitator is asked for no second factor: the password opens the session.
    let user = add_user(&t.store, "awa", vec![Role::Facilitator])
        .await
        .unwrap();
    let (secret, info) = t
        .store
        .create_session(&user, Duration::hours(1))
        .await
        .unwrap();
    let found = t.store.session(&secret).await.unwrap().unwrap();
    assert_eq!(found.user, user);
    assert_eq!(found.csrf_token, info.csrf_token);
    assert!(t.store.session("not-a-secret").await.unwrap().is_none());

    t.store.delete_session(&secret).await.unwrap();
    assert!(t.store.session(&secret).await.unwrap().is_none());

    let (expired, _) = t
        .store
        .create_session(&user, Duration::seconds(-1))
        .await
        .unwrap();
    assert!(t.store.session(&expired).await.unwrap().is_none());
    assert_eq!(t.store.purge_expired_sessions().await.unwrap(), 1);
    t.cleanup().await.unwrap();
}

#[tokio::test]
async fn api_tokens_identify_their_user() {
    let t = with_institution().await;
    let user = add_user(&t.store, "awa", vec![Role::Admin]).await.unwrap();
    let token = t
        .store
        .create_api_token(&Actor::System, &user.username, "cli")
        .await
        .unwrap();
    assert!(token.secret.starts_with("vigie_"));
    assert_eq!(
        t.store.user_for_api_token(&token.secret).await.unwrap(),
        Some(user)
    );
    assert_eq!(
        t.store.user_for_api_token("vigie_wrong").await.unwrap(),
        None
    );
    let err = t
        .store
        .create_api_token(&Actor::System, &"ghost".parse().unwrap(), "cli")
        .await
        .unwrap_err();
    assert_eq!(err.to_string(), "user `ghost` not found");
    t.cleanup().await.unwrap();
}

#[tokio::test]
async fn login_candidates_carry_the_hash_to_verify() {
    let t = with_institution().await;
    add_user(&t.store, "awa", vec![Role::Admin]).await.unwrap();
    let (user, hash) = t
        .store
        .login_candidate(&"awa".parse().unwrap())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(user.username.as_str(), "awa");
    assert!(vigie_store::credentials::verify_password("s3cret", &hash));
    assert!(
        t.store
            .login_candidate(&"zed".parse().unwrap())
            .await
            .unwrap()
            .is_none()
    );
    t.cleanup().await.unwrap();
}

#[tokio::test]
async fn disabling_a_user_ends_their_sessions_and_tokens_and_is_logged() {
    let t = with_institution().await;
    let user = add_user(&t.store, "awa", vec![Role::Auditor])
        .await
        .unwrap();
    let (secret, _) = t
        .store
        .create_session(&user, Duration::hours(1))
        .await
        .unwrap();
    let token = t
        .store
        .create_api_token(&Actor::Cli, &user.username, "script")
        .await
        .unwrap();

    t.store
        .set_user_disabled(&Actor::Cli, &user.username, true)
        .await
        .unwrap();
    assert!(t.store.session(&secret).await.unwrap().is_none());
    assert!(
        t.store
            .user_for_api_token(&token.secret)
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        t.store
            .login_candidate(&user.username)
            .await
            .unwrap()
            .is_none()
    );

    t.store
        .set_user_disabled(&Actor::Cli, &user.username, false)
        .await
        .unwrap();
    assert!(
        t.store
            .user_for_api_token(&token.secret)
            .await
            .unwrap()
            .is_some(),
        "tokens come back, sessions do not"
    );
    assert!(
        t.store
            .set_user_disabled(&Actor::Cli, &"ghost".parse().unwrap(), true)
            .await
            .is_err()
    );
    assert_log_verifies(&t).await;
    t.cleanup().await.unwrap();
}

#[tokio::test]
async fn a_new_password_replaces_the_old_and_ends_sessions() {
    let t = with_institution().await;
    let user = add_user(&t.store, "awa", vec![Role::Auditor])
        .await
        .unwrap();
    let (secret, _) = t
        .store
        .create_session(&user, Duration::hours(1))
        .await
        .unwrap();
    t.store
        .set_password(&Actor::Cli, &user.username, &hash_password("n3w").unwrap())
        .await
        .unwrap();
    assert!(t.store.session(&secret).await.unwrap().is_none());
    let (_, hash) = t
        .store
        .login_candidate(&user.username)
        .await
        .unwrap()
        .unwrap();
    assert!(vigie_store::credentials::verify_password("n3w", &hash));
    assert!(!vigie_store::credentials::verify_password("s3cret", &hash));
    assert_log_verifies(&t).await;
    t.cleanup().await.unwrap();
}

#[tokio::test]
async fn revoked_tokens_stop_working_for_good() {
    let t = with_institution().await;
    let user = add_user(&t.store, "awa", vec![Role::Auditor])
        .await
        .unwrap();
    let token = t
        .store
        .create_api_token(&Actor::Cli, &user.username, "script")
        .await
        .unwrap();
    let listed = t.store.list_api_tokens(Some(&user.username)).await.unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(
        (listed[0].label.as_str(), listed[0].revoked_at),
        ("script", None)
    );
    t.store
        .revoke_api_token(&Actor::Cli, listed[0].id)
        .await
        .unwrap();
    assert!(
        t.store
            .user_for_api_token(&token.secret)
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        t.store.list_api_tokens(None).await.unwrap()[0]
            .revoked_at
            .is_some()
    );
    assert!(
        t.store
            .revoke_api_token(&Actor::Cli, listed[0].id)
            .await
            .is_err(),
        "only once"
    );
    assert_log_verifies(&t).await;
    t.cleanup().await.unwrap();
}

async fn assert_log_verifies(t: &TestStore) {
    let key = vigie_ledger::SigningKey::from_seed("vigie-test/log", &[1; 32]).unwrap();
    let outcome = t.store.verify_log(&key.verifier(), None).await.unwrap();
    assert!(outcome.is_ok(), "{outcome:?}");
}

#[tokio::test]
async fn tokens_carry_a_scope_and_stop_at_their_expiry() {
    use vigie_domain::TokenScope;
    use vigie_store::TokenSpec;
    let t = with_institution().await;
    let user = add_user(&t.store, "awa", vec![Role::Admin]).await.unwrap();
    let now = time::OffsetDateTime::now_utc();
    let spec = |scope, expires_at| TokenSpec {
        label: "script".into(),
        scope,
        expires_at,
    };
    let read = t
        .store
        .create_api_token_with(
            &Actor::Cli,
            &user.username,
            &spec(TokenScope::Read, Some(now + Duration::days(90))),
        )
        .await
        .unwrap();
    assert_eq!(
        t.store.api_token_grant(&read.secret).await.unwrap(),
        Some((user.clone(), TokenScope::Read))
    );
    let expired = t
        .store
        .create_api_token_with(
            &Actor::Cli,
            &user.username,
            &spec(TokenScope::Write, Some(now - Duration::seconds(2))),
        )
        .await
        .unwrap();
    assert_eq!(
        t.store.api_token_grant(&expired.secret).await.unwrap(),
        None
    );
    assert_eq!(
        t.store.user_for_api_token(&expired.secret).await.unwrap(),
        None
    );
    let write = t
        .store
        .create_api_token(&Actor::Cli, &user.username, "legacy")
        .await
        .unwrap();
    assert_eq!(
        t.store.api_token_grant(&write.secret).await.unwrap(),
        Some((user.clone(), TokenScope::Write))
    );

    let listed = t.store.list_api_tokens(Some(&user.username)).await.unwrap();
    let scopes: Vec<_> = listed.iter().map(|i| (i.id, i.scope)).collect();
    assert_eq!(
        scopes,
        [
            (read.id, TokenScope::Read),
            (expired.id, TokenScope::Write),
            (write.id, TokenScope::Write)
        ]
    );
    let expiry = listed[0].expires_at.unwrap();
    assert_eq!(
        expiry.unix_timestamp(),
        (now + Duration::days(90)).unix_timestamp()
    );
    assert_eq!(listed[2].expires_at, None);
    // Each creation is in the trail, scope and expiry in its state; a
    // revocation keeps them.
    t.store
        .revoke_api_token(&Actor::Cli, read.id)
        .await
        .unwrap();
    let entries = t.store.log_entries(0, 1000).await.unwrap();
    let text = entries
        .iter()
        .map(|(_, bytes)| String::from_utf8_lossy(bytes).into_owned())
        .collect::<Vec<_>>()
        .join("\n");
    assert!(text.contains("api_token"), "token creation logged");
    assert_log_verifies(&t).await;
    t.cleanup().await.unwrap();
}

#[tokio::test]
async fn a_unique_violation_names_the_key_and_nothing_of_the_driver() {
    let t = TestStore::new().await.unwrap();
    let insert = "INSERT INTO countries (code, iso2, name_fr, name_en, currency) \
                  VALUES ('NER', 'NE', 'Niger', 'Niger', 'XOF')";
    t.execute(insert, None).await.unwrap();
    let err = t.execute(insert, None).await.unwrap_err();
    match &err {
        StoreError::Duplicate { field } => assert_eq!(field.as_deref(), Some("code")),
        other => panic!("expected a duplicate, got {other:?}"),
    }
    let text = err.to_string().to_lowercase();
    for leak in [
        "unique",
        "constraint",
        "duplicate key",
        "countries",
        "pkey",
        "ner",
    ] {
        assert!(!text.contains(leak), "`{leak}` in {text}");
    }
    t.cleanup().await.unwrap();
}

/// The second factor, as the store keeps it: an administrator is asked for
/// one; the right password opens only a challenge; a code from the offered
/// secret enrols (with recovery codes) and opens a session marked as such;
/// a code is accepted once; a recovery code once; five wrong answers close
/// the challenge; a reset removes it all; the log vouches for each state
/// and catches a secret slipped in behind its back.
#[tokio::test]
async fn the_second_factor_is_enrolled_answered_once_and_reset() {
    use vigie_store::totp;
    use vigie_store::{ChallengeOutcome, MAX_WRONG_ANSWERS};
    let t = with_institution().await;
    let admin = add_user(&t.store, "awa", vec![Role::Admin]).await.unwrap();
    let status = t.store.second_factor_status(&admin).await.unwrap();
    assert!(status.required && !status.enrolled && status.asked());
    let lifetime = Duration::hours(1);

    // Enrolment through the challenge.
    let challenge = t.store.open_challenge(&admin).await.unwrap();
    let offered = t
        .store
        .challenge(&challenge)
        .await
        .unwrap()
        .unwrap()
        .enrolment
        .expect("a secret is offered");
    let now = time::OffsetDateTime::now_utc().unix_timestamp() as u64;
    let step = totp::step_at(now);
    let code = totp::code_for_step(&offered, step).unwrap();
    let ChallengeOutcome::SignedIn {
        secret,
        new_recovery_codes: Some(recovery),
        ..
    } = t
        .store
        .answer_challenge(&challenge, &code, lifetime)
        .await
        .unwrap()
    else {
        panic!("enrolment opens a session and gives recovery codes")
    };
    assert_eq!(recovery.len(), totp::RECOVERY_CODES);
    assert!(t.store.session(&secret).await.unwrap().is_some());
    assert!(
        matches!(
            t.store
                .answer_challenge(&challenge, &code, lifetime)
                .await
                .unwrap(),
            ChallengeOutcome::Closed
        ),
        "a challenge is answered once"
    );

    // The same code again, on a new challenge: refused (used once).
    let challenge = t.store.open_challenge(&admin).await.unwrap();
    assert!(
        t.store
            .challenge(&challenge)
            .await
            .unwrap()
            .unwrap()
            .enrolment
            .is_none()
    );
    assert!(matches!(
        t.store
            .answer_challenge(&challenge, &code, lifetime)
            .await
            .unwrap(),
        ChallengeOutcome::Wrong
    ));
    // The next step's code is fine.
    let next = totp::code_for_step(&offered, step + 1).unwrap();
    assert!(matches!(
        t.store
            .answer_challenge(&challenge, &next, lifetime)
            .await
            .unwrap(),
        ChallengeOutcome::SignedIn { .. }
    ));

    // A recovery code, once, in any case and grouping.
    let loose = recovery[3].to_lowercase().replace('-', " ");
    for expected_left in [Some(totp::RECOVERY_CODES - 1), None] {
        let challenge = t.store.open_challenge(&admin).await.unwrap();
        let outcome = t
            .store
            .answer_challenge(&challenge, &loose, lifetime)
            .await
            .unwrap();
        match (outcome, expected_left) {
            (
                ChallengeOutcome::SignedIn {
                    recovery_codes_left,
                    ..
                },
                Some(left),
            ) => {
                assert_eq!(recovery_codes_left, Some(left));
            }
            (ChallengeOutcome::Wrong, None) => {}
            (other, _) => panic!("{other:?}"),
        }
    }
    assert_log_verifies(&t).await;

    // Five wrong answers close a challenge.
    let challenge = t.store.open_challenge(&admin).await.unwrap();
    for _ in 0..MAX_WRONG_ANSWERS {
        assert!(matches!(
            t.store
                .answer_challenge(&challenge, "000000", lifetime)
                .await
                .unwrap(),
            ChallengeOutcome::Wrong
        ));
    }
    let current = totp::code_for_step(&offered, totp::step_at(now) + 1).unwrap();
    assert!(matches!(
        t.store
            .answer_challenge(&challenge, &current, lifetime)
            .await
            .unwrap(),
        ChallengeOutcome::Closed
    ));

    // A secret slipped into the database is caught by the log.
    t.tamper("UPDATE users SET totp_secret = $1", Some(vec![7; 20]))
        .await
        .unwrap();
    let key = vigie_ledger::SigningKey::from_seed("vigie-test/log", &[1; 32]).unwrap();
    let outcome = t.store.verify_log(&key.verifier(), None).await.unwrap();
    assert!(outcome.is_err(), "a swapped secret fails verify");
    t.tamper("UPDATE users SET totp_secret = $1", Some(offered.clone()))
        .await
        .unwrap();
    assert_log_verifies(&t).await;

    // Reset: no secret, no session, no recovery code; logged.
    assert!(
        t.store
            .reset_second_factor(&Actor::Cli, &admin.username)
            .await
            .unwrap()
    );
    assert!(t.store.session(&secret).await.unwrap().is_none());
    let status = t.store.second_factor_status(&admin).await.unwrap();
    assert!(!status.enrolled && status.recovery_codes_left == 0);
    assert!(
        !t.store
            .reset_second_factor(&Actor::Cli, &admin.username)
            .await
            .unwrap()
    );
    assert_log_verifies(&t).await;
    t.cleanup().await.unwrap();
}

/// A session opened with the password alone stops opening the account as
/// soon as the account needs a second factor (here, a role that calls for
/// one): what was granted before the change does not outlive it.
#[tokio::test]
async fn a_session_without_the_second_factor_ends_when_the_account_needs_one() {
    let t = with_institution().await;
    let user = add_user(&t.store, "musa", vec![Role::Facilitator])
        .await
        .unwrap();
    assert!(!t.store.second_factor_status(&user).await.unwrap().asked());
    let (secret, _) = t
        .store
        .create_session(&user, Duration::hours(1))
        .await
        .unwrap();
    assert!(t.store.session(&secret).await.unwrap().is_some());
    t.store
        .enrol_second_factor(&Actor::Cli, &user.username, &[9; 20])
        .await
        .unwrap();
    assert!(
        t.store.session(&secret).await.unwrap().is_none(),
        "enrolment ends the sessions"
    );
    t.store
        .reset_second_factor(&Actor::Cli, &user.username)
        .await
        .unwrap();
    let (secret, _) = t
        .store
        .create_session(&user, Duration::hours(1))
        .await
        .unwrap();
    t.tamper(
        "INSERT INTO user_roles (user_id, role) SELECT id, 'admin' FROM users WHERE username = 'musa'",
        None,
    )
    .await
    .unwrap();
    assert!(
        t.store.session(&secret).await.unwrap().is_none(),
        "an administrator's session needs the second factor"
    );
    t.cleanup().await.unwrap();
}
