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
    let user = add_user(&t.store, "awa", vec![Role::Admin]).await.unwrap();
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
