//! The budget's kept totals (migration 0020) against the lines they sum: a
//! reader's view, read from the totals, must be exactly what the lines
//! give when Cedar decides each of them, after inserts, re-imports that
//! change amounts and levels, and for readers of every kind.

use rand::{Rng, SeedableRng};
use vigie_domain::Money;
use vigie_domain::budget::{
    Composition, EconomicNature, PEFA_ACTUAL_STAGE, Scope, Stage, compare_with_sipri, execution,
    growth, pi1, pi2, programming_gap, state_share, totals,
};
use vigie_policy::{Action, Resource};

use super::*;

/// Every stored line of BFA with its id, read from the table itself, its
/// level named by `scheme`.
async fn stored_lines(
    env: &Env,
    scheme: &vigie_domain::ClassificationScheme,
) -> Vec<(i64, vigie_domain::budget::BudgetLine, u8)> {
    let rows = env
        .t
        .text_pairs(
            "SELECT CAST(id AS TEXT), CAST(fiscal_year AS TEXT) || '|' || scope || '|' || section \
             || '|' || program || '|' || action || '|' || nature || '|' || cofog || '|' || stage \
             || '|' || law || '|' || CAST(amount_minor AS TEXT) || '|' || currency || '|' \
             || CAST(rank AS TEXT) FROM budget_lines WHERE country = 'BFA'",
        )
        .await
        .unwrap();
    rows.into_iter()
        .map(|(id, row)| {
            let f: Vec<&str> = row.split('|').collect();
            let optional = |s: &str| (!s.is_empty()).then(|| s.to_owned());
            let rank: u8 = f[11].parse().unwrap();
            let classification = (rank > 0).then(|| {
                let level = scheme.at_rank(rank).unwrap();
                scheme.definition(level).unwrap().code.clone()
            });
            let line = vigie_domain::budget::BudgetLine {
                country: CountryCode::BFA,
                year: fy(f[0].parse().unwrap()),
                scope: f[1].parse().unwrap(),
                section: f[2].to_owned(),
                program: f[3].to_owned(),
                action: f[4].to_owned(),
                nature: optional(f[5]).map(|n| n.parse().unwrap()),
                function: optional(f[6]).map(|c| c.parse().unwrap()),
                stage: f[7].parse().unwrap(),
                law: optional(f[8]),
                amount: Money::from_minor(f[9].parse().unwrap(), f[10].parse().unwrap()),
                classification,
            };
            (id.parse().unwrap(), line, rank)
        })
        .collect()
}

/// Random lines over a small key space, so that later rounds change
/// amounts and levels of lines already stored.
fn random_lines(rng: &mut impl Rng) -> Vec<String> {
    let natures: Vec<&str> = EconomicNature::ALL.iter().map(|n| n.code()).collect();
    let mut rows = Vec::new();
    for _ in 0..rng.random_range(20..60) {
        let year = rng.random_range(2030..2034);
        let stage = Stage::CHAIN[rng.random_range(0..Stage::CHAIN.len())].code();
        let amount = rng.random_range(1..1_000_000_000u64);
        let roll = rng.random_range(0..20);
        rows.push(if roll == 0 {
            format!("BFA,{year},state_total,,,,,,{stage},{amount}0,XOF,,")
        } else if roll == 1 {
            format!("BFA,{year},sector,Ministère de la Défense,,,,,planned,{amount},XOF,LPM 2030,")
        } else {
            let section = ["Ministère de la Défense", "Gendarmerie"][rng.random_range(0..2)];
            let program = ["P1", "P2", "P3"][rng.random_range(0..3)];
            let action = ["A", "B", ""][rng.random_range(0..3)];
            let nature = natures[rng.random_range(0..natures.len())];
            let level = ["", "", "", "DR", "CD", "SD"][rng.random_range(0..6)];
            format!(
                "BFA,{year},sector,{section},{program},{action},{nature},02.1,{stage},{amount},XOF,,{level}"
            )
        });
    }
    // One line per key in a file: the last given wins.
    let mut by_key = std::collections::BTreeMap::new();
    for row in rows {
        let fields: Vec<&str> = row.split(',').collect();
        let key = [&fields[..9], &fields[11..12]].concat().join(",");
        by_key.insert(key, row);
    }
    by_key.into_values().collect()
}

