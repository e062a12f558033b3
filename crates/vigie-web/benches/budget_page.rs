//! What a country's budget page costs on the server, with 25 years of lines.
//!
//!     cargo bench -p vigie-web --bench budget_page
//!
//! Imports, on the demo data, a generated budget of Burkina Faso over 1999–
//! 2023: VIGIE_BENCH_BUDGET_PAGE_LINES lines (default 60,000: each year a
//! state total per stage, a programming law's amount per programme, and
//! about 400 headings × the six stages, some of them classified `CD`).
//! Then, 50 times each (after a warm-up), reports the median and the 95th
//! percentile of: the store's part of the page (`budget_view` for the public,
//! `budget_indicators`), building the four charts' series as the page does
//! and rendering them with vigie-charts (trend: lines of 3 series;
//! composition: stacked bars of 6 categories; funnel of 6 steps; plan
//! against vote against payment: grouped bars of 3 series), all of it in a
//! row; and, through the router (`app(state).oneshot`, no socket), `GET
//! /api/v1/budget/BFA/indicators`, `GET /api/v1/budget/BFA` and `GET
//! /budget/BFA`, each for the public (whose answers the rendered-page
//! cache serves after the first) and signed in with a token (rendered each
//! time).
//! VIGIE_TEST_DATABASE_URL runs it on PostgreSQL (the tables analysed after
//! the import, as autovacuum would).

use std::fmt::Write as _;
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use tower::ServiceExt;
use vigie_charts::{FunnelStep, Series, Texts};
use vigie_domain::budget::{EconomicNature, Scope, Stage};
use vigie_domain::money::format_decimal;
use vigie_domain::{CountryCode, FiscalYear, Lang};
use vigie_policy::{Authorizer, Principal};
use vigie_store::ImportMode;
use vigie_store::budget::{BudgetView, Indicators};
use vigie_store::testing::TestStore;
use vigie_store::{Actor, Store};
use vigie_web::{AppState, WebConfig, app};

const ROUNDS: usize = 50;
const WARM_UP: usize = 3;
const FIRST_YEAR: i32 = 1999;
const YEARS: i32 = 25;
const SECTIONS: [(&str, &str); 4] = [
    ("Ministry of Defence (illustrative)", "02.1"),
    ("Ministry of Internal Security (illustrative)", "03.1"),
    ("National Gendarmerie (illustrative)", "03.1"),
    ("General Directorate of Intelligence (illustrative)", "02.1"),
];
const PROGRAMS: usize = 6;

