//! What access control costs on the classified register, in the same run
//! as the approach it replaces.
//!
//!     cargo bench -p vigie-store --bench register
//!
//! Reported: one Cedar decision (mean over many); then, on a register of
//! VIGIE_BENCH_DOCUMENTS (default 100,000) documents, one page of 50 rows
//! with its count for several principals, through the database pre-filter
//! (`store.documents().list`, the log entry of the page included) — beside
//! the naive way, deciding every row with Cedar, and the ratio; then deep
//! pages found by position against the same pages found by key.
//! VIGIE_TEST_DATABASE_URL runs it on PostgreSQL.

use std::time::{Duration, Instant};

use vigie_policy::{Action, Authorizer, Principal, Resource};
use vigie_store::documents::{DocumentKey, DocumentQuery, Seek};
use vigie_store::testing::TestStore;
use vigie_store::{Actor, Backend};

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Fills the register with `n` documents spread over the five countries,
/// their army stewardships, every level and ten years, in one statement.
async fn fill(t: &TestStore, n: usize) {
    let (date, key) = match t.store.backend() {
        Backend::Sqlite => (
            "printf('%d-06-01', 2015 + seq.n % 10)",
            "printf('bench-%d', seq.n)",
        ),
        Backend::Postgres => ("make_date(2015 + seq.n % 10, 6, 1)", "'bench-' || seq.n"),
    };
    let sql = format!(
        "INSERT INTO documents (country, reference, title, dated, producing_service, rank, classified_by, legal_basis, \
         category, justification, review_on, declassify_on, derived_from, object_key, media_type, file_name, size, created_at) \
         WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < {n}), \
         c(i, code) AS (VALUES (0, 'BFA'), (1, 'MLI'), (2, 'MRT'), (3, 'NER'), (4, 'TCD')) \
         SELECT c.code, c.code || '-B-' || seq.n, 'Document de banc d''essai ' || seq.n, {date}, c.code || '-DAF', \
         (seq.n / 5) % 5, 'bench', 'bench', 'weapons_capabilities', 'bench', NULL, NULL, NULL, {key}, 'text/plain', \
         'b.txt', 1, '2026-01-01T00:00:00Z' FROM seq JOIN c ON c.i = seq.n % 5"
    )
    .replace("{date}", date)
    .replace("{key}", key);
    t.execute(&sql, None).await.unwrap();
    if t.store.backend() == Backend::Postgres {
        t.execute("VACUUM ANALYZE documents", None).await.unwrap();
    }
}

async fn principal(t: &TestStore, username: &str) -> Principal {
    let user = t
        .store
        .user_by_username(&username.parse().unwrap())
        .await
        .unwrap()
        .unwrap();
    t.store.principal(&user).await.unwrap()
}

