//! The register's overview (decision 0029), read once per version and per
//! visibility, against what each reader's own view of every process gives:
//! after imports that add processes and change their levels, for readers
//! of every kind asking in turns, so that an overview kept for one reader
//! is never handed to another who may see less (or more).

use std::collections::{BTreeMap, BTreeSet};

use rand::{Rng, SeedableRng};
use rust_decimal::Decimal;
use vigie_store::procurement::dashboard::{dashboard, is_derogatory, process_year};
use vigie_store::procurement::flags::{Flag, Flags, flags};
use vigie_store::procurement::overview::RECENT;

use super::*;

/// A random process of BFA or MLI over a small key space, so that later
/// rounds change processes already stored: a year, a derogatory regime or
/// not, awards to suppliers (some in consortium, some in another currency),
/// and classified fields at random levels.
fn random_release(rng: &mut impl Rng, round: usize) -> Value {
    let n = rng.random_range(0..40);
    let country = ["BFA", "MLI"][n % 2];
    let year = rng.random_range(2021..2025);
    let ocid = format!("ocds-prop-{n}");
    let method = ["open", "direct", "limited"][rng.random_range(0..3)];
    let mut tender = json!({"id": format!("t{n}"), "title": format!("Illustrative purchase {n}"),
        "procurementMethod": method,
        "value": {"amount": rng.random_range(1..1_000_000), "currency": "XOF"}});
    if rng.random_bool(0.5) {
        tender["exemption"] = json!({"legalBasis": "Décret illustratif, art. 3",
            "justification": format!("Illustrative justification {n}")});
    }
    let suppliers = ["SUP-A", "SUP-B", "SUP-C", "SUP-D"];
    let mut parties = vec![
        json!({"id": format!("BUY-{country}"), "name": "Illustrative buyer", "roles": ["buyer"]}),
    ];
    let mut awards = Vec::new();
    for a in 0..rng.random_range(0..3) {
        let named: Vec<&str> = (0..rng.random_range(1..3))
            .map(|_| suppliers[rng.random_range(0..suppliers.len())])
            .collect();
        for s in &named {
            parties.push(json!({"id": s, "name": format!("Fictive {s} SARL (round {round})"), "roles": ["supplier"]}));
        }
        let currency = if rng.random_bool(0.1) { "EUR" } else { "XOF" };
        awards.push(json!({"id": format!("a{a}"), "status": "active",
            "value": {"amount": rng.random_range(1..1_000_000), "currency": currency},
            "suppliers": named.iter().map(|s| json!({"id": s, "name": s})).collect::<Vec<_>>()}));
    }
    parties.sort_by_key(|p| p["id"].as_str().unwrap().to_owned());
    parties.dedup_by_key(|p| p["id"].as_str().unwrap().to_owned());
    let mut classification = Vec::new();
    let mut candidates = vec!["/tender/value"];
    if tender.get("exemption").is_some() {
        candidates.extend(["/tender/exemption/justification", "/tender/exemption"]);
    }
    let award_values: Vec<String> = (0..awards.len())
        .map(|a| format!("/awards/{a}/value"))
        .collect();
    candidates.extend(award_values.iter().map(String::as_str));
    for path in candidates {
        if rng.random_bool(0.25) {
            let level = ["DR", "CD", "SD"][rng.random_range(0..3)];
            classification.push(json!({"path": path, "level": level}));
        }
    }
    let mut extra = json!({
        "country": country,
        "buyer": {"id": format!("BUY-{country}"), "name": "Illustrative buyer"},
        "tender": tender,
        "parties": parties,
        "awards": awards,
    });
    if !classification.is_empty() {
        extra["classification"] = Value::Array(classification);
    }
    release(
        &ocid,
        &format!("{ocid}-r{round}"),
        &format!("{year}-0{}-01T00:00:00Z", rng.random_range(1..10)),
        "tender",
        extra,
    )
}

