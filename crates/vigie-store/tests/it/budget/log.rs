//! The log vouches for every country-year: changes behind its back are caught.

use super::*;

#[tokio::test]
async fn budget_lines_changed_behind_the_logs_back_are_caught() {
    let env = demo().await;
    env.verify().await.unwrap();
    let one = "(SELECT MIN(id) FROM budget_lines WHERE country = 'BFA' AND fiscal_year = 2023)";
    assert_eq!(
        env.t
            .tamper(
                &format!(
                    "UPDATE budget_lines SET amount_minor = amount_minor + 1 WHERE id = {one}"
                ),
                None
            )
            .await
            .unwrap(),
        1
    );
    match env.verify().await {
        Err(LogProblem::Object {
            object_type,
            object_id,
            index,
            reason,
        }) => {
            assert_eq!(
                (object_type.as_str(), object_id.as_str()),
                ("budget_year", "BFA:2023")
            );
            assert!(index.is_some());
            assert!(reason.contains("changed outside the log"), "{reason}");
        }
        other => panic!("expected BFA:2023 to be reported, got {other:?}"),
    }
    // Put back, it verifies again.
    env.t
        .tamper(
            &format!("UPDATE budget_lines SET amount_minor = amount_minor - 1 WHERE id = {one}"),
            None,
        )
        .await
        .unwrap();
    env.verify().await.unwrap();

    // A classification lowered is caught the same way.
    env.t
        .tamper(
            "UPDATE budget_lines SET rank = 0 WHERE country = 'MLI' AND fiscal_year = 2019 AND rank = 3",
            None,
        )
        .await
        .unwrap();
    match env.verify().await {
        Err(LogProblem::Object { object_id, .. }) => assert_eq!(object_id, "MLI:2019"),
        other => panic!("expected MLI:2019 to be reported, got {other:?}"),
    }
    env.t
        .tamper(
            "UPDATE budget_lines SET rank = 3 WHERE country = 'MLI' AND fiscal_year = 2019 AND action LIKE '%lot classifié B%'",
            None,
        )
        .await
        .unwrap();
    env.verify().await.unwrap();

    // A year added behind the log's back has no entry at all.
    env.t
        .tamper(
            "INSERT INTO budget_lines (country, fiscal_year, scope, section, program, action, nature, cofog, \
             stage, law, amount_minor, currency, rank) \
             VALUES ('BFA', 2030, 'sector', 'S', 'P', '', 'personnel', '', 'initial', '', 5, 'XOF', 0)",
            None,
        )
        .await
        .unwrap();
    match env.verify().await {
        Err(LogProblem::Object {
            object_type,
            object_id,
            index,
            ..
        }) => {
            assert_eq!(
                (object_type.as_str(), object_id.as_str(), index),
                ("budget_year", "BFA:2030", None)
            );
        }
        other => panic!("expected BFA:2030 to be reported, got {other:?}"),
    }
    env.t
        .tamper("DELETE FROM budget_lines WHERE fiscal_year = 2030", None)
        .await
        .unwrap();
    env.verify().await.unwrap();

    // A whole year deleted is missed by nobody.
    env.t
        .tamper(
            "DELETE FROM budget_lines WHERE country = 'NER' AND fiscal_year = 2016",
            None,
        )
        .await
        .unwrap();
    match env.verify().await {
        Err(LogProblem::Object {
            object_id, reason, ..
        }) => {
            assert_eq!(object_id, "NER:2016");
            assert!(reason.contains("deleted outside the log"), "{reason}");
        }
        other => panic!("expected NER:2016 to be reported, got {other:?}"),
    }
    env.cleanup().await;
}
