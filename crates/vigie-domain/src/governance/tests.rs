//! Validation and aggregation, against hand-written records.

use rust_decimal::Decimal;

use super::*;

fn bi(s: &str) -> Bilingual {
    Bilingual {
        fr: format!("{s} (fr)"),
        en: format!("{s} (en)"),
    }
}

fn question(code: &str, scores: &[i32]) -> Question {
    Question {
        code: code.into(),
        text: bi("q"),
        guidance: bi("g"),
        evidence: bi("e"),
        bands: scores
            .iter()
            .map(|s| Band {
                score: *s,
                criterion: bi("c"),
            })
            .collect(),
    }
}

fn framework() -> Framework {
    Framework {
        code: "T".into(),
        version: 1,
        title: bi("t"),
        description: bi("d"),
        illustrative: true,
        areas: vec![
            RiskArea {
                code: "A".into(),
                title: bi("a"),
                questions: vec![question("A1", &[0, 1, 2, 3, 4]), question("A2", &[0, 2, 4])],
            },
            RiskArea {
                code: "B".into(),
                title: bi("b"),
                questions: vec![
                    question("B1", &[0, 1, 2, 3, 4]),
                    question("B2", &[0, 1, 2, 3, 4]),
                    question("B3", &[0, 1, 2, 3, 4]),
                ],
            },
        ],
    }
}

fn assessment(country: &str, year: i32, scores: &[(&str, i32)]) -> Assessment {
    Assessment {
        framework: "T".into(),
        version: 1,
        country: country.parse().unwrap(),
        year,
        assessor: "DCAF".parse().unwrap(),
        illustrative: true,
        scores: scores
            .iter()
            .map(|(q, s)| QuestionScore {
                question: (*q).into(),
                score: *s,
                evidence: vec![],
                note: String::new(),
            })
            .collect(),
    }
}

#[test]
fn a_sound_framework_has_no_problem() {
    assert_eq!(framework().validate(), vec![]);
}

#[test]
fn bands_must_increase_strictly_and_codes_be_unique() {
    let mut f = framework();
    f.areas[0].questions[0] = question("A1", &[0, 2, 2, 1]);
    f.areas[1].questions[2].code = "A2".into();
    f.areas[1].questions[1] = question("B2", &[3]);
    let problems = f.validate();
    assert_eq!(
        problems,
        vec![
            Problem::at(
                "/areas/0/questions/0/bands/2/score",
                GovernanceError::BandsNotIncreasing {
                    previous: 2,
                    score: 2
                }
            ),
            Problem::at(
                "/areas/0/questions/0/bands/3/score",
                GovernanceError::BandsNotIncreasing {
                    previous: 2,
                    score: 1
                }
            ),
            Problem::at("/areas/1/questions/1/bands", GovernanceError::TooFewBands),
            Problem::at(
                "/areas/1/questions/2/code",
                GovernanceError::Duplicate("A2".into())
            ),
        ]
    );
    assert_eq!(
        problems[0].error.to_string(),
        "band scores must increase strictly: 2 comes after 2"
    );
}

#[test]
fn a_score_must_be_one_of_the_bands_and_every_question_scored() {
    let f = framework();
    let a = assessment(
        "MLI",
        2023,
        &[("A1", 3), ("A2", 3), ("B1", 1), ("B2", 2), ("Z9", 1)],
    );
    let problems = a.validate(&f);
    assert_eq!(
        problems,
        vec![
            Problem::at(
                "/scores/1/score",
                GovernanceError::ScoreNotInBands {
                    score: 3,
                    bands: "0, 2, 4".into()
                }
            ),
            Problem::at(
                "/scores/4/question",
                GovernanceError::UnknownQuestion {
                    question: "Z9".into(),
                    framework: "T@1".into()
                }
            ),
            Problem::at("/scores", GovernanceError::MissingScore("B3".into())),
        ]
    );
    assert_eq!(
        problems[0].error.to_string(),
        "3 is not one of the question's band scores (0, 2, 4)"
    );
}

