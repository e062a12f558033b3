//! The classified register, end to end on the storage layer: what each
//! principal sees, reads, asks for and answers, what the dates declassify,
//! and that the log vouches for all of it.

use time::{Duration, OffsetDateTime};
use vigie_policy::{Authorizer, Principal};
use vigie_store::documents::{
    Answer, Declassify, Document, DocumentQuery, NewDocument, NewRequest, Read, RequestStatus,
    RequestTarget, RequestView, See,
};
use vigie_store::testing::TestStore;
use vigie_store::{Actor, Store, StoreError, User};

mod listing;
mod races;

struct Demo {
    t: TestStore,
    authorizer: Authorizer,
}

async fn demo() -> Demo {
    let t = TestStore::new().await.unwrap();
    t.store.load_demo().await.unwrap();
    Demo {
        t,
        authorizer: Authorizer::load().unwrap(),
    }
}

impl Demo {
    fn store(&self) -> &Store {
        &self.t.store
    }

    async fn user(&self, name: &str) -> (User, Principal, Actor) {
        let user = self
            .store()
            .user_by_username(&name.parse().unwrap())
            .await
            .unwrap()
            .unwrap();
        let principal = self.store().principal(&user).await.unwrap();
        let actor = Actor::user(&user);
        (user, principal, actor)
    }

    async fn list(&self, who: &Principal, query: DocumentQuery) -> (Vec<Document>, u64) {
        let page = self
            .store()
            .documents()
            .list(
                &self.authorizer,
                &Actor::System,
                who,
                &DocumentQuery {
                    per_page: 100,
                    ..query
                },
            )
            .await
            .unwrap();
        (page.documents, page.total)
    }

    async fn id_of(&self, reference: &str) -> i64 {
        let (_, admin, _) = self.user("bfa-daf").await;
        let (docs, _) = self
            .list(
                &admin,
                DocumentQuery {
                    text: Some(reference.into()),
                    ..DocumentQuery::default()
                },
            )
            .await;
        docs.iter().find(|d| d.reference == reference).unwrap().id
    }

    async fn read(&self, who: &Principal, id: i64) -> Result<Vec<u8>, StoreError> {
        let permit = self
            .store()
            .documents()
            .authorize::<Read>(&self.authorizer, &Actor::System, who, id)
            .await?;
        self.store().documents().content(&permit).await
    }
}

fn references(docs: &[Document]) -> Vec<&str> {
    docs.iter().map(|d| d.reference.as_str()).collect()
}

#[tokio::test]
async fn the_register_shows_each_principal_what_the_policies_allow_and_nothing_else() {
    let d = demo().await;
    let public = Principal::public();
    let (public_docs, public_total) = d.list(&public, DocumentQuery::default()).await;
    assert_eq!(public_total as usize, public_docs.len());
    assert!(
        public_docs.iter().all(|doc| doc.level.is_public()),
        "{:?}",
        references(&public_docs)
    );
    assert_eq!(public_total, 5, "one public budget per country");

    let (_, auditor, _) = d.user("bfa-cdc").await;
    let (seen, total) = d.list(&auditor, DocumentQuery::default()).await;
    let bfa_classified = seen
        .iter()
        .filter(|doc| doc.reference.starts_with("BFA-") && !doc.level.is_public())
        .count();
    assert_eq!(
        bfa_classified, 4,
        "the oversight register shows every classified BFA document"
    );
    assert!(
        seen.iter()
            .all(|doc| doc.reference.starts_with("BFA-") || doc.level.is_public())
    );
    assert_eq!(total, 9);

    // Filters and search narrow the count as well as the page.
    let (only_sd, sd_total) = d
        .list(
            &auditor,
            DocumentQuery {
                rank: Some(3),
                ..DocumentQuery::default()
            },
        )
        .await;
    assert_eq!(
        (references(&only_sd), sd_total),
        (vec!["BFA-DAF-2023-007"], 1)
    );
    let (found, found_total) = d
        .list(
            &public,
            DocumentQuery {
                text: Some("véhicules".into()),
                ..DocumentQuery::default()
            },
        )
        .await;
    assert_eq!(
        (found.len(), found_total),
        (0, 0),
        "search does not reveal what listing hides"
    );
    let (found, _) = d
        .list(
            &auditor,
            DocumentQuery {
                text: Some("VÉHICULES tactiques".to_lowercase()),
                ..DocumentQuery::default()
            },
        )
        .await;
    assert_eq!(references(&found), vec!["BFA-DAF-2024-014"]);

    // A foreign auditor sees no BFA classified entry.
    let (_, foreign, _) = d.user("mli-bvg").await;
    let (seen, _) = d.list(&foreign, DocumentQuery::default()).await;
    assert!(
        !seen
            .iter()
            .any(|doc| doc.reference.starts_with("BFA-") && !doc.level.is_public())
    );
    d.t.cleanup().await.unwrap();
}

