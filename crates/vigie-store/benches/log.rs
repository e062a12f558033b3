//! What the tamper-evident log costs, measured against plain inserts of the
//! same rows into the same database, in the same run.
//!
//!     cargo bench -p vigie-store --bench log
//!
//! Reported: appends per second one per transaction and in batches of
//! 1,000, beside plain inserts of the same rows (and the ratio); the time
//! to build an inclusion proof at 1,000 and at VIGIE_BENCH_ENTRIES
//! (default 1,000,000) entries; and a full `verify_log` at that size.

use std::time::{Duration, Instant};

use vigie_ledger::{Entry, SigningKey, leaf_hash, verify_inclusion};
use vigie_store::log::Event;
use vigie_store::testing::TestStore;
use vigie_store::{Actor, Backend};

const SINGLE: usize = 2_000;
const BATCHED: usize = 20_000;
const BATCH: usize = 1_000;

fn event(i: usize) -> Event {
    Event {
        action: "read",
        object_type: "document",
        object_id: i.to_string(),
        decision: None,
    }
}

/// The same bytes the log writes, for the plain-insert baseline.
fn plain_rows(start: i64, n: usize) -> Vec<(i64, Vec<u8>, Vec<u8>)> {
    (0..n)
        .map(|i| {
            let leaf = Entry {
                time_ms: 1_764_000_000_000,
                actor_user: "@system".into(),
                actor_institution: String::new(),
                action: "read".into(),
                object_type: "document".into(),
                object_id: i.to_string(),
                content_hash: None,
                decision: None,
                salt: None,
            }
            .encode();
            let hash = leaf_hash(&leaf).0.to_vec();
            (start + i as i64, leaf, hash)
        })
        .collect()
}

fn per_second(n: usize, d: Duration) -> f64 {
    n as f64 / d.as_secs_f64()
}

async fn proof_time(t: &TestStore, size: u64, samples: u64) -> Duration {
    let root = t.store.log_head().await.unwrap();
    let started = Instant::now();
    for k in 0..samples {
        let index = (k * 7919) % size;
        let proof = t.store.log_inclusion_proof(index, size).await.unwrap();
        std::hint::black_box(&proof);
        if size == root.size() && k == 0 {
            let leaf = t
                .store
                .log_entries(index, index + 1)
                .await
                .unwrap()
                .remove(0)
                .1;
            verify_inclusion(index, size, leaf_hash(&leaf), &proof, root.root()).unwrap();
        }
    }
    started.elapsed() / u32::try_from(samples).unwrap()
}

#[tokio::main]
async fn main() {
    let large: usize = std::env::var("VIGIE_BENCH_ENTRIES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let t = TestStore::new().await.unwrap();
    let blob = match t.store.backend() {
        Backend::Sqlite => "BLOB",
        Backend::Postgres => "BYTEA",
    };
    for table in ["bench_plain_single", "bench_plain_batched"] {
        let sql = format!(
            "CREATE TABLE {table} (idx BIGINT PRIMARY KEY, leaf {blob} NOT NULL, leaf_hash {blob} NOT NULL, \
             actor TEXT NOT NULL, action TEXT NOT NULL, object_type TEXT NOT NULL, object_id TEXT NOT NULL)"
        );
        t.execute(&sql, None).await.unwrap();
        let index = format!("CREATE INDEX {table}_object ON {table} (object_type, object_id)");
        t.execute(&index, None).await.unwrap();
    }
    println!("backend: {:?}", t.store.backend());

    // One entry per transaction.
    let rows = plain_rows(0, SINGLE);
    let started = Instant::now();
    t.plain_inserts("bench_plain_single", &rows, 1)
        .await
        .unwrap();
    let plain_single = started.elapsed();
    let started = Instant::now();
    for i in 0..SINGLE {
        t.store
            .record_events(&Actor::System, &[event(i)])
            .await
            .unwrap();
    }
    let log_single = started.elapsed();

    // Batches of 1,000 per transaction.
    let rows = plain_rows(0, BATCHED);
    let started = Instant::now();
    t.plain_inserts("bench_plain_batched", &rows, BATCH)
        .await
        .unwrap();
    let plain_batched = started.elapsed();
    let events: Vec<Event> = (0..BATCHED).map(event).collect();
    let started = Instant::now();
    for chunk in events.chunks(BATCH) {
        t.store.record_events(&Actor::System, chunk).await.unwrap();
    }
    let log_batched = started.elapsed();

    println!();
    println!("| writes | plain inserts/s | log appends/s | log cost (× plain) |");
    println!("| --- | ---: | ---: | ---: |");
    for (label, n, plain, log) in [
        ("one per transaction", SINGLE, plain_single, log_single),
        ("1,000 per transaction", BATCHED, plain_batched, log_batched),
    ] {
        println!(
            "| {label} | {:.0} | {:.0} | {:.2} |",
            per_second(n, plain),
            per_second(n, log),
            log.as_secs_f64() / plain.as_secs_f64()
        );
    }

    let proof_1k = proof_time(&t, 1_000, 500).await;

    // Grow the log to the large size, in batches.
    let have = t.store.log_head().await.unwrap().size() as usize;
    let started = Instant::now();
    let mut next = have;
    while next < large {
        let n = (large - next).min(10_000);
        let chunk: Vec<Event> = (next..next + n).map(event).collect();
        t.store.record_events(&Actor::System, &chunk).await.unwrap();
        next += n;
    }
    let grow = started.elapsed();
    let size = t.store.log_head().await.unwrap().size();
    let proof_large = proof_time(&t, size, 500).await;

    let key = SigningKey::from_seed("vigie-bench/log", &[5; 32]).unwrap();
    let note = t.store.log_checkpoint(&key).await.unwrap();
    let started = Instant::now();
    let report = t
        .store
        .verify_log(&key.verifier(), Some(&note))
        .await
        .unwrap()
        .unwrap();
    let verify = started.elapsed();
    assert_eq!(report.size, size);

    println!();
    println!("| measure | value |");
    println!("| --- | ---: |");
    println!(
        "| inclusion proof at 1,000 entries | {:.1} µs |",
        proof_1k.as_secs_f64() * 1e6
    );
    println!(
        "| inclusion proof at {size} entries | {:.1} µs |",
        proof_large.as_secs_f64() * 1e6
    );
    println!(
        "| appending {} entries (batches of 10,000) | {:.1} s |",
        size as usize - have,
        grow.as_secs_f64()
    );
    println!(
        "| full verify of {size} entries | {:.1} s |",
        verify.as_secs_f64()
    );
    t.cleanup().await.unwrap();
}
