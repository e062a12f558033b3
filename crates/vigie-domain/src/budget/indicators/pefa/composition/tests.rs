use super::*;
use crate::budget::indicators::PEFA_ACTUAL_STAGE;
use crate::budget::indicators::fixture::{d, fy, head};
use EconomicNature::{Investment, Personnel};
use Score::{A, B, D};

/// Three programmes: P1 and P2 pay personnel, P3 invests. `approved` and
/// `ordered` give P1, P2, P3 in that order.
fn year(y: i32, approved: [i64; 3], ordered: [i64; 3]) -> Vec<BudgetLine> {
    let heads = [("P1", Personnel), ("P2", Personnel), ("P3", Investment)];
    let mut lines = Vec::new();
    for (i, (program, nature)) in heads.into_iter().enumerate() {
        lines.push(head(y, Stage::Initial, program, nature, approved[i]));
        lines.push(head(y, Stage::Ordered, program, nature, ordered[i]));
    }
    lines
}

/// The worked example for 2021–2023, approved 50 / 30 / 20 every year.
fn example() -> Vec<BudgetLine> {
    [
        // 2021: everything 10 % over the vote: 55 / 33 / 22.
        year(2021, [50, 30, 20], [55, 33, 22]),
        // 2022: P1 alone overspends: 60 / 30 / 20.
        year(2022, [50, 30, 20], [60, 30, 20]),
        // 2023: 10 moved from P3 to P1: 60 / 30 / 10.
        year(2023, [50, 30, 20], [60, 30, 10]),
    ]
    .concat()
}

fn variances(p: &Pi2) -> Vec<(Option<Decimal>, Option<Score>)> {
    p.years.iter().map(|y| (y.variance, y.band)).collect()
}

#[test]
fn by_programme_the_aggregate_deviation_is_removed_first() {
    let p = pi2(
        &example(),
        fy(2023),
        PEFA_ACTUAL_STAGE,
        Composition::ByProgram,
    );
    assert_eq!(p.composition.dimension(), "2.1");
    assert_eq!(
        variances(&p),
        vec![
            // 2021: total 110 / 100 → adjusted 55 / 33 / 22 = actual → 0 % → A
            // (PI-1 would see 110 %; the composition did not change).
            (Some(d("0")), Some(A)),
            // 2022: adjusted 55 / 33 / 22; deviations |60 − 55| + |30 − 33| +
            // |20 − 22| = 5 + 3 + 2 = 10; 10 / 110 = 9.0909… % → 9.09 → B
            (Some(d("9.09")), Some(B)),
            // 2023: total 100 / 100 → adjusted 50 / 30 / 20; deviations
            // 10 + 0 + 10 = 20; 20 / 100 = 20 % → D
            (Some(d("20")), Some(D)),
        ]
    );
    assert_eq!(p.years[1].approved, Some(d("100")));
    assert_eq!(p.years[1].actual, Some(d("110")));
    // A once, B twice (A counts as B) → B.
    assert_eq!(p.score, Some(B));
    assert!(!p.insufficient_information);
}

#[test]
fn by_economic_nature_heads_merge() {
    let p = pi2(
        &example(),
        fy(2023),
        PEFA_ACTUAL_STAGE,
        Composition::ByNature,
    );
    assert_eq!(p.composition.dimension(), "2.2");
    assert_eq!(
        variances(&p),
        vec![
            // 2021: personnel 80 → 88, investment 20 → 22: 0 % → A
            (Some(d("0")), Some(A)),
            // 2022: personnel 80 → 90, investment 20 → 20, total 110 / 100;
            // adjusted 88 / 22; deviations 2 + 2 = 4; 4 / 110 = 3.6363… % → 3.64 → A
            (Some(d("3.64")), Some(A)),
            // 2023: personnel 80 → 90, investment 20 → 10; adjusted 80 / 20;
            // deviations 10 + 10 = 20; 20 / 100 = 20 % → D
            (Some(d("20")), Some(D)),
        ]
    );
    // A twice → A.
    assert_eq!(p.score, Some(A));
}

