//! The demo data set: what `serve --demo` loads, and where it refuses to.

use vigie_domain::{CountryCode, InstitutionKind, Lang, Role};
use vigie_store::Actor;
use vigie_store::demo::{DEMO_ADMIN, DemoOutcome};
use vigie_store::testing::TestStore;
use vigie_store::{NewUser, StoreError};

#[tokio::test]
async fn the_demo_loads_once_into_an_empty_database() {
    let t = TestStore::new().await.unwrap();
    let outcome = t.store.load_demo().await.unwrap();
    let DemoOutcome::Loaded {
        institutions,
        users,
        observations,
    } = outcome
    else {
        panic!("expected a first load, got {outcome:?}");
    };
    assert_eq!(observations, 1502 + 245);
    assert_eq!(
        users,
        institutions + 1,
        "one account per institution, plus the administrator"
    );
    assert_eq!(
        t.store.load_demo().await.unwrap(),
        DemoOutcome::AlreadyLoaded
    );
    assert_eq!(
        t.store.list_users().await.unwrap().len(),
        users,
        "the second start added nobody"
    );
    t.cleanup().await.unwrap();
}

#[tokio::test]
async fn the_demo_never_lands_on_real_data() {
    let t = TestStore::new().await.unwrap();
    let real = vigie_domain::Institution::new(
        "ECOWAS".parse().unwrap(),
        InstitutionKind::InternationalOrg,
        None,
        "CEDEAO",
        "ECOWAS",
    )
    .unwrap();
    t.store
        .insert_institution(&Actor::Cli, &real, "entered by hand")
        .await
        .unwrap();
    let err = t.store.load_demo().await.unwrap_err();
    assert!(matches!(err, StoreError::Conflict(_)), "{err}");
    let institutions = t.store.list_institutions().await.unwrap();
    assert_eq!(institutions.len(), 1, "the real record is still alone");
    assert!(t.store.list_countries().await.unwrap().is_empty());
    t.cleanup().await.unwrap();
}

#[tokio::test]
async fn the_demo_covers_the_five_countries_and_their_oversight_bodies() {
    let t = TestStore::new().await.unwrap();
    t.store.load_demo().await.unwrap();

    let countries = t.store.list_countries().await.unwrap();
    let names: Vec<_> = countries.iter().map(|c| c.name(Lang::Fr)).collect();
    assert_eq!(
        names,
        ["Burkina Faso", "Mali", "Mauritanie", "Niger", "Tchad"]
    );

    let institutions = t.store.list_institutions().await.unwrap();
    for country in CountryCode::G5_SAHEL {
        let kinds: Vec<_> = institutions
            .iter()
            .filter(|i| i.country() == Some(country))
            .map(|i| i.kind())
            .collect();
        // The conference note's participant list: every state sent its army
        // stewardship and its armed forces inspectorate.
        assert!(
            kinds.contains(&InstitutionKind::ArmyStewardship),
            "{country}"
        );
        assert!(
            kinds.contains(&InstitutionKind::ArmedForcesInspectorate),
            "{country}"
        );
    }
    for country in [CountryCode::BFA, CountryCode::MLI, CountryCode::NER] {
        let kinds: Vec<_> = institutions
            .iter()
            .filter(|i| i.country() == Some(country))
            .map(|i| i.kind())
            .collect();
        for kind in [
            InstitutionKind::ParliamentCommission,
            InstitutionKind::CourtOfAuditors,
            InstitutionKind::PoliceInspectorate,
            InstitutionKind::Ombudsman,
            InstitutionKind::CivilSociety,
            InstitutionKind::Press,
        ] {
            assert!(kinds.contains(&kind), "{country} lacks {kind}");
        }
    }
    // Civil society and press are never real organisations in the demo.
    assert!(
        institutions
            .iter()
            .filter(|i| matches!(
                i.kind(),
                InstitutionKind::CivilSociety | InstitutionKind::Press
            ))
            .all(|i| i.illustrative)
    );
    t.cleanup().await.unwrap();
}

#[tokio::test]
async fn every_demo_institution_has_an_account_with_the_demo_password() {
    let t = TestStore::new().await.unwrap();
    t.store.load_demo().await.unwrap();
    let users = t.store.list_users().await.unwrap();
    for institution in t.store.list_institutions().await.unwrap() {
        let user = users
            .iter()
            .find(|u| &u.institution == institution.code() && !u.roles.contains(&Role::Admin))
            .unwrap_or_else(|| panic!("no demo account for {}", institution.code()));
        assert_eq!(
            user.username.as_str(),
            institution.code().as_str().to_ascii_lowercase()
        );
    }
    let admin = users
        .iter()
        .find(|u| u.username.as_str() == DEMO_ADMIN)
        .unwrap();
    assert_eq!(admin.roles, vec![Role::Admin]);
    let (_, hash) = t
        .store
        .login_candidate(&admin.username)
        .await
        .unwrap()
        .unwrap();
    assert!(vigie_store::credentials::verify_password("demo", &hash));

    // Real accounts can be added beside the demo ones.
    let new = NewUser {
        username: "a.traore".parse().unwrap(),
        institution: "MLI-BVG".parse().unwrap(),
        roles: vec![Role::Auditor],
        password_hash: vigie_store::credentials::hash_password("x").unwrap(),
    };
    t.store.create_user(&Actor::Cli, &new).await.unwrap();
    t.cleanup().await.unwrap();
}

#[tokio::test]
async fn sipri_series_are_stored_exactly_as_published() {
    let t = TestStore::new().await.unwrap();
    t.store.load_demo().await.unwrap();
    assert_eq!(t.store.budget().sipri_count().await.unwrap(), 1502 + 245);
    let series = t
        .store
        .budget()
        .sipri_series(CountryCode::BFA, "milex_constant_2022_usd")
        .await
        .unwrap();
    let first = series.first().unwrap();
    // The first row of the shipped CSV: BFA, 1960, 6.087655 (USD million).
    assert_eq!(
        (first.year, first.value.to_string().as_str()),
        (1960, "6.087655")
    );
    assert_eq!(first.note_symbol.as_deref(), Some("†"));
    let scheme = t
        .store
        .classification_scheme(CountryCode::BFA)
        .await
        .unwrap()
        .unwrap();
    let sd = scheme.level("SD").unwrap();
    assert_eq!(scheme.name(sd, Lang::Fr), Some("Secret Défense"));
    assert!(scheme.level("CD").unwrap() < sd);
    t.cleanup().await.unwrap();
}