/// The flags about one country, as the pages chose them from a view.
fn flags_of_country(
    view: &vigie_store::procurement::ProcurementView,
    f: &Flags,
    country: CountryCode,
) -> Flags {
    let mine = view.of_country(country);
    let mut ocids = BTreeSet::new();
    let mut buyers = BTreeSet::new();
    let mut parties = BTreeSet::new();
    for p in mine.processes() {
        ocids.insert(p.ocid().to_owned());
        let r = p.release();
        if let Some(b) = r.pointer("/buyer/id").and_then(Value::as_str) {
            buyers.insert(b.to_owned());
        }
        for party in r
            .get("parties")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            if let Some(id) = party.get("id").and_then(Value::as_str) {
                parties.insert(id.to_owned());
            }
        }
    }
    let keep = |m: &BTreeMap<String, Vec<Flag>>, ids: &BTreeSet<String>| {
        m.iter()
            .filter(|(k, _)| ids.contains(*k))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect()
    };
    Flags {
        processes: keep(&f.processes, &ocids),
        buyers: keep(&f.buyers, &buyers),
        suppliers: keep(&f.suppliers, &parties),
    }
}

/// A supplier's derogatory value by year in `currency`, award by award.
fn supplier_years(
    view: &vigie_store::procurement::ProcurementView,
    supplier: &str,
    currency: Option<&str>,
) -> Vec<(i32, Decimal)> {
    let mut by_year: BTreeMap<i32, Decimal> = BTreeMap::new();
    for p in view.processes() {
        let r = p.release();
        let (Some(year), true) = (process_year(r), is_derogatory(r)) else {
            continue;
        };
        for award in r
            .get("awards")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let named: Vec<&str> = award
                .get("suppliers")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(|s| s.get("id").and_then(Value::as_str))
                .collect();
            let Some(value) = award.get("value") else {
                continue;
            };
            if named.contains(&supplier)
                && value.get("currency").and_then(Value::as_str) == currency
            {
                let a: Decimal = value["amount"].to_string().parse().unwrap_or_default();
                *by_year.entry(year).or_default() += a / Decimal::from(named.len());
            }
        }
    }
    by_year.into_iter().collect()
}

fn text(v: &impl serde::Serialize) -> String {
    serde_json::to_string(v).unwrap()
}