/// A reproducible pseudo-random factor in `[lo, hi)` (splitmix64).
fn between(parts: &[u64], lo: f64, hi: f64) -> f64 {
    let mut x = parts.iter().fold(0x5EED_u64, |acc, &p| {
        let mut z = (acc ^ p).wrapping_add(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    });
    x >>= 11;
    lo + (hi - lo) * x as f64 / (1u64 << 53) as f64
}

/// The English template's CSV of Burkina Faso's budget, `n` lines over 25
/// years, no key twice; returns it with the number of classified lines.
fn budget_csv(n: u64) -> (Vec<u8>, u64) {
    let template = vigie_import::budget::template(Lang::En);
    let mut out = String::with_capacity(n as usize * 140);
    out.push_str(template.lines().next().unwrap());
    out.push('\n');
    let mut classified = 0;
    let natures = EconomicNature::ALL;
    for y in 0..YEARS {
        let year = FIRST_YEAR + y;
        let growth = 1.06f64.powi(y);
        let lines = n / YEARS as u64 + u64::from((y as u64) < n % YEARS as u64);
        let y = y as u64;
        // The stages of one heading follow each other: each a little less.
        let chain = |parts: &[u64], base: f64| {
            let mut amounts = [base; 6];
            for (i, (lo, hi)) in [
                (0.92, 1.08),
                (0.85, 0.99),
                (0.95, 1.0),
                (0.96, 1.0),
                (0.9, 1.0),
            ]
            .into_iter()
            .enumerate()
            {
                let mut p = parts.to_vec();
                p.push(i as u64 + 1);
                amounts[i + 1] = amounts[i] * between(&p, lo, hi);
            }
            amounts
        };
        let state = chain(&[y], 1.6e12 * growth);
        for k in 0..lines {
            let (scope, section, program, action, nature, function, stage, amount, law, level);
            if k < 6 {
                (scope, section, program, action, nature, function) = (
                    "state_total",
                    "State budget (illustrative)".to_owned(),
                    String::new(),
                    String::new(),
                    "",
                    "",
                );
                stage = Stage::CHAIN[k as usize];
                amount = state[k as usize];
                (law, level) = (String::new(), "");
            } else if k < 6 + (SECTIONS.len() * PROGRAMS) as u64 {
                let p = (k - 6) as usize;
                let start = FIRST_YEAR + 5 * ((year - FIRST_YEAR) / 5);
                scope = "sector";
                section = SECTIONS[p / PROGRAMS].0.to_owned();
                program = format!("Programme {}", p % PROGRAMS + 1);
                (action, nature, function) = (String::new(), "", SECTIONS[p / PROGRAMS].1);
                stage = Stage::Planned;
                amount = 2.0e10 * growth * between(&[y, k], 0.8, 1.2);
                law = format!(
                    "Military programming law {start}-{} (illustrative)",
                    start + 4
                );
                level = "";
            } else {
                let j = k - 6 - (SECTIONS.len() * PROGRAMS) as u64;
                let head = j / 6;
                let heading = (j / 30) as usize;
                let s = heading % SECTIONS.len();
                let a = heading / (SECTIONS.len() * PROGRAMS);
                let n = natures[(head % 5) as usize];
                scope = "sector";
                section = SECTIONS[s].0.to_owned();
                program = format!("Programme {}", (heading / SECTIONS.len()) % PROGRAMS + 1);
                action = format!("Action {:02}", a + 1);
                nature = n.code();
                function = SECTIONS[s].1;
                stage = Stage::CHAIN[(j % 6) as usize];
                let base = between(&[head], 5e7, 5e9) * between(&[y, head], 0.9, 1.1) * growth;
                amount = chain(&[y, head, 7], base)[(j % 6) as usize];
                law = String::new();
                let sensitive = matches!(
                    n,
                    EconomicNature::Investment | EconomicNature::GoodsAndServices
                );
                level = if s == 3 && sensitive && a.is_multiple_of(3) {
                    "CD"
                } else {
                    ""
                };
            }
            classified += u64::from(!level.is_empty());
            let _ = writeln!(
                out,
                "BFA,{year},{scope},{section},{program},{action},{nature},{function},{},{:.0},XOF,{law},{level}",
                stage.code(),
                amount.round()
            );
        }
    }
    (out.into_bytes(), classified)
}

fn f(amount: Decimal) -> f64 {
    amount.to_f64().unwrap_or(f64::NAN)
}

/// The four charts' series, built from the view and the indicators the way
/// the country page builds them (`handlers/budget.rs`).
fn series(view: &BudgetView, ind: &Indicators) -> [Vec<Series>; 3] {
    let lang = Lang::En;
    let totals = view.totals();
    let by_stage = |stage: Stage| Series {
        name: stage.label(lang).to_owned(),
        points: totals
            .iter()
            .filter(|((_, s), _)| *s == stage)
            .map(|((y, _), a)| (y.year(), f(*a)))
            .collect(),
    };
    let trend = vec![
        by_stage(Stage::Initial),
        by_stage(Stage::Revised),
        by_stage(Stage::Paid),
    ];

    let mut by_nature: Vec<Series> = EconomicNature::ALL
        .iter()
        .map(|n| Series::new(n.label(lang), Vec::new()))
        .collect();
    let mut withheld = Series::new("Withheld (classified)", Vec::new());
    for y in view.years() {
        for (i, n) in EconomicNature::ALL.iter().enumerate() {
            let sum: Decimal = view
                .visible_sums()
                .iter()
                .filter(|l| {
                    l.year == y
                        && l.stage == Stage::Initial
                        && l.nature == Some(*n)
                        && l.scope == Scope::Sector
                })
                .map(|l| l.amount.amount())
                .sum();
            by_nature[i].points.push((y.year(), f(sum)));
        }
        if let Some(amount) = view
            .withheld()
            .iter()
            .find(|w| w.year == y && w.stage == Stage::Initial)
            .and_then(|w| w.amount)
        {
            withheld.points.push((y.year(), f(amount.amount())));
        }
    }
    if !withheld.points.is_empty() {
        by_nature.push(withheld);
    }

    let plan = |pick: &dyn Fn(&vigie_domain::budget::ProgrammingGap) -> Option<Decimal>,
                stage: Stage| Series {
        name: stage.label(lang).to_owned(),
        points: ind
            .programming
            .iter()
            .filter_map(|p| Some((p.year.year(), f(pick(p)?))))
            .collect(),
    };
    let gap = vec![
        plan(&|p| Some(p.planned), Stage::Planned),
        plan(&|p| p.initial, Stage::Initial),
        plan(&|p| p.paid, Stage::Paid),
    ];
    [trend, by_nature, gap]
}

/// The funnel of one year.
fn steps(ind: &Indicators, year: FiscalYear) -> Vec<FunnelStep> {
    let lang = Lang::En;
    let mut steps = Vec::new();
    if let Some(e) = ind.execution.iter().find(|e| e.year == year) {
        steps.push(FunnelStep::new(
            Stage::Initial.label(lang),
            e.initial.map_or(0.0, f),
            "",
        ));
        steps.push(FunnelStep::new(
            Stage::Revised.label(lang),
            e.revised.map_or(0.0, f),
            "",
        ));
        for s in &e.stages {
            let share = s.rate.map(|r| format!("{} %", format_decimal(r, 1, lang)));
            steps.push(FunnelStep::new(
                s.stage.label(lang),
                s.amount.map_or(0.0, f),
                share.unwrap_or_default(),
            ));
        }
    }
    steps
}

/// The four SVGs; returns their total length.
fn render(charts: &[Vec<Series>; 3], steps: &[FunnelStep]) -> usize {
    let lang = Lang::En;
    let billions = move |v: f64| {
        let b = Decimal::from_f64_retain(v / 1e9).unwrap_or_default();
        format!("{} bn", format_decimal(b.round_dp(1), 1, lang))
    };
    let texts = |t: &str| Texts::new(t, format!("{t}, by year"), "No data");
    let svgs = [
        vigie_charts::line_chart(&texts("Trend"), &charts[0], &billions),
        vigie_charts::stacked_bars(&texts("Composition"), &charts[1], &billions),
        vigie_charts::funnel(&texts("Expenditure chain"), steps, &billions),
        vigie_charts::grouped_bars(&texts("Plan, vote, payment"), &charts[2], &billions),
    ];
    svgs.iter().map(String::len).sum()
}

/// Median and 95th percentile, in milliseconds.
fn stats(mut samples: Vec<Duration>) -> (f64, f64) {
    samples.sort();
    let at = |q: f64| {
        let i = ((samples.len() as f64 * q).ceil() as usize).clamp(1, samples.len()) - 1;
        samples[i].as_secs_f64() * 1e3
    };
    (at(0.5), at(0.95))
}

/// Times `work` ROUNDS times after WARM_UP untimed runs; the last result
/// goes into the notes.
async fn time<T, F: AsyncFnMut() -> T>(mut work: F) -> (Vec<Duration>, T) {
    for _ in 0..WARM_UP {
        work().await;
    }
    let mut samples = Vec::with_capacity(ROUNDS);
    let mut last = None;
    for _ in 0..ROUNDS {
        let started = Instant::now();
        let out = work().await;
        samples.push(started.elapsed());
        last = Some(out);
    }
    (samples, last.unwrap())
}

/// One request through the router, body read whole: (status, bytes).
async fn get(router: &Router, uri: &str, token: Option<&str>) -> (StatusCode, usize) {
    let mut request = Request::get(uri).header(header::ACCEPT_LANGUAGE, "en");
    if let Some(token) = token {
        request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
    }
    let response = router
        .clone()
        .oneshot(request.body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = response.status();
    let body = response.into_body().collect().await.unwrap().to_bytes();
    (status, body.len())
}

struct Row {
    label: String,
    median: f64,
    p95: f64,
    note: String,
}

fn row(label: impl Into<String>, samples: Vec<Duration>, note: impl Into<String>) -> Row {
    let (median, p95) = stats(samples);
    Row {
        label: label.into(),
        median,
        p95,
        note: note.into(),
    }
}

async fn view(store: &Store, authorizer: &Authorizer, who: &Principal) -> BudgetView {
    store
        .budget()
        .view(authorizer, &Actor::Public, who, CountryCode::BFA)
        .await
        .unwrap()
}

#[tokio::main]
async fn main() {
    let n: u64 = std::env::var("VIGIE_BENCH_BUDGET_PAGE_LINES")
        .ok()
        .and_then(|v| v.replace('_', "").parse().ok())
        .unwrap_or(60_000);
    let t = TestStore::new().await.unwrap();
    let store = t.store.clone();
    store.load_demo().await.unwrap();
    let (csv, classified) = budget_csv(n);
    let started = Instant::now();
    let report = store
        .budget()
        .import(
            &Actor::Cli,
            "bfa-bench.csv",
            std::io::Cursor::new(csv),
            ImportMode::Apply,
            &mut |_| {},
        )
        .await
        .unwrap();
    assert_eq!(report.inserted, n, "{report:?}");
    if store.backend() == vigie_store::Backend::Postgres {
        // What autovacuum does within a minute of such an import: without
        // statistics the planner guesses the tables small.
        t.execute(
            "ANALYZE budget_lines, budget_totals, budget_program_totals",
            None,
        )
        .await
        .unwrap();
    }
    let authorizer = Authorizer::load().unwrap();
    let public = Principal::public();
    let v = view(&store, &authorizer, &public).await;
    let to = v.default_to().unwrap();
    println!(
        "backend: {:?}; BFA: {n} generated lines ({classified} classified CD) imported in {:.1} s, \
         {} years, {} kept totals seen by the public, {} withheld groups; PEFA window ends {to}",
        store.backend(),
        started.elapsed().as_secs_f64(),
        v.years().len(),
        v.visible_sums().len(),
        v.withheld().len(),
    );

    let mut rows = Vec::new();

    let (samples, lines) = time(async || {
        view(&store, &authorizer, &public)
            .await
            .visible_sums()
            .len()
    })
    .await;
    rows.push(row(
        "store: budget_view (public)",
        samples,
        format!("{lines} kept totals"),
    ));

    let (samples, _) = time(async || store.budget().indicators(&v, to).await.unwrap()).await;
    rows.push(row("store: budget_indicators", samples, ""));
    let ind = store.budget().indicators(&v, to).await.unwrap();

    let (samples, charts) = time(async || series(&v, &ind)).await;
    let points: usize = charts.iter().flatten().map(|s| s.points.len()).sum();
    rows.push(row(
        "charts: series from the view, as the page builds them",
        samples,
        format!(
            "{} + {} + {} series, {points} points",
            charts[0].len(),
            charts[1].len(),
            charts[2].len()
        ),
    ));
    let funnel = steps(&ind, to);
    let (samples, bytes) = time(async || render(&charts, &funnel)).await;
    rows.push(row(
        "charts: rendering the four SVGs",
        samples,
        format!("{} funnel steps; {bytes} bytes of SVG", funnel.len()),
    ));

    let (samples, bytes) = time(async || {
        let v = view(&store, &authorizer, &public).await;
        let to = v.default_to().unwrap();
        let ind = store.budget().indicators(&v, to).await.unwrap();
        let charts = series(&v, &ind);
        render(&charts, &steps(&ind, to))
    })
    .await;
    rows.push(row(
        "store + charts, in a row",
        samples,
        format!("{bytes} bytes of SVG"),
    ));

    // Through the router.
    let router = app(AppState::new(
        store.clone(),
        WebConfig {
            demo: true,
            ..WebConfig::default()
        },
        vigie_ledger::SigningKey::from_seed("vigie-bench/budget", &[9; 32]).unwrap(),
        Authorizer::load().unwrap(),
    ));
    let token = store
        .create_api_token(&Actor::Cli, &"bfa-cdc".parse().unwrap(), "bench")
        .await
        .unwrap()
        .secret;
    for (label, uri, token) in [
        (
            "GET /api/v1/budget/BFA/indicators (public)",
            "/api/v1/budget/BFA/indicators",
            None,
        ),
        (
            "GET /api/v1/budget/BFA/indicators (bfa-cdc, token)",
            "/api/v1/budget/BFA/indicators",
            Some(token.as_str()),
        ),
        (
            "GET /api/v1/budget/BFA (public, JSON lines)",
            "/api/v1/budget/BFA",
            None,
        ),
        (
            "GET /api/v1/budget/BFA (bfa-cdc, token, JSON lines)",
            "/api/v1/budget/BFA",
            Some(token.as_str()),
        ),
        ("GET /budget/BFA (page, public)", "/budget/BFA", None),
        (
            "GET /budget/BFA (page, bfa-cdc, token)",
            "/budget/BFA",
            Some(token.as_str()),
        ),
    ] {
        let (status, _) = get(&router, uri, token).await;
        assert_eq!(status, StatusCode::OK, "{uri}");
        let (samples, (_, bytes)) = time(async || get(&router, uri, token).await).await;
        rows.push(row(label, samples, format!("{bytes} bytes")));
    }

    println!();
    println!("| measure ({ROUNDS} rounds) | median (ms) | p95 (ms) | notes |");
    println!("| --- | ---: | ---: | --- |");
    for r in &rows {
        println!(
            "| {} | {:.2} | {:.2} | {} |",
            r.label, r.median, r.p95, r.note
        );
    }
    println!(
        "load average: {}",
        std::fs::read_to_string("/proc/loadavg")
            .unwrap_or_default()
            .split_whitespace()
            .take(3)
            .collect::<Vec<_>>()
            .join(" ")
    );
    t.cleanup().await.unwrap();
}
