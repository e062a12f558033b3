//! What importing a large budget file costs, and what a re-import costs.
//!
//!     cargo bench -p vigie-store --bench budget_import
//!
//! Generates, straight to a file in a temporary directory, a CSV in the
//! English template's format of VIGIE_BENCH_BUDGET_LINES lines (default
//! 1,000,000): the five countries in their currencies, 25 fiscal years
//! (1999–2023), each year a state total per stage, a programming law's
//! yearly amount per programme, then sections × programmes × actions × five
//! economic natures × the six stages of the expenditure chain, with some
//! intelligence lines classified `CD` (the demo's classification schemes are
//! loaded first for that). No key is given twice.
//!
//! Reported, on a fresh SQLite store in the same directory: the file's size;
//! reading and checking the file alone (no database); the import (lines/s,
//! the rate over its first and last tenth, what happens after the last line);
//! a dry run of the same file (every line unchanged); the peak resident
//! memory of each phase (VmHWM, reset between phases where the kernel
//! allows); and, on the imported store, one country's view and indicators.
//! VIGIE_BENCH_DATABASE_URL (or VIGIE_TEST_DATABASE_URL) repeats the import
//! and the dry run on PostgreSQL, in a schema of its own that is dropped
//! afterwards.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;
use std::time::{Duration, Instant};

use vigie_domain::budget::{EconomicNature, Stage};
use vigie_domain::{CountryCode, Lang};
use vigie_import::budget::{self as parser, COLUMNS, Duplicates};
use vigie_policy::{Authorizer, Principal};
use vigie_store::ImportMode;
use vigie_store::budget::BudgetImport;
use vigie_store::documents::{Vault, vault};
use vigie_store::testing::tamper_database;
use vigie_store::{Actor, DatabaseLocation, Store};

const COUNTRIES: [(&str, &str); 5] = [
    ("BFA", "XOF"),
    ("MLI", "XOF"),
    ("MRT", "MRU"),
    ("NER", "XOF"),
    ("TCD", "XAF"),
];
const FIRST_YEAR: i32 = 1999;
const YEARS: i32 = 25;

/// Sections, each with six programmes and the COFOG function of its lines.
const SECTIONS: [(&str, &str, [&str; 6]); 4] = [
    (
        "Ministry of Defence (illustrative)",
        "02.1",
        [
            "General administration",
            "Defence of the territory",
            "Support and equipment of the forces",
            "Military health service",
            "Military schools and training",
            "Veterans and military pensions",
        ],
    ),
    (
        "Ministry of Internal Security (illustrative)",
        "03.1",
        [
            "Police services",
            "Civil protection",
            "Border surveillance",
            "Fight against terrorism",
            "Administration and support",
            "Road safety",
        ],
    ),
    (
        "National Gendarmerie (illustrative)",
        "03.1",
        [
            "Territorial brigades",
            "Mobile gendarmerie",
            "Judicial police",
            "Equipment of the units",
            "Gendarmerie schools",
            "Command and administration",
        ],
    ),
    (
        "General Directorate of Intelligence (illustrative)",
        "02.1",
        [
            "Foreign intelligence",
            "Counter-intelligence",
            "Technical means",
            "International cooperation",
            "Administration",
            "Training",
        ],
    ),
];
/// Of this section, investment and goods-and-services lines of every third
/// action are classified.
const CLASSIFIED_SECTION: usize = 3;
const ACTIONS: [&str; 8] = [
    "Personnel support",
    "Operations",
    "Infrastructure",
    "Vehicles and logistics",
    "Communications",
    "Training",
    "Health",
    "Maintenance",
];
const NATURES: [EconomicNature; 5] = [
    EconomicNature::Personnel,
    EconomicNature::GoodsAndServices,
    EconomicNature::Transfers,
    EconomicNature::Investment,
    EconomicNature::Other,
];
/// State totals, then one planned line per programme, then sector lines.
const PLANNED_START: u64 = 6;
const SECTOR_START: u64 = PLANNED_START + (SECTIONS.len() * 6) as u64;

/// A reproducible pseudo-random number (splitmix64).
fn mix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