#[tokio::test]
async fn content_takes_a_consult_decision_and_refusals_reveal_no_more_than_the_caller_knows() {
    let d = demo().await;
    let sd = d.id_of("BFA-DAF-2023-007").await;
    let cd = d.id_of("BFA-DAF-2024-014").await;

    // The public may not know classified documents exist: not found, like a missing id.
    assert!(matches!(
        d.read(&Principal::public(), cd).await,
        Err(StoreError::NotFound { .. })
    ));
    assert!(matches!(
        d.read(&Principal::public(), 999_999).await,
        Err(StoreError::NotFound { .. })
    ));
    let see = d
        .store()
        .documents()
        .authorize::<See>(&d.authorizer, &Actor::System, &Principal::public(), cd)
        .await;
    assert!(matches!(see, Err(StoreError::NotFound { .. })));

    // A member of the defence commission reads up to CD; beyond, the entry
    // is visible but the content is forbidden.
    let (_, mp, _) = d.user("bfa-codes").await;
    let text = String::from_utf8(d.read(&mp, cd).await.unwrap()).unwrap();
    assert!(text.contains("site fictif Alpha-7"));
    assert!(matches!(
        d.read(&mp, sd).await,
        Err(StoreError::Forbidden(_))
    ));

    // The court of auditors' mandate covers the army stewardship 2023–2025.
    let (_, auditor, _) = d.user("bfa-cdc").await;
    assert!(
        d.read(&auditor, sd)
            .await
            .unwrap()
            .starts_with("DOCUMENT FICTIF".as_bytes())
    );
    // The other court has no mandate: the entry, not the content.
    let (_, other, _) = d.user("bfa-asce-lc").await;
    assert!(matches!(
        d.read(&other, sd).await,
        Err(StoreError::Forbidden(_))
    ));
    // Another country's auditor learns nothing.
    let (_, foreign, _) = d.user("mli-sc-cs").await;
    assert!(matches!(
        d.read(&foreign, sd).await,
        Err(StoreError::NotFound { .. })
    ));
    d.t.cleanup().await.unwrap();
}

fn new_document(level: &str, category: &str, reference: &str) -> NewDocument {
    NewDocument {
        country: "BFA".parse().unwrap(),
        reference: reference.into(),
        title: "Test document".into(),
        dated: None,
        level: level.into(),
        category: category.into(),
        legal_basis: "test".into(),
        justification: "test".into(),
        review_on: None,
        declassify_on: None,
        file_name: "t.txt".into(),
        media_type: "text/plain".into(),
        content: b"hello".to_vec(),
    }
}

