//! The tamper-evident log: every write has its entry, and `verify_log`
//! catches every edit, deletion, insertion or reordering made directly in
//! the database — in the log and in the data it covers.

use vigie_ledger::{Hash, SigningKey, VerifierKey, verify_consistency, verify_inclusion};
use vigie_store::Actor;
use vigie_store::log::LogProblem;
use vigie_store::testing::TestStore;

fn key() -> SigningKey {
    SigningKey::from_seed("vigie-test/log", &[7; 32]).unwrap()
}

fn verifier() -> VerifierKey {
    key().verifier()
}

async fn demo() -> TestStore {
    let t = TestStore::new().await.unwrap();
    t.store.load_demo().await.unwrap();
    t
}

async fn problem(t: &TestStore, older: Option<&str>) -> LogProblem {
    t.store
        .verify_log(&verifier(), older)
        .await
        .unwrap()
        .expect_err("verify should fail")
}

#[tokio::test]
async fn the_demo_is_logged_and_verifies() {
    let t = demo().await;
    let head = t.store.log_head().await.unwrap();
    // 5 countries, 25 levels, 11 categories, 40 authorities, 64 institutions,
    // 65 users, 2 SIPRI datasets, 1 marker; then 5 mandates, 5 access
    // rules, 43 clearances (5 stewardships and 38 national oversight
    // accounts), 25 documents; then the budget, one entry per
    // country-year (2015–2023 for five countries, NER 2015 missing); then
    // the contracts, one entry per process (140); then governance: 49
    // institution profiles, 1 framework, 15 assessments (5 countries × 3 years);
    // then the conference editions (1), the findings (9), the recommendations
    // (26) and the follow-up meetings (4), one entry each; last, the
    // second factor of the 44 accounts that need one (the 43 cleared and
    // the administrator).
    assert_eq!(
        head.size(),
        5 + 25
            + 11
            + 40
            + 64
            + 65
            + 2
            + 1
            + 5
            + 5
            + 43
            + 25
            + 44
            + 140
            + 49
            + 1
            + 15
            + 1
            + 9
            + 26
            + 4
            + 44
    );
    let note = t.store.log_checkpoint(&key()).await.unwrap();
    let checkpoint = verifier().verify(&note).unwrap();
    assert_eq!(
        (checkpoint.size, checkpoint.root),
        (head.size(), head.root())
    );
    let report = t
        .store
        .verify_log(&verifier(), Some(&note))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(report.size, head.size());
    assert_eq!(report.objects as u64, head.size(), "every object checked");
    assert_eq!(report.checkpoints, 1);
    t.cleanup().await.unwrap();
}

#[tokio::test]
async fn writes_append_entries_and_proofs_verify_offline() {
    let t = demo().await;
    let old = t.store.log_checkpoint(&key()).await.unwrap();
    let old = verifier().verify(&old).unwrap();
    // An observer, whom the password alone signs in.
    let user = t
        .store
        .user_by_username(&"bfa-osc-illustr".parse().unwrap())
        .await
        .unwrap()
        .unwrap();
    let (secret, _) = t
        .store
        .create_session(&user, time::Duration::hours(1))
        .await
        .unwrap();
    t.store.delete_session(&secret).await.unwrap();
    t.store
        .create_api_token(&Actor::Cli, &user.username, "script")
        .await
        .unwrap();
    let head = t.store.log_head().await.unwrap();
    assert_eq!(head.size(), old.size + 3, "sign-in, sign-out, token");

    let entries = t.store.log_entries(old.size, head.size()).await.unwrap();
    let actions: Vec<String> = entries
        .iter()
        .map(|(_, leaf)| vigie_ledger::Entry::decode(leaf).unwrap().action)
        .collect();
    assert_eq!(actions, ["sign_in", "sign_out", "create"]);

    for (index, leaf) in &entries {
        let proof = t
            .store
            .log_inclusion_proof(*index, head.size())
            .await
            .unwrap();
        verify_inclusion(
            *index,
            head.size(),
            vigie_ledger::leaf_hash(leaf),
            &proof,
            head.root(),
        )
        .unwrap();
    }
    let proof = t
        .store
        .log_consistency_proof(old.size, head.size())
        .await
        .unwrap();
    verify_consistency(old.size, head.size(), old.root, head.root(), &proof).unwrap();
    assert!(
        t.store
            .log_inclusion_proof(0, head.size() + 1)
            .await
            .is_err(),
        "no proof past the head"
    );
    t.cleanup().await.unwrap();
}