/// A factor in `[lo, hi)` drawn from `seed`.
fn between(seed: u64, lo: f64, hi: f64) -> f64 {
    lo + (hi - lo) * (mix(seed) >> 11) as f64 / (1u64 << 53) as f64
}

/// The six stages' amounts of one heading, in XOF-sized units: voted, then
/// executed a little less at each step.
fn chain(seed: u64, base: f64) -> [f64; 6] {
    let initial = base;
    let revised = initial * between(seed ^ 1, 0.92, 1.08);
    let committed = revised * between(seed ^ 2, 0.85, 0.99);
    let verified = committed * between(seed ^ 3, 0.95, 1.0);
    let ordered = verified * between(seed ^ 4, 0.96, 1.0);
    let paid = ordered * between(seed ^ 5, 0.90, 1.0);
    [initial, revised, committed, verified, ordered, paid]
}

/// An amount as the English template writes it: no grouping, `.` before
/// the decimals of a currency that has them (MRU, about 15 XOF).
fn amount(xof: f64, currency: &str) -> String {
    if currency == "MRU" {
        let cents = (xof / 15.0 * 100.0).round() as u64;
        format!("{}.{:02}", cents / 100, cents % 100)
    } else {
        format!("{}", xof.round() as u64)
    }
}

/// A seed from the parts that identify what it draws.
fn seed(parts: &[u64]) -> u64 {
    parts.iter().fold(0x5EED, |acc, &p| mix(acc ^ p))
}

/// Line `k` of a country-year (see [`PLANNED_START`], [`SECTOR_START`]):
/// the 13 fields in template order.
fn line(country: usize, year: i32, k: u64) -> [String; 13] {
    let (code, currency) = COUNTRIES[country];
    let (c, y) = (country as u64, (year - FIRST_YEAR) as u64);
    let growth = 1.06f64.powi(year - FIRST_YEAR);
    let size = [1.0, 1.1, 0.45, 0.9, 0.7][country];
    let mut f: [String; 13] = Default::default();
    f[0] = code.to_owned();
    f[1] = year.to_string();
    f[10] = currency.to_owned();
    if k < PLANNED_START {
        let stage = k as usize;
        let amounts = chain(seed(&[c, y]), 1.6e12 * size * growth);
        f[2] = "state_total".into();
        f[3] = "State budget (illustrative)".into();
        f[8] = Stage::CHAIN[stage].code_in(Lang::En).into();
        f[9] = amount(amounts[stage], currency);
    } else if k < SECTOR_START {
        let p = (k - PLANNED_START) as usize;
        let (section, function, programs) = SECTIONS[p / 6];
        let start = FIRST_YEAR + 5 * ((year - FIRST_YEAR) / 5);
        f[2] = "sector".into();
        f[3] = section.into();
        f[4] = programs[p % 6].into();
        f[7] = function.into();
        f[8] = Stage::Planned.code_in(Lang::En).into();
        f[9] = amount(
            2.0e10 * size * growth * between(seed(&[c, y, k]), 0.8, 1.2),
            currency,
        );
        f[11] = format!(
            "Military programming law {start}-{} (illustrative)",
            start + 4
        );
    } else {
        let j = k - SECTOR_START;
        let stage = (j % 6) as usize;
        // One heading and nature: the same six stages' chain.
        let head = j / 6;
        let nature = NATURES[(head % 5) as usize];
        let heading = (j / 30) as usize;
        let section = heading % SECTIONS.len();
        let program = (heading / SECTIONS.len()) % 6;
        let action = heading / (SECTIONS.len() * 6);
        let (name, function, programs) = SECTIONS[section];
        // Each head keeps its size over the years, growing with the budget.
        let base = between(seed(&[c, head]), 5e7, 5e9)
            * between(seed(&[c, y, head]), 0.9, 1.1)
            * size
            * growth;
        let amounts = chain(seed(&[c, y, head, 1]), base);
        f[2] = "sector".into();
        f[3] = name.into();
        f[4] = programs[program].into();
        f[5] = format!("{:02} {}", action + 1, ACTIONS[action % ACTIONS.len()]);
        f[6] = nature.code_in(Lang::En).into();
        f[7] = function.into();
        f[8] = Stage::CHAIN[stage].code_in(Lang::En).into();
        f[9] = amount(amounts[stage], currency);
        let sensitive = matches!(
            nature,
            EconomicNature::Investment | EconomicNature::GoodsAndServices
        );
        if section == CLASSIFIED_SECTION && sensitive && action.is_multiple_of(3) {
            f[12] = "CD".into();
        }
    }
    f
}