#[tokio::test]
async fn registering_follows_the_scheme_and_the_classify_policies() {
    let d = demo().await;
    let (_, daf, daf_actor) = d.user("bfa-daf").await;
    let id = d
        .store()
        .documents()
        .create(
            &d.authorizer,
            &daf_actor,
            &daf,
            &new_document("CD", "weapons_capabilities", "T-1"),
        )
        .await
        .unwrap();
    let permit = d
        .store()
        .documents()
        .authorize::<See>(&d.authorizer, &daf_actor, &daf, id)
        .await
        .unwrap();
    let doc = permit.document();
    assert_eq!(doc.level_code, "CD");
    // The level's 20-year limit is the default declassification date.
    assert_eq!(
        doc.declassify_on.map(|x| x.year()),
        Some(OffsetDateTime::now_utc().year() + 20)
    );
    assert_eq!(doc.classified_by, "bfa-daf");

    let err = d
        .store()
        .documents()
        .create(
            &d.authorizer,
            &daf_actor,
            &daf,
            &new_document("XX", "weapons_capabilities", "T-2"),
        )
        .await
        .unwrap_err();
    assert!(
        matches!(&err, StoreError::Invalid(e) if e.field == "level"),
        "{err}"
    );

    // Tshwane P10: a budget cannot be classified above Restricted distribution.
    let err = d
        .store()
        .documents()
        .create(
            &d.authorizer,
            &daf_actor,
            &daf,
            &new_document("SD", "overall_budget", "T-3"),
        )
        .await
        .unwrap_err();
    assert!(
        matches!(&err, StoreError::Forbidden(m) if m.contains("presumption-of-disclosure")),
        "{err}"
    );

    let mut too_long = new_document("DR", "weapons_capabilities", "T-4");
    too_long.declassify_on = Some(OffsetDateTime::now_utc().date() + Duration::days(365 * 11));
    let err = d
        .store()
        .documents()
        .create(&d.authorizer, &daf_actor, &daf, &too_long)
        .await
        .unwrap_err();
    assert!(
        matches!(&err, StoreError::Invalid(e) if e.field == "declassify_on"),
        "{err}"
    );

    let (_, auditor, auditor_actor) = d.user("bfa-cdc").await;
    let err = d
        .store()
        .documents()
        .create(
            &d.authorizer,
            &auditor_actor,
            &auditor,
            &new_document("DR", "weapons_capabilities", "T-5"),
        )
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Forbidden(_)));

    let dup = d
        .store()
        .documents()
        .create(
            &d.authorizer,
            &daf_actor,
            &daf,
            &new_document("CD", "weapons_capabilities", "T-1"),
        )
        .await
        .unwrap_err();
    assert!(matches!(dup, StoreError::Conflict(_)), "{dup}");
    assert!(
        d.t.store
            .verify_log(&key().verifier(), None)
            .await
            .unwrap()
            .is_ok()
    );
    d.t.cleanup().await.unwrap();
}

fn key() -> vigie_ledger::SigningKey {
    vigie_ledger::SigningKey::from_seed("vigie-test/documents", &[9; 32]).unwrap()
}

