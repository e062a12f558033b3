//! Indicators computed on every line, classified ones included.

use super::*;

#[tokio::test]
async fn pefa_pi1_counts_the_classified_lines() {
    let env = empty().await;
    env.apply(&csv(&[bfa(2020, "P", "personnel", "initial", "1", "")]))
        .await;
    env.import_bfa_levels().await;
    // Ordered ÷ initial, all lines (classified `CD` ones included):
    //   2021: (830 + 150) ÷ (900 + 100) = 980 ÷ 1000 = 98.00 %  → A (95–105)
    //   2022: (920 + 310) ÷ (1000 + 200) = 1230 ÷ 1200 = 102.50 % → A
    //   2023: 800 ÷ 1000 = 80.00 %                            → D (outside 85–115)
    // A in two years of three → A. On the public lines alone it would be
    // 830 ÷ 900 = 92.2 % (B), 920 ÷ 1000 = 92 % (B), 80 % (D) → B.
    let mut rows = Vec::new();
    for (year, initial, ordered, secret_initial, secret_ordered) in [
        (2021, "900", "830", Some("100"), Some("150")),
        (2022, "1000", "920", Some("200"), Some("310")),
        (2023, "1000", "800", None, None),
    ] {
        rows.push(bfa(year, "Public", "personnel", "initial", initial, ""));
        rows.push(bfa(year, "Public", "personnel", "ordered", ordered, ""));
        if let (Some(i), Some(o)) = (secret_initial, secret_ordered) {
            rows.push(bfa(year, "Lot", "investment", "initial", i, "CD"));
            rows.push(bfa(year, "Lot", "investment", "ordered", o, "CD"));
        }
    }
    // 2024 is voted, not executed yet; a programming law plans 2024–2026.
    rows.push(bfa(2024, "Public", "personnel", "initial", "1100", ""));
    for year in 2024..=2026 {
        rows.push(format!(
            "BFA,{year},sector,Ministère de la Défense,,,,,planned,1200,XOF,LPM 2024-2026,"
        ));
    }
    env.apply(&csv(&rows)).await;

    let view = env.public_view(CountryCode::BFA).await;
    assert_eq!(view.years().last(), Some(&fy(2026)));
    // PEFA's window ends at the last year with execution figures.
    assert_eq!(view.default_to(), Some(fy(2023)));
    assert_eq!(view.totals()[&(fy(2021), Stage::Initial)], d("1000"));
    assert_eq!(view.totals()[&(fy(2022), Stage::Ordered)], d("1230"));
    let indicators = env
        .store()
        .budget()
        .indicators(&view, fy(2023))
        .await
        .unwrap();
    let pi1 = &indicators.pefa.pi1;
    assert_eq!(
        pi1.years.iter().map(|y| y.outturn).collect::<Vec<_>>(),
        [Some(d("98.00")), Some(d("102.50")), Some(d("80.00"))]
    );
    assert_eq!(
        pi1.years.iter().map(|y| y.band).collect::<Vec<_>>(),
        [Some(Score::A), Some(Score::A), Some(Score::D)]
    );
    assert_eq!(pi1.score, Some(Score::A));
    assert!(!pi1.insufficient_information);
    assert_eq!(pi1.years[0].approved, Some(d("1000")));
    assert_eq!(indicators.currency, "XOF");
    // Execution sees the classified lines too: 2022 ordered ÷ initial.
    let y2022 = indicators
        .execution
        .iter()
        .find(|e| e.year == fy(2022))
        .unwrap();
    assert_eq!(y2022.initial, Some(d("1200")));
    env.verify().await.unwrap();
    env.cleanup().await;
}

#[tokio::test]
async fn the_demo_indicators_are_those_its_readme_announces() {
    let env = demo().await;
    // BFA: ordered ÷ initial 1.203 / 1.283 / 1.199 in 2021–2023, all
    // beyond 115 %: D. Classified lines count, for the public too.
    let bfa = env.indicators(CountryCode::BFA).await;
    assert_eq!(bfa.to, fy(2023));
    assert_eq!(bfa.pefa.pi1.score, Some(Score::D));
    for y in &bfa.pefa.pi1.years {
        assert!(y.outturn.unwrap() > d("115"), "{y:?}");
    }
    // Payments are SIPRI's figure to the unit: 100 % of SIPRI, and SIPRI's
    // own constant dollars (793.373482 millions → 793.37).
    let y2023 = bfa
        .constant_usd
        .iter()
        .find(|c| c.year == fy(2023))
        .unwrap();
    assert_eq!(y2023.stage, Some(Stage::Paid));
    assert_eq!(y2023.ratio, Some(d("100.00")));
    assert_eq!(y2023.budget_constant_usd, Some(d("793.37")));
    // NER: 1.006 / 0.993 / 0.982, all within 5 %: A.
    let ner = env.indicators(CountryCode::NER).await;
    assert_eq!(ner.pefa.pi1.score, Some(Score::A));
    assert!(!ner.pefa.pi1.insufficient_information);
    env.cleanup().await;
}