#[tokio::test]
async fn a_view_read_from_the_kept_totals_is_what_every_line_decided_by_cedar_gives() {
    let env = demo().await;
    let mut rng = rand::rngs::StdRng::seed_from_u64(20261207);
    let mut readers = vec![(Principal::public(), Actor::System)];
    for name in ["bfa-codes", "bfa-daf", "bfa-cdc", "mli-bvg"] {
        readers.push(env.user(name).await);
    }
    let sipri = env
        .store()
        .budget()
        .sipri_years(CountryCode::BFA)
        .await
        .unwrap();
    // Neither side of the secret may be vacuous: some reader is kept from
    // some line, and some reader sees a classified one.
    let (mut kept_from_someone, mut classified_seen) = (false, false);
    let scheme = env
        .store()
        .classification_scheme(CountryCode::BFA)
        .await
        .unwrap()
        .unwrap();
    for round in 0..4 {
        env.apply(&csv(&random_lines(&mut rng))).await;
        let stored = stored_lines(&env, &scheme).await;
        let all: Vec<_> = stored.iter().map(|(_, l, _)| l.clone()).collect();
        for (reader, (who, actor)) in readers.iter().enumerate() {
            let view = env.view_as(who, actor, CountryCode::BFA).await;
            let context = format!("round {round}, reader {reader}");

            // What each line's own decision gives.
            let mut visible = Vec::new();
            let mut withheld: BTreeMap<(FiscalYear, Stage), (u64, Decimal)> = BTreeMap::new();
            for (id, line, rank) in &stored {
                let seen = *rank == 0 || {
                    let level = scheme.at_rank(*rank).unwrap();
                    let resource = Resource::budget_line(*id, level, line.year.year());
                    env.authorizer
                        .decide(who, Action::Consult, &resource, None)
                        .permit
                };
                if seen {
                    visible.push((*id, line.clone()));
                } else {
                    let w = withheld.entry((line.year, line.stage)).or_default();
                    w.0 += 1;
                    w.1 += line.amount.amount();
                }
            }
            visible.sort_by_key(|(id, _)| *id);
            kept_from_someone |= !withheld.is_empty();
            classified_seen |= visible.iter().any(|(_, l)| l.classification.is_some());

            // The view: totals, withheld lines, indicators.
            assert_eq!(view.totals(), totals(&all), "{context}");
            let kept: Vec<_> = view
                .withheld()
                .iter()
                .map(|w| ((w.year, w.stage), (w.lines, w.amount.map(|m| m.amount()))))
                .collect();
            let expected: Vec<_> = withheld
                .iter()
                .map(|(k, (n, sum))| (*k, (*n, (*n >= 2).then_some(*sum))))
                .collect();
            assert_eq!(kept, expected, "{context}");
            let to = view.default_to().unwrap();
            let ind = env.store().budget().indicators(&view, to).await.unwrap();
            assert_eq!(json(&ind.pefa.pi1), json(&pi1(&all, to, PEFA_ACTUAL_STAGE)));
            assert_eq!(
                json(&ind.pefa.pi2_1),
                json(&pi2(&all, to, PEFA_ACTUAL_STAGE, Composition::ByProgram))
            );
            assert_eq!(
                json(&ind.pefa.pi2_2),
                json(&pi2(&all, to, PEFA_ACTUAL_STAGE, Composition::ByNature))
            );
            assert_eq!(json(&ind.execution), json(&execution(&all)));
            assert_eq!(
                json(&ind.growth_initial),
                json(&growth(&all, Stage::Initial))
            );
            assert_eq!(json(&ind.growth_paid), json(&growth(&all, Stage::Paid)));
            assert_eq!(json(&ind.state_share), json(&state_share(&all)));
            assert_eq!(json(&ind.programming), json(&programming_gap(&all)));
            assert_eq!(
                json(&ind.constant_usd),
                json(&compare_with_sipri(&all, &sipri))
            );

            // The sums the reader may see are those of the visible lines.
            let by_nature = |lines: &mut dyn Iterator<Item = &vigie_domain::budget::BudgetLine>| {
                let mut out: BTreeMap<_, Decimal> = BTreeMap::new();
                for l in lines.filter(|l| l.scope == Scope::Sector) {
                    *out.entry((l.year, l.stage, l.nature, l.classification.clone()))
                        .or_default() += l.amount.amount();
                }
                out
            };
            assert_eq!(
                by_nature(&mut view.visible_sums().iter()),
                by_nature(&mut visible.iter().map(|(_, l)| l)),
                "{context}"
            );

            // How many the reader may see is known before reading them.
            assert_eq!(
                view.visible_line_count(None),
                visible.len() as u64,
                "{context}"
            );
            let in_2031 = visible.iter().filter(|(_, l)| l.year == fy(2031)).count();
            assert_eq!(
                view.visible_line_count(Some(fy(2031))),
                in_2031 as u64,
                "{context}"
            );

            // The lines, whole and walked a page at a time, are the
            // visible ones, in one order.
            let whole = env.lines(&view).await;
            let mut ids: Vec<i64> = whole.iter().map(|l| l.id).collect();
            ids.sort_unstable();
            assert_eq!(
                ids,
                visible.iter().map(|(id, _)| *id).collect::<Vec<_>>(),
                "{context}"
            );
            for l in &whole {
                let expected = &visible.iter().find(|(id, _)| *id == l.id).unwrap().1;
                assert_eq!(&l.line, expected, "{context}");
            }
            let limit = rng.random_range(1..15);
            let mut walked = Vec::new();
            let mut after = None;
            loop {
                let page = env
                    .store()
                    .budget()
                    .lines(
                        &view,
                        &LineQuery {
                            after,
                            limit: Some(limit),
                            ..LineQuery::default()
                        },
                    )
                    .await
                    .unwrap();
                assert!(page.lines.len() <= limit);
                walked.extend(page.lines);
                match page.next {
                    Some(id) => after = Some(id),
                    None => break,
                }
            }
            assert_eq!(walked, whole, "{context}: pages of {limit}");
        }
    }
    assert!(kept_from_someone && classified_seen);
    // The kept totals are the lines' own GROUP BY, both ways.
    for (table, key) in [
        (
            "budget_totals",
            "country || '|' || CAST(fiscal_year AS TEXT) || '|' || CAST(rank AS TEXT) || '|' \
             || scope || '|' || stage || '|' || nature || '|' || law || '|' || currency",
        ),
        (
            "budget_program_totals",
            "country || '|' || CAST(fiscal_year AS TEXT) || '|' || scope || '|' || stage || '|' \
             || section || '|' || program || '|' || currency",
        ),
    ] {
        let kept = env
            .t
            .text_pairs(&format!(
                "SELECT {key}, CAST(lines AS TEXT) || '|' || CAST(amount_minor AS TEXT) \
                 FROM {table} WHERE lines <> 0 ORDER BY 1"
            ))
            .await
            .unwrap();
        let recomputed = env
            .t
            .text_pairs(&format!(
                "SELECT {key}, CAST(COUNT(*) AS TEXT) || '|' || CAST(SUM(amount_minor) AS TEXT) \
                 FROM budget_lines GROUP BY {key} ORDER BY 1"
            ))
            .await
            .unwrap();
        assert_eq!(kept, recomputed, "{table}");
    }
    env.verify().await.unwrap();
    env.cleanup().await;
}