#[tokio::test]
async fn an_overview_is_what_the_readers_own_view_gives_whoever_asked_before() {
    let env = Env::demo().await;
    let mut rng = rand::rngs::StdRng::seed_from_u64(20261207);
    let mut readers = vec![(Principal::public(), Actor::System)];
    for name in ["bfa-codes", "bfa-cdc", "mli-bvg", "mli-cdspc"] {
        readers.push(env.user(name).await);
    }
    let (mut withheld_somewhere, mut shown_somewhere) = (false, false);
    for round in 0..4 {
        let releases: Vec<Value> = (0..30).map(|_| random_release(&mut rng, round)).collect();
        // One release per process per file: the last drawn wins.
        let mut by_ocid = BTreeMap::new();
        for r in releases {
            by_ocid.insert(r["ocid"].as_str().unwrap().to_owned(), r);
        }
        let releases: Vec<Value> = by_ocid.into_values().collect();
        env.import(&format!("round-{round}.json"), package(&releases))
            .await
            .unwrap();
        // Readers ask in a different order each round, twice: the second
        // time every overview comes from what is kept.
        let mut order: Vec<usize> = (0..readers.len()).collect();
        order.rotate_left(round);
        for (turn, &reader) in order.iter().chain(order.iter()).enumerate() {
            let (who, actor) = &readers[reader];
            let context = format!("round {round}, turn {turn}, reader {reader}");
            let before = env.log_size().await;
            let overview = env
                .store()
                .procurement()
                .overview(&env.authorizer, actor, who)
                .await
                .unwrap();
            let logged = env.log_size().await - before;
            let before = env.log_size().await;
            let view = env
                .store()
                .procurement()
                .view(&env.authorizer, actor, who, None)
                .await
                .unwrap();
            assert_eq!(
                logged,
                env.log_size().await - before,
                "{context}: readings logged"
            );

            let all_flags = flags(&view);
            assert_eq!(text(&overview.flags()), text(&all_flags), "{context}");
            for p in view.processes() {
                assert_eq!(
                    overview.process_flags(p.ocid()),
                    all_flags.processes.get(p.ocid())
                );
            }
            for (id, list) in &all_flags.buyers {
                assert_eq!(overview.buyer_flags(id), Some(list), "{context}");
            }
            for (id, list) in &all_flags.suppliers {
                assert_eq!(overview.supplier_flags(id), Some(list), "{context}");
            }
            for country in CountryCode::G5_SAHEL {
                let mine = view.of_country(country);
                let o = overview.country(country);
                let d = dashboard(&mine);
                assert_eq!(text(&o.dashboard), text(&d), "{context}, {country}");
                assert_eq!(o.processes, mine.processes().len() as u64, "{context}");
                assert_eq!(
                    o.derogatory,
                    mine.processes()
                        .iter()
                        .filter(|p| is_derogatory(p.release()))
                        .count() as u64
                );
                assert_eq!(o.partial, mine.is_partial(), "{context}, {country}");
                let of_country = flags_of_country(&view, &all_flags, country);
                assert_eq!(text(&o.flags), text(&of_country), "{context}, {country}");
                let mut counts: BTreeMap<&str, [usize; 3]> = BTreeMap::new();
                for (i, map) in [
                    &of_country.processes,
                    &of_country.buyers,
                    &of_country.suppliers,
                ]
                .into_iter()
                .enumerate()
                {
                    for flag in map.values().flatten() {
                        counts.entry(flag.code).or_default()[i] += 1;
                    }
                }
                assert_eq!(o.flag_counts, counts, "{context}, {country}");
                for s in &d.suppliers {
                    let kept: Vec<(i32, Decimal)> =
                        o.supplier_years.get(&s.id).cloned().unwrap_or_default();
                    assert_eq!(
                        kept,
                        supplier_years(&mine, &s.id, d.currency.as_deref()),
                        "{context}, {country}, {}",
                        s.id
                    );
                }
                let recent: Vec<String> =
                    o.recent.iter().map(|p| p.release().to_string()).collect();
                let expected: Vec<String> = mine
                    .processes()
                    .iter()
                    .take(RECENT)
                    .map(|p| p.release().to_string())
                    .collect();
                assert_eq!(recent, expected, "{context}, {country}");
            }
            for party in ["SUP-A", "SUP-B", "SUP-C", "SUP-D", "BUY-MLI"] {
                let first = view.processes().iter().find(|p| {
                    p.release()["parties"]
                        .as_array()
                        .is_some_and(|list| list.iter().any(|x| x["id"] == party))
                });
                assert_eq!(
                    overview.party_process(party),
                    first.map(|p| p.ocid()),
                    "{context}"
                );
            }
            withheld_somewhere |= view.is_partial();
            shown_somewhere |= logged > 0;
        }
    }
    assert!(withheld_somewhere, "some reader is kept from some field");
    assert!(shown_somewhere, "some reader is shown a classified field");
    env.t.cleanup().await.unwrap();
}

#[tokio::test]
async fn a_process_stored_before_its_list_day_gets_it_when_the_store_opens() {
    let env = Env::demo().await;
    let listed = "SELECT ocid, listed FROM procurement_processes ORDER BY ocid";
    let before = env.t.text_pairs(listed).await.unwrap();
    assert!(
        before.len() > 10 && before.iter().all(|(_, day)| day.len() == 10),
        "{before:?}"
    );
    env.t
        .execute("UPDATE procurement_processes SET listed = NULL", None)
        .await
        .unwrap();
    let reopened = env.t.another_handle().await.unwrap();
    drop(reopened);
    assert_eq!(env.t.text_pairs(listed).await.unwrap(), before);
    env.t.cleanup().await.unwrap();
}