/// Writes the file line by line; returns how many lines are classified.
fn generate(path: &Path, n: u64) -> u64 {
    let template = parser::template(Lang::En);
    let header = template.lines().next().unwrap();
    let names: Vec<&str> = COLUMNS.iter().map(|c| c.en).collect();
    assert_eq!(header.trim_start_matches('\u{FEFF}'), names.join(","));
    let mut out = BufWriter::with_capacity(1 << 20, File::create(path).unwrap());
    writeln!(out, "{header}").unwrap();
    let mut classified = 0;
    let cells = (COUNTRIES.len() as u64) * YEARS as u64;
    for cell in 0..cells {
        let (country, y) = ((cell / YEARS as u64) as usize, (cell % YEARS as u64) as i32);
        let lines = n / cells + u64::from(cell < n % cells);
        for k in 0..lines {
            let fields = line(country, FIRST_YEAR + y, k);
            classified += u64::from(!fields[12].is_empty());
            writeln!(out, "{}", fields.join(",")).unwrap();
        }
    }
    out.flush().unwrap();
    classified
}

/// `VmHWM` (peak resident set) and `VmRSS` of this process, in MiB.
fn memory() -> (f64, f64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
            .map_or(f64::NAN, |kb| kb / 1024.0)
    };
    (field("VmHWM:"), field("VmRSS:"))
}

/// Resets the peak to the current resident set (Linux ≥ 4.0); false if the
/// kernel refused, when peaks are the process's since it started.
fn reset_peak() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}

fn per_second(n: u64, d: Duration) -> f64 {
    n as f64 / d.as_secs_f64()
}

fn mib(bytes: u64) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}

fn file_size(path: &Path) -> u64 {
    std::fs::metadata(path).map_or(0, |m| m.len())
}

/// One phase's figures, for the table.
struct Phase {
    label: String,
    lines: u64,
    time: Duration,
    /// Resident at the start of the phase (the allocator keeps what earlier
    /// phases freed, so the peak includes it).
    start_mib: f64,
    peak_mib: f64,
    note: String,
}

/// Reads and checks every row as the import does before the database:
/// parsing and the duplicate check.
fn parse_only(path: &Path, name: &str) -> (u64, Duration) {
    let started = Instant::now();
    let rows = parser::read(name, File::open(path).unwrap()).unwrap();
    let mut duplicates = Duplicates::new(name);
    let mut n = 0;
    for row in rows {
        let parsed = row.unwrap();
        duplicates.check(&parsed).unwrap();
        n += 1;
    }
    (n, started.elapsed())
}

/// Progress is reported every 1,000 lines: the step of the rate marks.
fn tenth_of(n: u64) -> u64 {
    (n / 10).max(1000) / 1000 * 1000
}

/// Imports the file; returns the report, the time, the times at which each
/// `tenth` lines had been read, and the time at the last line.
async fn import(
    store: &Store,
    path: &Path,
    name: &str,
    tenth: u64,
    mode: ImportMode,
) -> (BudgetImport, Duration, Vec<Duration>, Duration) {
    let mut marks = Vec::new();
    let mut last = Duration::ZERO;
    let started = Instant::now();
    let report = store
        .budget()
        .import(
            &Actor::Cli,
            name,
            File::open(path).unwrap(),
            mode,
            &mut |read| {
                last = started.elapsed();
                if read % tenth == 0 && read / tenth > marks.len() as u64 {
                    marks.push(last);
                }
            },
        )
        .await
        .unwrap();
    (report, started.elapsed(), marks, last)
}

