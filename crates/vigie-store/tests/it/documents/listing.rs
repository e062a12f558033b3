//! The register as a list: what the database filter admits against Cedar,
//! the counts kept at write time, and search.

use vigie_policy::Principal;
use vigie_store::documents::{Document, DocumentQuery, NewDocument};
use vigie_store::testing::TestStore;

use super::{demo, new_document};

/// The counts kept at write time (migration 0019) are the register's.
pub(super) async fn counts_agree(t: &TestStore) {
    let key = "country || '/' || producing_service || '/' || CAST(rank AS TEXT) || '/' || category";
    let counted = t
        .text_pairs(&format!(
            "SELECT {key}, CAST(COUNT(*) AS TEXT) FROM documents GROUP BY {key} ORDER BY 1"
        ))
        .await
        .unwrap();
    let kept = t
        .text_pairs(&format!(
            "SELECT {key}, CAST(n AS TEXT) FROM documents_counts WHERE n <> 0 ORDER BY 1"
        ))
        .await
        .unwrap();
    assert!(!counted.is_empty());
    assert_eq!(kept, counted);
}

/// The database pre-filter of the register, against Cedar deciding every
/// row: random documents, random principals, the same answer.
#[tokio::test]
async fn the_database_filter_lists_exactly_what_cedar_permits() {
    use rand::{Rng, SeedableRng};
    let d = demo().await;
    let mut rng = rand::rngs::StdRng::seed_from_u64(20261129);
    let (_, daf, daf_actor) = d.user("bfa-daf").await;
    let (_, mli_daf, mli_actor) = d.user("mli-daf").await;
    for n in 0..60 {
        let (who, actor) = if rng.random_bool(0.5) {
            (&daf, &daf_actor)
        } else {
            (&mli_daf, &mli_actor)
        };
        let level = ["NC", "DR", "CD", "SD", "TSD"][rng.random_range(0..5)];
        let mut doc = new_document(level, "weapons_capabilities", &format!("R-{n}"));
        doc.country = who.country.unwrap();
        doc.dated = Some(
            time::Date::from_calendar_date(rng.random_range(2022..2026), time::Month::May, 1)
                .unwrap(),
        );
        d.store()
            .documents()
            .create(&d.authorizer, actor, who, &doc)
            .await
            .unwrap();
    }
    let all: Vec<Document> = {
        let mut everything = Principal::public();
        everything.roles = vec![vigie_domain::Role::Producer];
        let mut out = Vec::new();
        for name in ["bfa-daf", "mli-daf", "mrt-daf", "ner-daf", "tcd-daf"] {
            let (_, p, _) = d.user(name).await;
            let (docs, _) = d
                .list(
                    &p,
                    DocumentQuery {
                        per_page: 100,
                        ..DocumentQuery::default()
                    },
                )
                .await;
            out.extend(
                docs.into_iter()
                    .filter(|x| x.producing_service == p.institution || x.level.is_public()),
            );
        }
        out.sort_by_key(|x| x.id);
        out.dedup_by_key(|x| x.id);
        out
    };
    let names = [
        "bfa-cdc",
        "bfa-codes",
        "bfa-daf",
        "mli-daf",
        "mli-bvg",
        "bfa-osc-illustr",
        "unowas",
        "admin",
        "ptf-fra",
    ];
    for name in names {
        let (_, mut p, _) = d.user(name).await;
        for _ in 0..4 {
            p.clearance = rng.random_range(0..5);
            p.grants = all
                .iter()
                .filter(|_| rng.random_bool(0.05))
                .map(|x| x.id.to_string())
                .collect();
            let expected: Vec<i64> = all
                .iter()
                .filter(|x| {
                    d.authorizer
                        .decide(&p, vigie_policy::Action::List, &x.resource(), None)
                        .permit
                })
                .map(|x| x.id)
                .collect();
            let (listed, total) = d.list(&p, DocumentQuery::default()).await;
            let mut got: Vec<i64> = listed.iter().map(|x| x.id).collect();
            got.sort_unstable();
            assert_eq!(
                got, expected,
                "{name} clearance {} grants {:?}",
                p.clearance, p.grants
            );
            assert_eq!(total as usize, expected.len());
        }
    }
    counts_agree(&d.t).await;
    d.t.cleanup().await.unwrap();
}

/// Search finds exactly the titles or references holding the text, any
/// case, through the trigram index (migration 0017) or, for one or two
/// characters, by a scan: the characters `LIKE` and FTS5 treat specially
/// are only text here, and a document registered later is found at once.
#[tokio::test]
async fn search_finds_every_title_or_reference_holding_the_text_and_nothing_else() {
    let d = demo().await;
    let (_, daf, daf_actor) = d.user("bfa-daf").await;
    let titles = [
        ("S-1", "Carburant des unités du Nord"),
        ("S-2", "Taux d'exécution : 100% des crédits"),
        ("S-3", "Note \"spéciale\" sur les VÉHICULES"),
        ("S-4", "Entretien_des aéronefs (AND OR NOT)"),
        ("S-5", "carburant* et lubrifiants"),
    ];
    for (reference, title) in titles {
        let doc = NewDocument {
            title: title.into(),
            ..new_document("NC", "overall_budget", reference)
        };
        d.store()
            .documents()
            .create(&d.authorizer, &daf_actor, &daf, &doc)
            .await
            .unwrap();
    }
    let ours = |docs: &[Document]| -> Vec<String> {
        let mut r: Vec<String> = docs
            .iter()
            .filter(|doc| doc.reference.starts_with("S-"))
            .map(|doc| doc.reference.clone())
            .collect();
        r.sort();
        r
    };
    for text in [
        "carburant",
        "CARBURANT",
        "nord",
        "100%",
        "0%",
        "_des",
        "\"spéciale\"",
        "véhicules",
        "AND OR NOT",
        "carburant*",
        "s-3",
        "S-",
        "%",
        "zzz",
    ] {
        let (found, total) = d
            .list(
                &daf,
                DocumentQuery {
                    text: Some(text.into()),
                    ..DocumentQuery::default()
                },
            )
            .await;
        let needle = text.to_lowercase();
        let mut expected: Vec<String> = titles
            .iter()
            .filter(|(r, t)| {
                t.to_lowercase().contains(&needle) || r.to_lowercase().contains(&needle)
            })
            .map(|(r, _)| (*r).to_owned())
            .collect();
        expected.sort();
        assert_eq!(ours(&found), expected, "search {text:?}");
        assert_eq!(total, found.len() as u64, "search {text:?}: the count");
    }
}