#[test]
fn evidence_points_somewhere_and_the_year_is_plausible() {
    let f = framework();
    let mut a = assessment(
        "MLI",
        1900,
        &[("A1", 3), ("A2", 2), ("B1", 1), ("B2", 2), ("B3", 0)],
    );
    a.scores[0].evidence = vec![
        Evidence {
            title: "x".into(),
            url: None,
            document: None,
        },
        Evidence {
            title: "y".into(),
            url: Some("ftp://x".into()),
            document: None,
        },
        Evidence {
            title: "z".into(),
            url: None,
            document: Some(3),
        },
    ];
    assert_eq!(
        a.validate(&f),
        vec![
            Problem::at("/year", GovernanceError::Year(1900)),
            Problem::at(
                "/scores/0/evidence/0",
                GovernanceError::EvidenceWithoutTarget
            ),
            Problem::at(
                "/scores/0/evidence/1/url",
                GovernanceError::NotAUrl("ftp://x".into())
            ),
        ]
    );
}

#[test]
fn profiles_check_dates_texts_and_reporting_lines() {
    let p = InstitutionProfile {
        institution: "MLI-BVG".parse().unwrap(),
        functions: bi("f"),
        mandate: Bilingual {
            fr: "m".into(),
            en: " ".into(),
        },
        legal_bases: vec![LegalText {
            kind: LegalKind::Law,
            number: "Loi n°2012-009".into(),
            date: Some("2012-02-30".into()),
            title: bi("t"),
            source: "https://example.org/x".into(),
        }],
        access: AccessPower::Unknown,
        access_note: bi("n"),
        reporting_lines: vec![ReportingLine {
            to: "MLI-BVG".parse().unwrap(),
            nature: bi("r"),
        }],
        source: "s".into(),
        illustrative: true,
    };
    assert_eq!(
        p.validate(),
        vec![
            Problem::at("/mandate/en", GovernanceError::Empty),
            Problem::at(
                "/legal_bases/0/date",
                GovernanceError::NotADate("2012-02-30".into())
            ),
            Problem::at("/reporting_lines/0/to", GovernanceError::ReportsToItself),
        ]
    );
}

/// By hand. MLI 2023: area A = (3 + 4) / 2 = 3.50; B = (1 + 2 + 0) / 3 =
/// 1.00; overall = (3.50 + 1.00) / 2 = 2.25. MLI 2024: A = (2 + 2) / 2 =
/// 2.00; B = (4 + 4 + 3) / 3 = 3.666… → 3.67; overall = (2.00 + 3.67) / 2 =
/// 2.835 → 2.84 (the mean of the areas as shown, rounded half to even).
#[test]
fn area_and_overall_scores_are_means_and_the_matrix_compares_years() {
    let f = framework();
    let a = assessment(
        "MLI",
        2023,
        &[("A1", 3), ("A2", 4), ("B1", 1), ("B2", 2), ("B3", 0)],
    );
    let b = assessment(
        "MLI",
        2024,
        &[("A1", 2), ("A2", 2), ("B1", 4), ("B2", 4), ("B3", 3)],
    );
    let c = assessment(
        "NER",
        2023,
        &[("A1", 0), ("A2", 0), ("B1", 0), ("B2", 0), ("B3", 1)],
    );
    let s = summarize(&f, &a);
    assert_eq!(s.areas[0].score, Some(Decimal::new(350, 2)));
    assert_eq!(s.areas[1].score, Some(Decimal::new(100, 2)));
    assert_eq!(s.overall, Some(Decimal::new(225, 2)));
    let m = Matrix::of(&f, [&a, &b, &c]);
    assert_eq!(m.years, vec![2023, 2024]);
    assert_eq!(m.countries.len(), 2);
    let mli = "MLI".parse().unwrap();
    let s24 = m.get(mli, 2024).unwrap();
    assert_eq!(s24.areas[1].score, Some(Decimal::new(367, 2)));
    assert_eq!(s24.overall, Some(Decimal::new(284, 2)));
    // NER: A = 0, B = 1/3 → 0.33, overall (0 + 0.33) / 2 = 0.165 → 0.16 (to even).
    let latest = m.latest();
    assert_eq!(latest[0].1, 2024);
    assert_eq!(latest[1].2.overall, Some(Decimal::new(16, 2)));
}