#[tokio::test]
async fn an_access_request_is_answered_with_reasons_appealed_and_granted_for_a_time() {
    let d = demo().await;
    let sd = d.id_of("BFA-DAF-2023-007").await;
    let (mp_user, mp, mp_actor) = d.user("bfa-codes").await;
    let (daf_user, daf, daf_actor) = d.user("bfa-daf").await;

    let id = d
        .store()
        .documents()
        .request_access(
            &d.authorizer,
            &mp_actor,
            &mp_user,
            &mp,
            &NewRequest {
                target: RequestTarget::Document(sd),
                legal_basis: "Constitution, art. 84 (contrôle de l'action gouvernementale)".into(),
                purpose: "Examen du projet de loi de règlement".into(),
            },
        )
        .await
        .unwrap();
    let mine = d
        .store()
        .documents()
        .list_requests(&d.authorizer, &mp_user, &mp, RequestView::Mine, None, 100)
        .await
        .unwrap()
        .0;
    assert_eq!(mine.len(), 1);
    assert_eq!(
        mine[0].due_on,
        OffsetDateTime::now_utc().date() + Duration::days(30)
    );
    assert!(!mine[0].overdue);
    let to_answer = d
        .store()
        .documents()
        .list_requests(
            &d.authorizer,
            &daf_user,
            &daf,
            RequestView::ToAnswer,
            None,
            100,
        )
        .await
        .unwrap()
        .0;
    assert_eq!(to_answer.iter().map(|r| r.id).collect::<Vec<_>>(), vec![id]);
    // Other services do not see it.
    let (mli_user, mli, _) = d.user("mli-daf").await;
    assert!(
        d.store()
            .documents()
            .list_requests(
                &d.authorizer,
                &mli_user,
                &mli,
                RequestView::ToAnswer,
                None,
                100
            )
            .await
            .unwrap()
            .0
            .is_empty()
    );

    // The requester may not answer their own request, and no one answers without reasons.
    let err = d
        .store()
        .documents()
        .decide_request(&d.authorizer, &mp_actor, &mp, id, &Answer::Grant, "ok")
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Forbidden(_)), "{err}");
    let err = d
        .store()
        .documents()
        .decide_request(&d.authorizer, &daf_actor, &daf, id, &Answer::Refuse, "  ")
        .await
        .unwrap_err();
    assert!(
        matches!(&err, StoreError::Invalid(e) if e.field == "reasons"),
        "{err}"
    );

    // Granted in part: a redacted version, opened to the requester alone.
    let answered = d
        .store()
        .documents()
        .decide_request(
            &d.authorizer,
            &daf_actor,
            &daf,
            id,
            &Answer::Partial {
                remove: vec!["secteur fictif Bravo".into()],
            },
            "La zone d'opération reste protégée (opérations en cours).",
        )
        .await
        .unwrap();
    assert_eq!(answered.status, RequestStatus::Partial);
    let (version, until) = answered.grants[0];
    assert!(until > OffsetDateTime::now_utc() + Duration::days(89));
    let (mp_user, mp, mp_actor) = d.user("bfa-codes").await; // the grant is read fresh
    let text = String::from_utf8(d.read(&mp, version).await.unwrap()).unwrap();
    assert!(!text.contains("Bravo") && text.contains("retiré"), "{text}");
    assert!(matches!(
        d.read(&mp, sd).await,
        Err(StoreError::Forbidden(_))
    ));
    let (_, colleague, _) = d.user("bfa-cdc").await;
    assert!(
        !colleague.grants.contains(&version.to_string()),
        "a grant is personal"
    );
    // A second answer needs an appeal first.
    let err = d
        .store()
        .documents()
        .decide_request(&d.authorizer, &daf_actor, &daf, id, &Answer::Grant, "ok")
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Conflict(_)));

    let appealed = d
        .store()
        .documents()
        .appeal_request(&mp_actor, &mp_user, id, "La commission siège à huis clos.")
        .await
        .unwrap();
    assert_eq!(appealed.status, RequestStatus::Appealed);
    assert_eq!(
        appealed.due_on,
        OffsetDateTime::now_utc().date() + Duration::days(15)
    );
    let granted = d
        .store()
        .documents()
        .decide_request(
            &d.authorizer,
            &daf_actor,
            &daf,
            id,
            &Answer::Grant,
            "Huis clos garanti.",
        )
        .await
        .unwrap();
    assert_eq!(granted.decisions.len(), 2);
    assert!(granted.decisions[1].on_appeal);
    let (_, mp, _) = d.user("bfa-codes").await;
    assert!(d.read(&mp, sd).await.is_ok());

    // Overdue requests are flagged to both sides.
    let second = d
        .store()
        .documents()
        .request_access(
            &d.authorizer,
            &mp_actor,
            &mp_user,
            &mp,
            &NewRequest {
                target: RequestTarget::Category {
                    service: "BFA-DAF".into(),
                    category: "weapons_capabilities".into(),
                },
                legal_basis: "Règlement de l'Assemblée".into(),
                purpose: "Inventaires".into(),
            },
        )
        .await
        .unwrap();
    d.t.tamper(
        &format!("UPDATE access_requests SET due_on = '2020-01-01' WHERE id = {second}"),
        None,
    )
    .await
    .unwrap();
    let flagged = d
        .store()
        .documents()
        .access_request(&d.authorizer, &daf_user, &daf, second)
        .await
        .unwrap();
    assert!(flagged.overdue);
    let flagged = d
        .store()
        .documents()
        .access_request(&d.authorizer, &mp_user, &mp, second)
        .await
        .unwrap();
    assert!(flagged.overdue);
    // That edit was made behind the log's back: verify says so.
    assert!(
        d.t.store
            .verify_log(&key().verifier(), None)
            .await
            .unwrap()
            .is_err()
    );
    d.t.cleanup().await.unwrap();
}