/// Import then dry run on one store; prints a line per step as it goes.
async fn import_and_dry_run(store: &Store, path: &Path, name: &str, n: u64) -> Vec<Phase> {
    let mut phases = Vec::new();
    let backend = store.backend().name();

    let step = tenth_of(n);
    reset_peak();
    let start_mib = memory().1;
    let (report, time, marks, last) = import(store, path, name, step, ImportMode::Apply).await;
    assert_eq!(report.lines, n);
    assert_eq!(report.inserted, n, "{report:?}");
    assert_eq!(report.changed_years.len(), 125);
    let tenth = |i: usize| {
        let from = if i == 0 { Duration::ZERO } else { marks[i - 1] };
        per_second(step, marks[i] - from)
    };
    let note = if marks.len() >= 2 {
        format!(
            "first tenth {:.0}/s, last tenth {:.0}/s; after the last line {:.1} s",
            tenth(0),
            tenth(marks.len() - 1),
            (time - last).as_secs_f64()
        )
    } else {
        String::new()
    };
    eprintln!("{backend}: import done in {:.1} s", time.as_secs_f64());
    phases.push(Phase {
        label: format!("import, {backend} (all new)"),
        lines: n,
        time,
        start_mib,
        peak_mib: memory().0,
        note,
    });

    reset_peak();
    let start_mib = memory().1;
    let (report, time, _, last) = import(store, path, name, step, ImportMode::DryRun).await;
    assert_eq!(report.unchanged, n, "{report:?}");
    assert!(report.changed_years.is_empty());
    eprintln!("{backend}: dry run done in {:.1} s", time.as_secs_f64());
    phases.push(Phase {
        label: format!("dry run, {backend} (all unchanged)"),
        lines: n,
        time,
        start_mib,
        peak_mib: memory().0,
        note: format!("after the last line {:.1} s", (time - last).as_secs_f64()),
    });
    phases
}

/// Median and slowest of `rounds` views and indicators of one country.
async fn view_and_indicators(
    store: &Store,
    country: CountryCode,
    rounds: usize,
) -> (Duration, Duration, usize) {
    let authorizer = Authorizer::load().unwrap();
    let who = Principal::public();
    let mut samples = Vec::new();
    let mut lines = 0;
    for _ in 0..rounds {
        let started = Instant::now();
        let view = store
            .budget()
            .view(&authorizer, &Actor::Public, &who, country)
            .await
            .unwrap();
        let to = view.default_to().unwrap();
        let indicators = store.budget().indicators(&view, to).await.unwrap();
        std::hint::black_box(&indicators);
        samples.push(started.elapsed());
        lines = view.visible_sums().len();
    }
    samples.sort();
    (
        samples[samples.len() / 2],
        samples[samples.len() - 1],
        lines,
    )
}

fn print_phases(phases: &[Phase], cumulative: bool) {
    println!();
    println!(
        "| phase | lines | time (s) | lines/s | RSS at start (MiB) | peak RSS (MiB) | notes |"
    );
    println!("| --- | ---: | ---: | ---: | ---: | ---: | --- |");
    for p in phases {
        println!(
            "| {} | {} | {:.1} | {:.0} | {:.0} | {:.0} | {} |",
            p.label,
            p.lines,
            p.time.as_secs_f64(),
            per_second(p.lines, p.time),
            p.start_mib,
            p.peak_mib,
            p.note
        );
    }
    if !cumulative {
        println!(
            "(peak RSS: VmHWM since the start of the phase, reset through /proc/self/clear_refs)"
        );
    } else {
        println!("(peak RSS: VmHWM since the process started: this kernel refused a reset)");
    }
}