#[tokio::test]
async fn an_edited_entry_is_caught() {
    let t = demo().await;
    let (_, leaf) = t.store.log_entries(10, 11).await.unwrap().remove(0);
    let mut forged = leaf.clone();
    *forged.last_mut().unwrap() ^= 1;
    t.tamper(
        "UPDATE log_entries SET leaf = $1 WHERE idx = 10",
        Some(forged),
    )
    .await
    .unwrap();
    assert_eq!(
        problem(&t, None).await,
        LogProblem::Entry {
            index: 10,
            reason: "its leaf hash does not match its bytes".into()
        }
    );
    // Fixing the leaf hash too does not help: the stored nodes disagree.
    let t2 = demo().await;
    let mut forged = leaf;
    *forged.last_mut().unwrap() ^= 1;
    t2.tamper(
        "UPDATE log_entries SET leaf = $1 WHERE idx = 10",
        Some(forged.clone()),
    )
    .await
    .unwrap();
    let hash = vigie_ledger::leaf_hash(&forged).0.to_vec();
    t2.tamper(
        "UPDATE log_entries SET leaf_hash = $1 WHERE idx = 10",
        Some(hash),
    )
    .await
    .unwrap();
    assert!(matches!(
        problem(&t2, None).await,
        LogProblem::Entry { index: 10, .. } | LogProblem::Derived(_)
    ));
    t.cleanup().await.unwrap();
    t2.cleanup().await.unwrap();
}

#[tokio::test]
async fn an_edited_column_is_caught() {
    let t = demo().await;
    t.tamper(
        "UPDATE log_entries SET actor = 'someone-else' WHERE idx = 3",
        None,
    )
    .await
    .unwrap();
    assert_eq!(
        problem(&t, None).await,
        LogProblem::Entry {
            index: 3,
            reason: "its columns disagree with its signed bytes".into()
        }
    );
    t.cleanup().await.unwrap();
}

#[tokio::test]
async fn a_deleted_entry_is_caught() {
    let t = demo().await;
    t.tamper("DELETE FROM log_entries WHERE idx = 40", None)
        .await
        .unwrap();
    assert_eq!(
        problem(&t, None).await,
        LogProblem::Entry {
            index: 40,
            reason: "missing (the next stored entry is 41)".into()
        }
    );
    t.cleanup().await.unwrap();
}

#[tokio::test]
async fn reordered_entries_are_caught() {
    let t = demo().await;
    t.tamper("UPDATE log_entries SET idx = -1 WHERE idx = 20", None)
        .await
        .unwrap();
    t.tamper("UPDATE log_entries SET idx = 20 WHERE idx = 21", None)
        .await
        .unwrap();
    t.tamper("UPDATE log_entries SET idx = 21 WHERE idx = -1", None)
        .await
        .unwrap();
    assert!(
        matches!(problem(&t, None).await, LogProblem::Derived(_)),
        "the stored nodes no longer match"
    );
    t.cleanup().await.unwrap();
}

#[tokio::test]
async fn an_inserted_entry_is_caught() {
    let t = demo().await;
    let size = t.store.log_head().await.unwrap().size();
    // A well-formed entry, with its correct leaf hash, blaming a user for
    // something they never did.
    let fake = vigie_ledger::Entry {
        time_ms: 0,
        actor_user: "bfa-codes".into(),
        actor_institution: "BFA-CODES".into(),
        action: "read".into(),
        object_type: "document".into(),
        object_id: "1".into(),
        content_hash: None,
        decision: None,
        salt: None,
    }
    .encode();
    let sql = format!(
        "INSERT INTO log_entries (idx, leaf, leaf_hash, actor, action, object_type, object_id) \
         VALUES ({size}, $1, $1, 'bfa-codes', 'read', 'document', '1')"
    );
    t.tamper(&sql, Some(fake.clone())).await.unwrap();
    let hash = vigie_ledger::leaf_hash(&fake).0.to_vec();
    t.tamper(
        &format!("UPDATE log_entries SET leaf_hash = $1 WHERE idx = {size}"),
        Some(hash),
    )
    .await
    .unwrap();
    assert_eq!(
        problem(&t, None).await,
        LogProblem::Derived("the log head does not match the entries".into())
    );
    t.cleanup().await.unwrap();
}

