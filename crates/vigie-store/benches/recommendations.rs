//! The recommendations dashboard and list at scale, from the counts kept at
//! write time (migration 0021) beside the computation they replace, in the
//! same run.
//!
//!     cargo bench -p vigie-store --bench recommendations
//!
//! Imports VIGIE_BENCH_RECOMMENDATIONS (default 100,000) generated
//! recommendations through the normal import path (files of 10,000, on the
//! demo's reference data), spread over the five countries, eight themes,
//! three sources and five statuses. Then, 20 times each, reports the median
//! of what `/recommendations` reads: before, every matching row (with its
//! countries and addressees) and `Dashboard::of` over them, the first page
//! cut from them; now, `dashboard` (the kept counts) and `page` (the
//! database seeking by code). Filters: none, one country, one status and
//! theme; and a deep page. VIGIE_TEST_DATABASE_URL runs it on PostgreSQL
//! (analysed after the import, as autovacuum would).

use std::time::{Duration, Instant};

use serde_json::json;
use vigie_domain::recommendation::{Dashboard, RecommendationStatus, Theme};
use vigie_store::recommendations::{RecommendationFilter, dashboard_items};
use vigie_store::testing::TestStore;
use vigie_store::{Actor, ImportMode, Store};

const PAGE: usize = 100;

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

async fn median<T>(mut run: impl AsyncFnMut() -> T) -> Duration {
    let mut samples = Vec::new();
    for _ in 0..20 {
        let started = Instant::now();
        std::hint::black_box(run().await);
        samples.push(started.elapsed());
    }
    samples.sort();
    samples[samples.len() / 2]
}

/// Recommendation `i`, its attributes spread by residues.
fn recommendation(i: usize) -> serde_json::Value {
    let countries = ["BFA", "MLI", "MRT", "NER", "TCD"];
    let mut these = vec![countries[i % 5]];
    if i.is_multiple_of(7) {
        these.push(countries[(i / 7 + 1) % 5]);
    }
    these.sort_unstable();
    these.dedup();
    let history: &[&str] = match i % 5 {
        0 => &[],
        1 => &["in_progress"],
        2 => &["implemented"],
        3 => &["in_progress", "partially_implemented"],
        _ => &["not_accepted"],
    };
    let mut r = json!({
        "code": format!("B-{i:07}"),
        "source": "conference_workshop",
        "workshop": {"conference": 1, "session": "W1"},
        "theme": Theme::ALL[i % Theme::ALL.len()].code(),
        "priority": "high",
        "made_on": "2021-03-18",
        "title": {"fr": format!("Recommandation de banc d'essai {i}"), "en": format!("Bench recommendation {i}")},
        "text": {"fr": "Texte illustratif", "en": "Illustrative text"},
        "countries": these,
        "addressees": ["MLI-DGMP-DSP"],
        "illustrative": true,
        "source_note": "generated for the bench",
        "history": history.iter().enumerate().map(|(k, s)| json!({
            "to": s, "reason": "r", "by": "dcaf", "institution": "DCAF",
            "on": format!("2022-0{}-01", k + 1)
        })).collect::<Vec<_>>(),
    });
    if i % 3 == 1 {
        let obj = r.as_object_mut().unwrap();
        obj.remove("workshop");
        obj.insert("source".into(), json!("audit"));
        obj.insert("finding".into(), json!("FND-MLI-BVG-2014-01"));
    }
    r
}

async fn fill(store: &Store, n: usize) {
    for start in (0..n).step_by(10_000) {
        let recs: Vec<_> = (start..n.min(start + 10_000)).map(recommendation).collect();
        let file = serde_json::to_string(&json!({ "recommendations": recs })).unwrap();
        store
            .recommendations()
            .import(&Actor::Cli, "bench.json", &file, ImportMode::Apply)
            .await
            .unwrap();
    }
}

#[tokio::main]
async fn main() {
    let n: usize = std::env::var("VIGIE_BENCH_RECOMMENDATIONS")
        .ok()
        .and_then(|v| v.replace('_', "").parse().ok())
        .unwrap_or(100_000);
    let t = TestStore::new().await.unwrap();
    let store = t.store.clone();
    store.load_demo().await.unwrap();
    let started = Instant::now();
    fill(&store, n).await;
    if store.backend() == vigie_store::Backend::Postgres {
        // What autovacuum does within a minute of such an import.
        t.execute("ANALYZE", None).await.unwrap();
    }
    println!(
        "backend: {:?}; {n} generated recommendations imported in {:.1} s (plus the demo's)\n",
        store.backend(),
        started.elapsed().as_secs_f64()
    );
    println!(
        "| what `/recommendations` reads (median of 20) | before (ms) | now (ms) | before ÷ now |"
    );
    println!("| --- | ---: | ---: | ---: |");
    let filters = [
        ("no filter", RecommendationFilter::default()),
        (
            "country = NER",
            RecommendationFilter {
                country: Some("NER".into()),
                ..Default::default()
            },
        ),
        (
            "status = implemented, theme = procurement",
            RecommendationFilter {
                status: Some(RecommendationStatus::Implemented.code().into()),
                theme: Some("procurement".into()),
                ..Default::default()
            },
        ),
    ];
    let recs = store.recommendations();
    for (label, filter) in &filters {
        let before = median(async || {
            let rows = recs.list(filter).await.unwrap();
            let dashboard = Dashboard::of(&dashboard_items(&rows));
            (dashboard, rows.into_iter().take(PAGE).count())
        })
        .await;
        let now = median(async || {
            let dashboard = recs.dashboard(filter).await.unwrap();
            let (page, _) = recs.page(filter, None, Some(PAGE)).await.unwrap();
            (dashboard, page.len())
        })
        .await;
        // The same figures, or the comparison means nothing.
        let rows = recs.list(filter).await.unwrap();
        assert_eq!(
            recs.dashboard(filter).await.unwrap(),
            Dashboard::of(&dashboard_items(&rows))
        );
        println!(
            "| dashboard and first page of {PAGE}, {label} | {:.1} | {:.2} | {:.0} |",
            ms(before),
            ms(now),
            before.as_secs_f64() / now.as_secs_f64()
        );
    }
    let deep = format!("B-{:07}", n * 9 / 10);
    let filter = RecommendationFilter::default();
    let before = median(async || {
        let rows = recs.list(&filter).await.unwrap();
        rows.into_iter()
            .filter(|r| r.code.as_str() > deep.as_str())
            .take(PAGE)
            .count()
    })
    .await;
    let now = median(async || recs.page(&filter, Some(&deep), Some(PAGE)).await.unwrap()).await;
    println!(
        "| a page of {PAGE} after {deep} | {:.1} | {:.2} | {:.0} |",
        ms(before),
        ms(now),
        before.as_secs_f64() / now.as_secs_f64()
    );
    t.cleanup().await.unwrap();
}