#[test]
fn exactly_five_percent_is_not_a() {
    // Approved 500 / 500, actual 525 / 475: totals 1 000 both; deviations
    // 25 + 25 = 50; 50 / 1 000 = 5 % exactly → not under 5 → B.
    let lines = [
        year(2021, [500, 500, 0], [525, 475, 0]),
        year(2022, [500, 500, 0], [525, 475, 0]),
        year(2023, [500, 500, 0], [525, 475, 0]),
    ]
    .concat();
    let p = pi2(&lines, fy(2023), PEFA_ACTUAL_STAGE, Composition::ByProgram);
    assert_eq!(p.years[0].variance, Some(d("5")));
    assert_eq!(p.years[0].band, Some(B));
    assert_eq!(p.score, Some(B));
}

#[test]
fn an_unbudgeted_head_deviates_by_all_it_spends() {
    // Approved P1 100; actual P1 80 and P4 20 (no vote for P4). Totals 100
    // and 100; adjusted P1 100, P4 0; deviations 20 + 20 = 40 → 40 %.
    let lines = vec![
        head(2023, Stage::Initial, "P1", Personnel, 100),
        head(2023, Stage::Ordered, "P1", Personnel, 80),
        head(2023, Stage::Ordered, "P4", Personnel, 20),
    ];
    let p = pi2(&lines, fy(2023), PEFA_ACTUAL_STAGE, Composition::ByProgram);
    assert_eq!(p.years[2].variance, Some(d("40")));
    assert_eq!(p.years[2].band, Some(D));
    // 2021 and 2022 have no figure: D, but only a floor.
    assert_eq!((p.score, p.insufficient_information), (Some(D), true));
    // By nature, both are personnel: 100 against 100 → 0 %.
    let n = pi2(&lines, fy(2023), PEFA_ACTUAL_STAGE, Composition::ByNature);
    assert_eq!(n.years[2].variance, Some(d("0")));
}

#[test]
fn no_figure_in_the_period_is_not_rated() {
    let p = pi2(
        &example(),
        fy(2030),
        PEFA_ACTUAL_STAGE,
        Composition::ByProgram,
    );
    assert_eq!(p.score, None);
    assert!(p.years.iter().all(|y| y.variance.is_none()));
}

#[test]
fn the_detail_names_heads_and_flags_classified_ones() {
    let mut lines = example();
    // P3's 2022 payment orders are classified.
    for line in lines.iter_mut() {
        if line.program == "P3" && line.year == fy(2022) && line.stage == Stage::Ordered {
            line.classification = Some("CD".into());
        }
    }
    let detail = pi2_detail(&lines, fy(2023), PEFA_ACTUAL_STAGE, Composition::ByProgram);
    assert_eq!(detail.years.len(), 3);
    let y2022 = &detail.years[1];
    assert_eq!(y2022.year, fy(2022));
    let row = |program: &str, approved, actual, adjusted, deviation, classified| HeadOutturn {
        head: Head::Program(ProgramHead {
            section: "Défense".into(),
            program: program.into(),
        }),
        approved: d(approved),
        actual: d(actual),
        adjusted: Some(d(adjusted)),
        deviation: Some(d(deviation)),
        classified,
    };
    // Scale 110 / 100 = 1.1: adjusted 50 × 1.1 = 55, 30 × 1.1 = 33, 20 × 1.1 = 22.
    assert_eq!(
        y2022.heads,
        vec![
            row("P1", "50", "60", "55", "5", false),
            row("P2", "30", "30", "33", "3", false),
            row("P3", "20", "20", "22", "2", true),
        ]
    );
    // Adjusted amounts print with two decimals.
    assert_eq!(
        y2022.heads[0].adjusted.map(|a| a.to_string()),
        Some("55.00".into())
    );

    let by_nature = pi2_detail(&lines, fy(2023), PEFA_ACTUAL_STAGE, Composition::ByNature);
    let heads: Vec<&Head> = by_nature.years[1].heads.iter().map(|h| &h.head).collect();
    assert_eq!(
        heads,
        vec![
            &Head::Nature {
                nature: Some(Personnel)
            },
            &Head::Nature {
                nature: Some(Investment)
            },
        ]
    );
}