#[tokio::test]
async fn a_forged_cursor_naming_a_withheld_line_reads_nothing() {
    let env = demo().await;
    let (codes, actor) = env.user("bfa-codes").await;
    let full = env.view_as(&codes, &actor, CountryCode::BFA).await;
    let secret = env
        .lines(&full)
        .await
        .into_iter()
        .find(|l| l.line.classification.is_some())
        .unwrap();
    let public = env.public_view(CountryCode::BFA).await;
    let page = |after| {
        let store = env.store().clone();
        let public = public.clone();
        async move {
            store
                .budget()
                .lines(
                    &public,
                    &LineQuery {
                        after: Some(after),
                        limit: Some(10),
                        ..LineQuery::default()
                    },
                )
                .await
                .unwrap()
        }
    };
    // As for an id that names no line: the public learns nothing of where
    // the withheld line sits among the lines it sees.
    let forged = page(secret.id).await;
    let missing = page(i64::MAX).await;
    assert!(forged.lines.is_empty() && forged.next.is_none());
    assert!(missing.lines.is_empty() && missing.next.is_none());
    env.cleanup().await;
}

/// A value serialized, to compare indicators whole.
fn json(value: &impl serde::Serialize) -> serde_json::Value {
    serde_json::to_value(value).unwrap()
}