#[tokio::main]
async fn main() {
    let n: u64 = std::env::var("VIGIE_BENCH_BUDGET_LINES")
        .ok()
        .and_then(|v| v.replace('_', "").parse().ok())
        .unwrap_or(1_000_000);
    let dir = tempfile::tempdir().unwrap();
    let name = "budget-bench.csv";
    let path = dir.path().join(name);
    let (start_peak, _) = memory();
    let cumulative = !reset_peak();

    let started = Instant::now();
    let classified = generate(&path, n);
    let generated = started.elapsed();
    let size = file_size(&path);
    println!(
        "generated {n} lines ({classified} classified CD) in {:.1} s: {:.1} MiB ({} bytes), {:.0} bytes a line",
        generated.as_secs_f64(),
        mib(size),
        size,
        size as f64 / (n + 1) as f64
    );

    // SQLite, in the same temporary directory, on the demo data (for the
    // classification schemes that `CD` needs).
    let data = dir.path().join("data");
    let store = Store::open(&DatabaseLocation::in_data_dir(&data))
        .await
        .unwrap()
        .with_vault(Vault::local(&data, &vault::default_key_file(&data)).unwrap());
    let started = Instant::now();
    store.load_demo().await.unwrap();
    println!("demo loaded in {:.1} s", started.elapsed().as_secs_f64());

    let mut phases = Vec::new();
    reset_peak();
    let start_mib = memory().1;
    let (read, time) = parse_only(&path, name);
    assert_eq!(read, n);
    eprintln!("parse only done in {:.1} s", time.as_secs_f64());
    phases.push(Phase {
        label: "read and check the file only (no database)".into(),
        lines: n,
        time,
        start_mib,
        peak_mib: memory().0,
        note: "CSV parsing, domain checks, duplicate check".into(),
    });
    phases.extend(import_and_dry_run(&store, &path, name, n).await);
    let db = data.join("vigie.db");
    let sqlite_size = file_size(&db) + file_size(&data.join("vigie.db-wal"));

    let (median, slowest, visible) = view_and_indicators(&store, CountryCode::BFA, 5).await;
    store.close().await;

    // PostgreSQL, when a server is given.
    let url = ["VIGIE_BENCH_DATABASE_URL", "VIGIE_TEST_DATABASE_URL"]
        .iter()
        .find_map(|v| std::env::var(v).ok().filter(|u| !u.is_empty()));
    let mut pg_view = None;
    if let Some(url) = url {
        let schema = format!("vigie_bench_budget_{}", std::process::id());
        let admin = DatabaseLocation::Postgres(url.clone());
        tamper_database(&admin, &format!("CREATE SCHEMA {schema}"))
            .await
            .unwrap();
        let separator = if url.contains('?') { '&' } else { '?' };
        let location =
            DatabaseLocation::Postgres(format!("{url}{separator}options[search_path]={schema}"));
        let pg_data = dir.path().join("pg");
        let pg = Store::open(&location)
            .await
            .unwrap()
            .with_vault(Vault::local(&pg_data, &vault::default_key_file(&pg_data)).unwrap());
        pg.load_demo().await.unwrap();
        phases.extend(import_and_dry_run(&pg, &path, name, n).await);
        pg_view = Some(view_and_indicators(&pg, CountryCode::BFA, 5).await);
        pg.close().await;
        tamper_database(&admin, &format!("DROP SCHEMA {schema} CASCADE"))
            .await
            .unwrap();
    }

    println!();
    println!(
        "| file | lines | size (MiB) | SQLite after import (MiB, db + wal) | peak RSS before the benchmark (MiB) |"
    );
    println!("| --- | ---: | ---: | ---: | ---: |");
    println!(
        "| {name} | {n} | {:.1} | {:.1} | {:.0} |",
        mib(size),
        mib(sqlite_size),
        start_peak
    );
    print_phases(&phases, cumulative);
    println!();
    println!(
        "| country page's data on the imported store (public reader) | kept totals seen | median (ms) | slowest of 5 (ms) |"
    );
    println!("| --- | ---: | ---: | ---: |");
    println!(
        "| BFA budget_view + budget_indicators, sqlite | {visible} | {:.0} | {:.0} |",
        median.as_secs_f64() * 1e3,
        slowest.as_secs_f64() * 1e3
    );
    if let Some((median, slowest, visible)) = pg_view {
        println!(
            "| BFA budget_view + budget_indicators, postgres | {visible} | {:.0} | {:.0} |",
            median.as_secs_f64() * 1e3,
            slowest.as_secs_f64() * 1e3
        );
    }
    let (peak, rss) = memory();
    println!();
    println!(
        "process at the end: VmRSS {rss:.0} MiB, VmHWM {peak:.0} MiB{}; load average: {}",
        if cumulative {
            " (since start)"
        } else {
            " (since the last reset)"
        },
        std::fs::read_to_string("/proc/loadavg")
            .unwrap_or_default()
            .split_whitespace()
            .take(3)
            .collect::<Vec<_>>()
            .join(" ")
    );
}
