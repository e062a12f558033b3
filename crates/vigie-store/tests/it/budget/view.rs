//! The demo's budget as each reader sees it.

use super::*;

#[tokio::test]
async fn the_demo_budget_shows_totals_to_all_and_classified_lines_to_oversight_only() {
    let env = demo().await;
    let years: Vec<i32> = (2015..=2023).collect();

    // The public: every year, the two classified lines of each year and
    // stage withheld, counted and summed, never listed.
    let before = env.log_size().await;
    let public = env.public_view(CountryCode::BFA).await;
    let public_lines = env.lines(&public).await;
    assert_eq!(
        public.years().iter().map(|y| y.year()).collect::<Vec<_>>(),
        years
    );
    assert!(public.is_partial());
    assert_eq!(public.withheld().len(), years.len() * Stage::CHAIN.len());
    for w in public.withheld() {
        assert_eq!(w.lines, 2, "{w:?}");
        assert!(w.amount.is_some(), "two lines: their sum is public");
    }
    assert!(
        public_lines
            .iter()
            .all(|l| l.line.classification.is_none() && !l.line.action.contains("lot classifié")),
        "no classified line reaches the public"
    );
    // The totals include them: BFA 2023 payments are SIPRI's figure for
    // 2023 to the unit (XOF 501,728,000,000), which the classified lots
    // are part of.
    let totals = public.totals();
    assert_eq!(totals[&(fy(2023), Stage::Paid)], d("501728000000"));
    for ((year, stage), total) in &totals {
        let shown: Decimal = public_lines
            .iter()
            .filter(|l| l.line.year == *year && l.line.stage == *stage)
            .filter(|l| l.line.scope == vigie_domain::budget::Scope::Sector)
            .map(|l| l.line.amount.amount())
            .sum();
        let withheld = public
            .withheld()
            .iter()
            .find(|w| w.year == *year && w.stage == *stage)
            .and_then(|w| w.amount)
            .map_or(Decimal::ZERO, |m| m.amount());
        assert_eq!(shown + withheld, *total, "{year} {stage}");
    }
    assert_eq!(
        env.log_size().await,
        before,
        "the public reads nothing secret"
    );

    // BFA's defence commission sees every line, with its level, and that
    // reading is logged once.
    let (codes, actor) = env.user("bfa-codes").await;
    let before = env.log_size().await;
    let full = env.view_as(&codes, &actor, CountryCode::BFA).await;
    let full_lines = env.lines(&full).await;
    assert!(!full.is_partial());
    let classified: Vec<&str> = full_lines
        .iter()
        .filter_map(|l| l.line.classification.as_deref())
        .collect();
    assert_eq!(classified.len(), years.len() * Stage::CHAIN.len() * 2);
    assert_eq!(
        classified.iter().filter(|c| **c == "CD").count(),
        classified.len() / 2
    );
    assert_eq!(
        classified.iter().filter(|c| **c == "SD").count(),
        classified.len() / 2
    );
    for l in full_lines
        .iter()
        .filter(|l| l.line.classification.is_some())
    {
        assert!(l.line.action.contains("lot classifié"), "{:?}", l.line);
    }
    assert_eq!(full_lines.len(), public_lines.len() + classified.len());
    assert_eq!(full.totals(), totals, "one total for everyone");
    let logged = env.entries_since(before).await;
    assert_eq!(logged.len(), 1, "{logged:?}");
    let e = &logged[0];
    assert_eq!(
        (
            e.action.as_str(),
            e.object_type.as_str(),
            e.object_id.as_str()
        ),
        ("read", "budget", "BFA")
    );
    assert_eq!(e.actor_user, "bfa-codes");
    assert!(
        e.decision.is_some(),
        "the decision that opened them is kept"
    );

    // An auditor of another country sees BFA as the public does.
    let (mali, actor) = env.user("mli-bvg").await;
    let before = env.log_size().await;
    let foreign = env.view_as(&mali, &actor, CountryCode::BFA).await;
    assert_eq!(env.lines(&foreign).await, public_lines);
    assert_eq!(foreign.withheld(), public.withheld());
    assert_eq!(env.log_size().await, before);
    // … and their own country's classified lines in full.
    let own = env.view_as(&mali, &actor, CountryCode::MLI).await;
    assert!(!own.is_partial());
    assert!(
        env.lines(&own)
            .await
            .iter()
            .any(|l| l.line.classification.is_some())
    );
    assert_eq!(env.log_size().await, before + 1);

    // A country without classified lines is whole for the public.
    let niger = env.public_view(CountryCode::NER).await;
    assert!(!niger.is_partial());
    assert_eq!(
        niger.years().first().map(|y| y.year()),
        Some(2016),
        "SIPRI has no 2015 figure for Niger"
    );
    env.verify().await.unwrap();
    env.cleanup().await;
}