#[tokio::test]
async fn a_rewritten_tail_is_caught_by_a_checkpoint_kept_outside() {
    let t = demo().await;
    let user = t
        .store
        .user_by_username(&"mli-bvg".parse().unwrap())
        .await
        .unwrap()
        .unwrap();
    t.store
        .create_session(&user, time::Duration::hours(1))
        .await
        .unwrap();
    let kept = t.store.log_checkpoint(&key()).await.unwrap();
    let size = verifier().verify(&kept).unwrap().size;
    // An administrator removes the last entry, the node it completed, the
    // stored checkpoints, and rebuilds the head: the database is
    // self-consistent again…
    t.tamper(
        &format!("DELETE FROM log_entries WHERE idx = {}", size - 1),
        None,
    )
    .await
    .unwrap();
    t.tamper("DELETE FROM log_checkpoints", None).await.unwrap();
    t.tamper("DELETE FROM log_nodes", None).await.unwrap();
    let mut rebuilt = vigie_ledger::Frontier::default();
    for (_, leaf) in all_entries(&t, size - 1).await {
        // (Vigie keeps the subtrees at the tile levels, heights 8, 16…)
        for (node, hash) in rebuilt
            .push(vigie_ledger::leaf_hash(&leaf))
            .into_iter()
            .filter(|(n, _)| n.level % 8 == 0)
        {
            let sql = format!(
                "INSERT INTO log_nodes (level, idx, hash) VALUES ({}, {}, $1)",
                node.level, node.index
            );
            t.tamper(&sql, Some(hash.0.to_vec())).await.unwrap();
        }
    }
    let sql = format!(
        "UPDATE log_head SET size = {}, frontier = $1 WHERE id = 1",
        size - 1
    );
    t.tamper(&sql, Some(rebuilt.to_bytes())).await.unwrap();
    assert!(
        t.store.verify_log(&verifier(), None).await.unwrap().is_ok(),
        "self-consistent without the kept checkpoint"
    );
    // …but not with the checkpoint the oversight body kept.
    assert!(
        matches!(problem(&t, Some(&kept)).await, LogProblem::Checkpoint { size: s, .. } if s == size)
    );
    t.cleanup().await.unwrap();
}

async fn all_entries(t: &TestStore, size: u64) -> Vec<(u64, Vec<u8>)> {
    let mut out = Vec::new();
    while (out.len() as u64) < size {
        let start = out.len() as u64;
        out.extend(t.store.log_entries(start, size).await.unwrap());
    }
    out
}

#[tokio::test]
async fn data_changed_behind_the_log_is_caught() {
    let cases = [
        (
            "UPDATE institutions SET name_fr = 'Autre nom' WHERE code = 'MLI-BVG'",
            "institution",
            "MLI-BVG",
            "changed outside the log",
        ),
        (
            "UPDATE users SET disabled = TRUE WHERE username = 'bfa-codes'",
            "user",
            "bfa-codes",
            "changed outside the log",
        ),
        (
            "DELETE FROM user_roles WHERE user_id = (SELECT id FROM users WHERE username = 'admin')",
            "user",
            "admin",
            "changed outside the log",
        ),
        (
            "UPDATE sipri_observations SET value = '1' WHERE country = 'NER' AND year = 2020 AND indicator = 'milex_current_usd'",
            "sipri_dataset",
            "sipri-2023",
            "changed outside the log",
        ),
        (
            "DELETE FROM classification_authorities WHERE country = 'TCD' AND level = 'TSD' AND action = 'declassify'",
            "classification_authority",
            "TCD/TSD/declassify",
            "deleted outside the log",
        ),
        (
            "UPDATE governance_legal_texts SET date = '2012-02-09' WHERE institution = 'MLI-BVG'",
            "institution_profile",
            "MLI-BVG",
            "changed outside the log",
        ),
        (
            "UPDATE assessment_scores SET score = 4 WHERE country = 'NER' AND year = 2023 AND question = 'EC3'",
            "assessment",
            "VIGIE-GOV@1/NER/2023",
            "changed outside the log",
        ),
        (
            "UPDATE assessment_frameworks SET title_en = 'Other' WHERE code = 'VIGIE-GOV'",
            "assessment_framework",
            "VIGIE-GOV@1",
            "changed outside the log",
        ),
        (
            "INSERT INTO countries (code, iso2, name_fr, name_en, currency) VALUES ('SEN', 'SN', 'Sénégal', 'Senegal', 'XOF')",
            "country",
            "SEN",
            "stored without any log entry",
        ),
    ];
    for (sql, kind, id, reason) in cases {
        let t = demo().await;
        t.tamper(sql, None).await.unwrap();
        match problem(&t, None).await {
            LogProblem::Object {
                object_type,
                object_id,
                reason: r,
                ..
            } => {
                assert_eq!(
                    (object_type.as_str(), object_id.as_str()),
                    (kind, id),
                    "{sql}"
                );
                assert!(r.contains(reason), "{sql}: {r}");
            }
            other => panic!("{sql}: {other}"),
        }
        t.cleanup().await.unwrap();
    }
}

