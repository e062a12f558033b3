//! Answers given at the same moment: exactly one is written.

use super::*;

/// Two authorities answer the same request at the same moment, one
/// refusing and one granting: exactly one answer is written, with its
/// grants or none, and one log entry; the other is a conflict. Then two
/// appeals at once make one appeal.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_decisions_on_one_request_write_exactly_one() {
    let d = demo().await;
    let sd = d.id_of("BFA-DAF-2023-007").await;
    let (mp_user, mp, mp_actor) = d.user("bfa-codes").await;
    let (_, daf, daf_actor) = d.user("bfa-daf").await;
    let mut outcomes = std::collections::BTreeMap::new();
    for round in 0..20 {
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
                    legal_basis: "Constitution, art. 84".into(),
                    purpose: format!("Round {round}"),
                },
            )
            .await
            .unwrap();
        let before = d.store().log_head().await.unwrap().size();
        let (refused, granted) = tokio::join!(
            d.store().documents().decide_request(
                &d.authorizer,
                &daf_actor,
                &daf,
                id,
                &Answer::Refuse,
                "Non."
            ),
            d.store().documents().decide_request(
                &d.authorizer,
                &daf_actor,
                &daf,
                id,
                &Answer::Grant,
                "Oui."
            ),
        );
        let after = d.store().log_head().await.unwrap().size();
        let winner = match (&refused, &granted) {
            (Ok(_), Err(StoreError::Conflict(_))) => RequestStatus::Refused,
            (Err(StoreError::Conflict(_)), Ok(_)) => RequestStatus::Granted,
            other => panic!("round {round}: not exactly one decision: {other:?}"),
        };
        *outcomes.entry(format!("{winner:?}")).or_insert(0) += 1;
        let request = d
            .store()
            .documents()
            .access_request(&d.authorizer, &mp_user, &mp, id)
            .await
            .unwrap();
        assert_eq!(request.status, winner, "round {round}");
        assert_eq!(request.decisions.len(), 1, "round {round}");
        let expected_grants = usize::from(winner == RequestStatus::Granted);
        assert_eq!(request.grants.len(), expected_grants, "round {round}");
        assert_eq!(after - before, 1, "round {round}: one log entry");

        if winner == RequestStatus::Refused {
            let (first, second) = tokio::join!(
                d.store()
                    .documents()
                    .appeal_request(&mp_actor, &mp_user, id, "Premier appel."),
                d.store()
                    .documents()
                    .appeal_request(&mp_actor, &mp_user, id, "Second appel."),
            );
            assert!(
                matches!(
                    (&first, &second),
                    (Ok(_), Err(StoreError::Conflict(_))) | (Err(StoreError::Conflict(_)), Ok(_))
                ),
                "round {round}: {first:?} / {second:?}"
            );
        }
    }
    eprintln!("winners over 20 rounds: {outcomes:?}");
    assert!(
        d.t.store
            .verify_log(&key().verifier(), None)
            .await
            .unwrap()
            .is_ok()
    );
    d.t.cleanup().await.unwrap();
}
