//! The dashboard's figures: a hand-computed example, and the counts kept at
//! write time against the listed recommendations under every filter.

use super::*;

/// The example of the domain's dashboard test, stored and listed:
/// MLI: implemented, partially, not accepted, in progress (shared with NER);
/// NER: implemented; BFA: not started. Rate overall (2 + ½) / 5 = 0.5.
#[tokio::test]
async fn the_dashboard_counts_what_is_stored_as_computed_by_hand() {
    let t = reference().await;
    let hist = |to: &[&str]| -> Value {
        let mut steps = vec![];
        for (i, s) in to.iter().enumerate() {
            steps.push(json!({"to": s, "reason": "r", "by": "dcaf", "institution": "DCAF", "on": format!("2022-0{}-01", i + 1)}));
        }
        Value::Array(steps)
    };
    let make = |code: &str, countries: &[&str], theme: &str, source: &str, history: Value| {
        let mut r = rec(code);
        r["countries"] = json!(countries);
        r["theme"] = json!(theme);
        if source != "conference_workshop" {
            r.as_object_mut().unwrap().remove("workshop");
            r["source"] = json!(source);
            r["finding"] = json!(if source == "audit" {
                "FND-MLI-BVG-2014-01"
            } else {
                "FND-NER-IGA-2020-01"
            });
        }
        r["history"] = history;
        r
    };
    let recs = [
        make(
            "R1",
            &["MLI"],
            "procurement",
            "conference_workshop",
            hist(&["implemented"]),
        ),
        make(
            "R2",
            &["MLI"],
            "procurement",
            "audit",
            hist(&["in_progress", "partially_implemented"]),
        ),
        make(
            "R3",
            &["MLI"],
            "judicial_followup",
            "audit",
            hist(&["not_accepted"]),
        ),
        make(
            "R4",
            &["MLI", "NER"],
            "partners",
            "conference_workshop",
            hist(&["in_progress"]),
        ),
        make(
            "R5",
            &["NER"],
            "procurement",
            "inspection",
            hist(&["implemented"]),
        ),
        make(
            "R6",
            &["BFA"],
            "parliamentary_control",
            "conference_workshop",
            hist(&[]),
        ),
    ];
    import(&t, &recs).await.unwrap();
    let rows = t
        .store
        .recommendations()
        .list(&RecommendationFilter::default())
        .await
        .unwrap();
    let d = Dashboard::of(&dashboard_items(&rows));
    assert_eq!(d.overall, StatusCounts([1, 1, 1, 2, 1]));
    assert_eq!(
        d.overall.implementation_rate(),
        Some("0.5".parse().unwrap())
    );
    assert_eq!(
        d.by_country[&CountryCode::MLI],
        StatusCounts([0, 1, 1, 1, 1])
    );
    assert_eq!(
        d.by_country[&CountryCode::BFA].implementation_rate(),
        Some("0".parse().unwrap())
    );
    assert_eq!(
        d.by_source[&SourceKind::Audit],
        StatusCounts([0, 0, 1, 0, 1])
    );
    assert_eq!(
        d.by_theme[&Theme::JudicialFollowup].implementation_rate(),
        None
    );
    // Filters: country, status, theme, source.
    let codes = |f: RecommendationFilter| {
        let store = t.store.clone();
        async move {
            store
                .recommendations()
                .list(&f)
                .await
                .unwrap()
                .into_iter()
                .map(|r| r.code)
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(
        codes(RecommendationFilter {
            country: Some("NER".into()),
            ..Default::default()
        })
        .await,
        ["R4", "R5"]
    );
    assert_eq!(
        codes(RecommendationFilter {
            status: Some("implemented".into()),
            ..Default::default()
        })
        .await,
        ["R1", "R5"]
    );
    assert_eq!(
        codes(RecommendationFilter {
            theme: Some("procurement".into()),
            source: Some("audit".into()),
            ..Default::default()
        })
        .await,
        ["R2"]
    );
    t.cleanup().await.unwrap();
}

/// The dashboard read from the counts kept at write time (migration 0021)
/// is `Dashboard::of` over the listed recommendations, under every filter,
/// after imports, status changes and deletions; and the list walked a page
/// at a time is the whole list.
#[tokio::test]
async fn the_kept_counts_give_the_dashboard_of_the_listed_recommendations_under_any_filter() {
    use rand::{Rng, SeedableRng};
    // `reference()` deleted the demo's recommendations, countries first:
    // the counts' delete paths.
    let t = reference().await;
    let mut rng = rand::rngs::StdRng::seed_from_u64(20261207);
    let countries = ["BFA", "MLI", "MRT", "NER", "TCD"];
    let histories: [&[&str]; 5] = [
        &[],
        &["in_progress"],
        &["implemented"],
        &["in_progress", "partially_implemented"],
        &["not_accepted"],
    ];
    let sources = [
        ("conference_workshop", None),
        ("audit", Some("FND-MLI-BVG-2014-01")),
        ("inspection", Some("FND-NER-IGA-2020-01")),
    ];
    let mut recs = Vec::new();
    for i in 0..80 {
        let mut r = rec(&format!("P-{i:03}"));
        let mut these: Vec<&str> = countries
            .iter()
            .copied()
            .filter(|_| rng.random_bool(0.3))
            .collect();
        if these.is_empty() {
            these.push(countries[rng.random_range(0..countries.len())]);
        }
        r["countries"] = json!(these);
        r["theme"] = json!(Theme::ALL[rng.random_range(0..Theme::ALL.len())].code());
        let (source, finding) = sources[rng.random_range(0..sources.len())];
        if let Some(finding) = finding {
            r.as_object_mut().unwrap().remove("workshop");
            r["source"] = json!(source);
            r["finding"] = json!(finding);
        }
        let history = histories[rng.random_range(0..histories.len())];
        r["history"] = Value::Array(
            history
                .iter()
                .enumerate()
                .map(|(i, s)| {
                    json!({"to": s, "reason": "r", "by": "dcaf", "institution": "DCAF",
                           "on": format!("2022-0{}-01", i + 1)})
                })
                .collect(),
        );
        recs.push(r);
    }
    import(&t, &recs).await.unwrap();

    // Status changes by the facilitator, where the workflow allows them.
    let dcaf = user(&t, "dcaf").await;
    let rows = t
        .store
        .recommendations()
        .list(&RecommendationFilter::default())
        .await
        .unwrap();
    for r in &rows {
        if !rng.random_bool(0.4) {
            continue;
        }
        let to = RecommendationStatus::ALL[rng.random_range(0..RecommendationStatus::ALL.len())];
        let change = StatusChange {
            status: to,
            reason: Reason::new("suivi").unwrap(),
        };
        let _refused_by_the_workflow_or_not = t
            .store
            .recommendations()
            .change_status(&dcaf, r.id, &change, datetime!(2024-05-01 10:00 UTC))
            .await;
    }

    let mut filters = vec![RecommendationFilter::default()];
    for c in countries {
        filters.push(RecommendationFilter {
            country: Some(c.into()),
            ..Default::default()
        });
    }
    for s in RecommendationStatus::ALL {
        filters.push(RecommendationFilter {
            status: Some(s.code().into()),
            ..Default::default()
        });
    }
    for th in Theme::ALL {
        filters.push(RecommendationFilter {
            theme: Some(th.code().into()),
            country: Some(countries[rng.random_range(0..countries.len())].into()),
            ..Default::default()
        });
    }
    for (source, _) in sources {
        filters.push(RecommendationFilter {
            source: Some(source.into()),
            status: Some(
                RecommendationStatus::ALL[rng.random_range(0..5)]
                    .code()
                    .into(),
            ),
            ..Default::default()
        });
    }
    let recs = t.store.recommendations();
    for f in &filters {
        let listed = recs.list(f).await.unwrap();
        assert_eq!(
            recs.dashboard(f).await.unwrap(),
            Dashboard::of(&dashboard_items(&listed)),
            "{f:?}"
        );
        let limit = rng.random_range(1..9);
        let (mut walked, mut after) = (Vec::new(), None::<String>);
        loop {
            let (page, next) = recs.page(f, after.as_deref(), Some(limit)).await.unwrap();
            assert!(page.len() <= limit);
            walked.extend(page);
            match next {
                Some(code) => after = Some(code),
                None => break,
            }
        }
        assert_eq!(walked, listed, "{f:?}: pages of {limit}");
    }
    let whole = recs
        .dashboard(&RecommendationFilter::default())
        .await
        .unwrap();
    assert_eq!(whole.overall.total(), 80);
    assert_eq!(whole.by_country.len(), countries.len());
    t.cleanup().await.unwrap();
}