#[tokio::test]
async fn a_forged_stored_checkpoint_is_caught() {
    let t = demo().await;
    t.store.log_checkpoint(&key()).await.unwrap();
    let head = t.store.log_head().await.unwrap();
    // Signed by another key: refused.
    let other = SigningKey::from_seed("vigie-test/log", &[8; 32]).unwrap();
    let cp = vigie_ledger::Checkpoint {
        origin: "vigie-test/log".into(),
        size: 3,
        root: Hash::empty(),
    };
    t.tamper_text("INSERT INTO log_checkpoints (size, note, created_at) SELECT 3, $1, created_at FROM log_checkpoints", &other.sign(&cp))
        .await
        .unwrap();
    assert!(matches!(
        problem(&t, None).await,
        LogProblem::Checkpoint { size: 3, .. }
    ));
    // Signed by the right key but with a root the entries do not give: refused.
    t.tamper("DELETE FROM log_checkpoints WHERE size = 3", None)
        .await
        .unwrap();
    let wrong = key().sign(&vigie_ledger::Checkpoint {
        origin: "vigie-test/log".into(),
        size: 3,
        root: head.root(),
    });
    t.tamper_text("INSERT INTO log_checkpoints (size, note, created_at) SELECT 3, $1, created_at FROM log_checkpoints", &wrong)
        .await
        .unwrap();
    assert_eq!(
        problem(&t, None).await,
        LogProblem::Checkpoint {
            size: 3,
            reason: "the stored checkpoint's root does not match the entries".into()
        }
    );
    t.cleanup().await.unwrap();
}

/// A new table must say how the log covers it: vouched for as an object
/// kind (`log::state::TRACKED`, checked by `verify_log`), part of one
/// (`user_roles` belongs to `user`), or exempt with a reason here.
#[tokio::test]
async fn every_table_is_vouched_for_by_the_log_or_exempt_on_purpose() {
    let t = TestStore::new().await.unwrap();
    let covered = [
        ("countries", "country"),
        ("classification_levels", "classification_level"),
        ("classification_categories", "classification_category"),
        ("classification_authorities", "classification_authority"),
        ("institutions", "institution"),
        ("users", "user"),
        ("user_roles", "user"),
        ("api_tokens", "api_token"),
        ("sipri_observations", "sipri_dataset"),
        ("instance_meta", "instance_meta"),
        ("clearances", "clearance"),
        ("mandates", "mandate"),
        ("access_rules", "access_rule"),
        ("documents", "document"),
        ("document_history", "document"),
        ("access_requests", "access_request"),
        ("access_decisions", "access_request"),
        ("access_grants", "access_request"),
        ("budget_lines", "budget_year"),
        ("ocds_releases", "procurement_process"),
        ("procurement_processes", "procurement_process"),
        ("procurement_suppliers", "procurement_process"),
        ("governance_profiles", "institution_profile"),
        ("governance_legal_texts", "institution_profile"),
        ("governance_reporting_lines", "institution_profile"),
        ("assessment_frameworks", "assessment_framework"),
        ("assessments", "assessment"),
        ("assessment_scores", "assessment"),
        ("conferences", "conference"),
        ("conference_sessions", "conference"),
        ("conference_roles", "conference"),
        ("conference_institutions", "conference"),
        ("conference_participants", "conference"),
        ("conference_documents", "conference"),
        ("findings", "finding"),
        ("finding_referrals", "finding"),
        ("recommendations", "recommendation"),
        ("recommendation_countries", "recommendation"),
        ("recommendation_addressees", "recommendation"),
        ("recommendation_milestones", "recommendation"),
        ("recommendation_evidence", "recommendation"),
        ("recommendation_history", "recommendation"),
        ("meetings", "meeting"),
        ("meeting_participants", "meeting"),
        ("meeting_recommendations", "meeting"),
        ("recovery_codes", "second_factor"),
    ];
    let exempt = [
        // Sign-in and sign-out are logged as events; rows expire and are purged.
        "sessions",
        // Half-done sign-ins: ten minutes, then purged; the sign-in they
        // end in is logged.
        "sign_in_challenges",
        // The log itself, recomputed by verify.
        "log_entries",
        "log_nodes",
        "log_head",
        "log_checkpoints",
        // Sign-in attempts per account and client for fifteen minutes,
        // then purged: counters, keyed by hashes, that name no one.
        "sign_in_attempts",
        // sqlx's bookkeeping.
        "_sqlx_migrations",
        // The budget's sums per year and level, and per programme
        // (migration 0020): derived from `budget_lines`, which is tracked,
        // by triggers.
        "budget_totals",
        "budget_program_totals",
        // The recommendations per set of countries, theme, source and
        // status (migration 0021): derived from `recommendations` and
        // `recommendation_countries`, which are tracked, by triggers.
        "recommendation_counts",
        // The findings' statistics per country, year and currency
        // (migration 0023): derived from `findings` and
        // `finding_referrals`, which are tracked, by triggers (and the
        // view of a finding's key they share).
        "finding_statistics",
        "finding_statistics_keys",
        // A counter of procurement imports (migration 0022), the key of
        // what the pages derive from the register, which is tracked.
        "procurement_version",
        // The register's counts (migration 0019) and SQLite's search index
        // of it (migration 0017): derived from `documents`, which is
        // tracked, by triggers.
        "documents_counts",
        "documents_search",
        "documents_search_config",
        "documents_search_data",
        "documents_search_docsize",
        "documents_search_idx",
    ];
    for (_, kind) in covered {
        assert!(vigie_store::log::state::TRACKED.contains(&kind), "{kind}");
    }
    for table in t.table_names().await.unwrap() {
        let known =
            covered.iter().any(|(name, _)| *name == table) || exempt.contains(&table.as_str());
        assert!(
            known,
            "table `{table}`: add it to log::state::TRACKED (and verify) or exempt it here, with a reason"
        );
    }
    t.cleanup().await.unwrap();
}