#[tokio::main]
async fn main() {
    let n: usize = std::env::var("VIGIE_BENCH_DOCUMENTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let authorizer = Authorizer::load().unwrap();
    let t = TestStore::new().await.unwrap();
    t.store.load_demo().await.unwrap();
    println!(
        "backend: {:?}; register of {n} documents",
        t.store.backend()
    );

    // One decision.
    let auditor = principal(&t, "bfa-cdc").await;
    let scheme = t
        .store
        .classification_scheme("BFA".parse().unwrap())
        .await
        .unwrap()
        .unwrap();
    let resource = Resource {
        id: "1".into(),
        level: scheme.at_rank(3).unwrap(),
        category: "defence_plans_operations".into(),
        presumption_of_disclosure: false,
        producing_service: "BFA-DAF".into(),
        year: 2024,
    };
    let rounds = 20_000u32;
    let started = Instant::now();
    for _ in 0..rounds {
        std::hint::black_box(authorizer.decide(&auditor, Action::Consult, &resource, None));
    }
    let one = started.elapsed() / rounds;
    println!(
        "one Cedar decision: {:.1} µs (mean of {rounds})",
        one.as_secs_f64() * 1e6
    );

    let started = Instant::now();
    fill(&t, n).await;
    println!("filled in {:.1} s", started.elapsed().as_secs_f64());

    // Every document as the policies see it, for the naive baseline: the
    // demo's, read through their producers, and the generated ones, from
    // the formula that generated them.
    let codes = ["BFA", "MLI", "MRT", "NER", "TCD"];
    let mut everything = Vec::with_capacity(n + 25);
    for code in codes {
        let producer = principal(&t, &format!("{}-daf", code.to_lowercase())).await;
        let demo = t
            .store
            .documents()
            .list(
                &authorizer,
                &Actor::System,
                &producer,
                &DocumentQuery {
                    text: Some("DAF-".into()),
                    per_page: 100,
                    ..DocumentQuery::default()
                },
            )
            .await
            .unwrap();
        everything.extend(
            demo.documents
                .iter()
                .filter(|d| d.producing_service == producer.institution)
                .map(|d| d.resource()),
        );
    }
    let mut schemes = Vec::new();
    for code in codes {
        schemes.push(
            t.store
                .classification_scheme(code.parse().unwrap())
                .await
                .unwrap()
                .unwrap(),
        );
    }
    for k in 1..=n {
        let country = k % 5;
        everything.push(Resource {
            id: format!("bench-{k}"),
            level: schemes[country]
                .at_rank(u8::try_from((k / 5) % 5).unwrap())
                .unwrap(),
            category: "weapons_capabilities".into(),
            presumption_of_disclosure: false,
            producing_service: format!("{}-DAF", codes[country]),
            year: 2015 + i32::try_from(k % 10).unwrap(),
        });
    }
    println!("register read back: {} documents", everything.len());

    println!();
    println!(
        "{:<34} {:>9} {:>12} {:>14} {:>8}",
        "principal / query", "visible", "page (ms)", "every row (ms)", "ratio"
    );
    let cases: [(&str, &str, DocumentQuery); 6] = [
        ("the public", "", DocumentQuery::default()),
        ("BFA court of auditors", "bfa-cdc", DocumentQuery::default()),
        (
            "BFA court of auditors, page 300",
            "bfa-cdc",
            DocumentQuery {
                page: 300,
                ..DocumentQuery::default()
            },
        ),
        (
            "BFA court, search \"9999\"",
            "bfa-cdc",
            DocumentQuery {
                text: Some("9999".into()),
                ..DocumentQuery::default()
            },
        ),
        (
            "BFA army stewardship (producer)",
            "bfa-daf",
            DocumentQuery::default(),
        ),
        (
            "MLI defence commission, SD only",
            "mli-cdspc",
            DocumentQuery {
                rank: Some(3),
                ..DocumentQuery::default()
            },
        ),
    ];
    for (label, username, query) in cases {
        let who = if username.is_empty() {
            Principal::public()
        } else {
            principal(&t, username).await
        };
        let query = DocumentQuery {
            per_page: 50,
            page: query.page.max(1),
            ..query
        };
        let mut samples = Vec::new();
        let mut total = 0;
        for _ in 0..15 {
            let started = Instant::now();
            let page = t
                .store
                .documents()
                .list(&authorizer, &Actor::System, &who, &query)
                .await
                .unwrap();
            samples.push(started.elapsed());
            total = page.total;
        }
        let page_time = median(samples);
        // The naive way: decide every row, then count and cut the page.
        let started = Instant::now();
        let visible = everything
            .iter()
            .filter(|r| authorizer.decide(&who, Action::List, r, None).permit)
            .count();
        let naive = started.elapsed();
        assert!(
            query.text.is_some() || query.rank.is_some() || visible as u64 == total,
            "{label}: filter {total} vs Cedar {visible}"
        );
        println!(
            "{label:<34} {total:>9} {:>12.1} {:>14.1} {:>7.0}×",
            ms(page_time),
            ms(naive),
            naive.as_secs_f64() / page_time.as_secs_f64()
        );
    }

    // A deep page found by position (the rows before it counted) against
    // the same page found by key (decision 0023), in the same run.
    println!();
    println!(
        "{:<34} {:>12} {:>12} {:>8}",
        "deep page, BFA court of auditors", "offset (ms)", "by key (ms)", "ratio"
    );
    let who = principal(&t, "bfa-cdc").await;
    for page in [2_u32, 100, 300] {
        let offset = DocumentQuery {
            per_page: 50,
            page,
            ..DocumentQuery::default()
        };
        let list = |q: DocumentQuery| {
            let (authorizer, who) = (&authorizer, &who);
            let store = &t.store;
            async move {
                let started = Instant::now();
                let page = store
                    .documents()
                    .list(authorizer, &Actor::System, who, &q)
                    .await
                    .unwrap();
                (started.elapsed(), page)
            }
        };
        let before = list(DocumentQuery {
            page: page - 1,
            ..offset.clone()
        })
        .await
        .1;
        let key = DocumentKey::of(before.documents.last().expect("a full page before"));
        let by_key = DocumentQuery {
            seek: Some(Seek::After(key)),
            ..offset.clone()
        };
        let (mut a, mut b) = (Vec::new(), Vec::new());
        for _ in 0..15 {
            let (took, by_offset) = list(offset.clone()).await;
            a.push(took);
            let (took, found) = list(by_key.clone()).await;
            b.push(took);
            let ids = |p: &vigie_store::documents::DocumentPage| {
                p.documents.iter().map(|d| d.id).collect::<Vec<_>>()
            };
            assert_eq!(ids(&by_offset), ids(&found), "page {page}: the same rows");
        }
        let (a, b) = (median(a), median(b));
        println!(
            "{:<34} {:>12.1} {:>12.1} {:>7.1}×",
            format!("page {page}"),
            ms(a),
            ms(b),
            a.as_secs_f64() / b.as_secs_f64()
        );
    }
    t.cleanup().await.unwrap();
}