#[tokio::test]
async fn dates_declassify_and_a_public_version_carries_none_of_the_removed_text() {
    let d = demo().await;
    let old = d.id_of("BFA-DAF-2015-003").await;
    let public = Principal::public();
    assert!(matches!(
        d.read(&public, old).await,
        Err(StoreError::NotFound { .. })
    ));
    let done = d
        .store()
        .documents()
        .declassify_due(&Actor::System, OffsetDateTime::now_utc().date())
        .await
        .unwrap();
    assert_eq!(done.len(), 5, "{done:?}");
    assert!(done.iter().all(|x| x.from_level == "DR"));
    assert!(d.read(&public, old).await.is_ok());
    let permit = d
        .store()
        .documents()
        .authorize::<See>(&d.authorizer, &Actor::System, &public, old)
        .await
        .unwrap();
    let history = d.store().documents().history(&permit).await.unwrap();
    assert_eq!(
        history
            .iter()
            .map(|h| h.action.as_str())
            .collect::<Vec<_>>(),
        vec!["classify", "declassify_due"]
    );
    assert!(
        d.store()
            .documents()
            .declassify_due(&Actor::System, OffsetDateTime::now_utc().date())
            .await
            .unwrap()
            .is_empty()
    );

    let cd = d.id_of("BFA-DAF-2024-014").await;
    let (_, daf, daf_actor) = d.user("bfa-daf").await;
    let (_, mp, mp_actor) = d.user("bfa-codes").await;
    let refused = d
        .store()
        .documents()
        .declassify(
            &d.authorizer,
            &mp_actor,
            &mp,
            cd,
            &Declassify {
                reasons: "x".into(),
                remove: vec![],
            },
        )
        .await;
    assert!(matches!(refused, Err(StoreError::Forbidden(_))));
    let out = d
        .store()
        .documents()
        .declassify(
            &d.authorizer,
            &daf_actor,
            &daf,
            cd,
            &Declassify {
                reasons: "Publication de l'inventaire sans l'emplacement.".into(),
                remove: vec!["site fictif Alpha-7".into()],
            },
        )
        .await
        .unwrap();
    let version = out.public_version.unwrap();
    let text = String::from_utf8(d.read(&public, version).await.unwrap()).unwrap();
    assert!(
        text.contains("Véhicules en service") && !text.contains("Alpha-7"),
        "{text}"
    );
    // The original stays classified.
    assert!(matches!(
        d.read(&public, cd).await,
        Err(StoreError::NotFound { .. })
    ));
    let (docs, _) = d.list(&public, DocumentQuery::default()).await;
    assert!(docs.iter().any(|x| x.id == version) && !docs.iter().any(|x| x.id == cd));

    let report =
        d.t.store
            .verify_log(&key().verifier(), None)
            .await
            .unwrap()
            .unwrap();
    assert!(report.objects > 0);
    // Declassified, versioned, the counts the register keeps still agree.
    listing::counts_agree(&d.t).await;
    d.t.cleanup().await.unwrap();
}