#[tokio::test]
async fn a_forged_stored_subtree_hash_is_caught() {
    let t = demo().await;
    // Past 256 entries the log keeps its first height-8 subtree.
    let events: Vec<vigie_store::log::Event> = (0..200)
        .map(|i| vigie_store::log::Event {
            action: "read",
            object_type: "document",
            object_id: i.to_string(),
            decision: None,
        })
        .collect();
    t.store
        .record_events(&Actor::System, &events)
        .await
        .unwrap();
    assert!(t.store.verify_log(&verifier(), None).await.unwrap().is_ok());
    assert_eq!(
        t.tamper(
            "UPDATE log_nodes SET hash = $1 WHERE level = 8 AND idx = 0",
            Some(vec![0; 32])
        )
        .await
        .unwrap(),
        1
    );
    assert_eq!(
        problem(&t, None).await,
        LogProblem::Derived("stored node 8/0 (leaves from 0) does not match the entries".into())
    );
    t.cleanup().await.unwrap();
}

/// Writers racing on the trail each get the index their entries really
/// have: the ranges they are told tile the log, none twice.
#[tokio::test]
async fn racing_writers_are_each_told_where_their_entries_are() {
    let t = TestStore::new().await.unwrap();
    let start = t.store.log_head().await.unwrap().size();
    let store = std::sync::Arc::new(t.store.clone());
    let tasks: Vec<_> = (0..16)
        .map(|w| {
            let store = store.clone();
            tokio::spawn(async move {
                let events: Vec<vigie_store::log::Event> = (0..3)
                    .map(|i| vigie_store::log::Event {
                        action: "see",
                        object_type: "race",
                        object_id: format!("{w}-{i}"),
                        decision: None,
                    })
                    .collect();
                let first = store.record_events(&Actor::System, &events).await.unwrap();
                (first, w)
            })
        })
        .collect();
    let mut told = Vec::new();
    for task in tasks {
        told.push(task.await.unwrap());
    }
    told.sort();
    let firsts: Vec<u64> = told.iter().map(|(first, _)| *first).collect();
    let expected: Vec<u64> = (0..16).map(|k| start + 3 * k).collect();
    assert_eq!(firsts, expected);
    // And each writer's entries are where it was told.
    for (first, w) in told {
        let rows = t.store.log_entries(first, first + 3).await.unwrap();
        for (i, (_, leaf)) in rows.iter().enumerate() {
            let entry = vigie_ledger::Entry::decode(leaf).unwrap();
            assert_eq!(entry.object_id, format!("{w}-{i}"));
        }
    }
    t.cleanup().await.unwrap();
}
