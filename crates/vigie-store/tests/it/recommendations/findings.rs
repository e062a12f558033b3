//! The findings' statistics kept at write time (migration 0023) against
//! the same figures counted from the listed findings and referrals, and the
//! list walked a page at a time.

use std::collections::BTreeMap;

use vigie_store::findings::{FindingRow, FindingStatistics, ReferralRow};

use super::*;

/// The statistics counted from the findings and referrals as listed: per
/// country and year, one line when their amounts are in one currency, one
/// per currency (and one for none) otherwise.
fn counted(findings: &[FindingRow], referrals: &[ReferralRow]) -> Vec<FindingStatistics> {
    let mut lines: BTreeMap<(String, i32, String), FindingStatistics> = BTreeMap::new();
    let mut line_of: BTreeMap<&str, (String, i32, String)> = BTreeMap::new();
    for f in findings {
        let year: i32 = f.reported_on[..4].parse().unwrap();
        let currency = match (f.amount_minor, &f.currency) {
            (Some(_), Some(c)) => c.clone(),
            _ => String::new(),
        };
        let key = (f.country.clone(), year, currency.clone());
        let s = lines
            .entry(key.clone())
            .or_insert_with(|| FindingStatistics {
                country: f.country.clone(),
                year,
                currency,
                ..Default::default()
            });
        s.findings += 1;
        if !s.currency.is_empty() {
            s.amount_at_stake_minor += f.amount_minor.unwrap();
        }
        line_of.insert(&f.code, key);
    }
    for r in referrals {
        let s = lines.get_mut(&line_of[r.finding.as_str()]).unwrap();
        s.referrals += 1;
        *match r.outcome.as_str() {
            "pending" => &mut s.pending,
            "dismissed" => &mut s.dismissed,
            "convicted" => &mut s.convicted,
            _ => &mut s.acquitted,
        } += 1;
        s.recovered_minor += r.recovered_minor.unwrap_or(0);
    }
    let mut by_year: BTreeMap<(String, i32), Vec<FindingStatistics>> = BTreeMap::new();
    for ((country, year, _), s) in lines {
        by_year.entry((country, year)).or_default().push(s);
    }
    let mut out = Vec::new();
    for (_, group) in by_year {
        if group.iter().filter(|s| !s.currency.is_empty()).count() > 1 {
            out.extend(group);
            continue;
        }
        let mut one = group[0].clone();
        for s in &group[1..] {
            one.findings += s.findings;
            one.amount_at_stake_minor += s.amount_at_stake_minor;
            one.referrals += s.referrals;
            one.pending += s.pending;
            one.dismissed += s.dismissed;
            one.convicted += s.convicted;
            one.acquitted += s.acquitted;
            one.recovered_minor += s.recovered_minor;
            if !s.currency.is_empty() {
                one.currency.clone_from(&s.currency);
            }
        }
        out.push(one);
    }
    out
}

/// The kept statistics equal the counted ones, and the pages of every
/// country's list (and of all) are that list.
async fn assert_kept(t: &TestStore, limit: usize) {
    let findings = t.store.findings();
    let listed = findings.list(None).await.unwrap();
    let codes: Vec<&str> = listed.iter().map(|f| f.code.as_str()).collect();
    let referrals = findings.referrals_of(&codes).await.unwrap();
    assert_eq!(
        findings.statistics().await.unwrap(),
        counted(&listed, &referrals)
    );
    for country in [None, Some("BFA"), Some("MLI"), Some("NER")] {
        let (mut walked, mut after) = (Vec::new(), None);
        loop {
            let (page, next) = findings.page(country, after.as_ref(), limit).await.unwrap();
            assert!(page.len() <= limit);
            walked.extend(page);
            match next {
                Some(key) => after = Some(key),
                None => break,
            }
        }
        assert_eq!(walked, findings.list(country).await.unwrap(), "{country:?}");
    }
}

/// After the demo's findings, 60 random ones imported with random referrals
/// (outcomes, recoveries, now and then an amount in another currency), then
/// a referral's outcome changed, a finding moved to another year, country
/// and currency, and referrals and findings deleted, the statistics kept by
/// the triggers are those counted from what is listed.
#[tokio::test]
async fn the_kept_finding_statistics_are_those_counted_from_the_listed_findings() {
    use rand::{Rng, SeedableRng};
    let t = demo().await;
    let mut rng = rand::rngs::StdRng::seed_from_u64(20261207);
    let places = [
        ("BFA", "BFA-IGA", "BFA-TGI"),
        ("MLI", "MLI-BVG", "MLI-TGI"),
        ("NER", "NER-CDC", "NER-TGI"),
    ];
    let outcomes = ["pending", "dismissed", "convicted", "acquitted"];
    let mut file = Vec::new();
    for i in 0..60 {
        let (country, institution, court) = places[rng.random_range(0..places.len())];
        let year = rng.random_range(2019..2024);
        let mut f = json!({
            "code": format!("FND-P-{i:03}"), "country": country, "institution": institution,
            "source": "audit", "title": {"fr": "T", "en": "T"},
            "period": {"from": "2018", "to": "2019"},
            "reported_on": format!("{year}-0{}-1{}", rng.random_range(1..10), rng.random_range(0..10)),
            "illustrative": true, "source_note": "test"
        });
        if rng.random_bool(0.7) {
            let currency = if rng.random_bool(0.1) { "XAF" } else { "XOF" };
            f["amount_at_stake"] =
                json!({"amount": rng.random_range(1..1_000_000).to_string(), "currency": currency});
        }
        let referrals: Vec<Value> = (0..rng.random_range(0..3))
            .map(|n| {
                let mut r = json!({
                    "court": court, "referred_on": format!("{}-12-0{}", year + 1, n + 1),
                    "case_ref": format!("C-{i}-{n}"),
                    "outcome": outcomes[rng.random_range(0..outcomes.len())]
                });
                if rng.random_bool(0.3) {
                    r["amount_recovered"] =
                        json!({"amount": rng.random_range(1..1_000).to_string(), "currency": "XOF"});
                }
                r
            })
            .collect();
        f["referrals"] = Value::Array(referrals);
        file.push(f);
    }
    let text = serde_json::to_string(&json!({"findings": file})).unwrap();
    t.store
        .findings()
        .import(&Actor::Cli, "f.json", &text, ImportMode::Apply)
        .await
        .unwrap();
    assert_kept(&t, rng.random_range(1..9)).await;

    // What a later correction or a clean-up would do, each path of the
    // triggers: a referral updated, a finding moved, rows deleted.
    for sql in [
        "UPDATE finding_referrals SET outcome = 'convicted', recovered_minor = 77 WHERE case_ref = 'C-1-0'",
        "UPDATE finding_referrals SET finding_id = (SELECT id FROM findings WHERE code = 'FND-P-002') \
         WHERE finding_id = (SELECT id FROM findings WHERE code = 'FND-P-003')",
        "UPDATE findings SET country = 'MLI', reported_on = '2018-05-05', currency = 'XAF' WHERE code = 'FND-P-002'",
        "UPDATE findings SET amount_minor = NULL WHERE code = 'FND-P-004'",
        "DELETE FROM finding_referrals WHERE finding_id IN (SELECT id FROM findings WHERE code LIKE 'FND-P-05%')",
        "DELETE FROM findings WHERE code LIKE 'FND-P-05%'",
    ] {
        t.tamper(sql, None).await.unwrap();
        assert_kept(&t, rng.random_range(1..9)).await;
    }
    t.cleanup().await.unwrap();
}
