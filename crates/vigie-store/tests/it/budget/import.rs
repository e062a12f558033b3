//! The import: all or nothing, every error named, idempotent, dry, scoped, French files, reference countries.

use super::*;

#[tokio::test]
async fn a_file_with_errors_is_refused_whole_with_every_error_named() {
    let env = demo().await;
    let file = csv(&[
        bfa(
            2024,
            "Défense du territoire",
            "personnel",
            "initial",
            "1000",
            "",
        ),
        bfa(
            2024,
            "Défense du territoire",
            "personnel",
            "revised",
            "12x",
            "",
        ),
        bfa(
            2024,
            "Défense du territoire",
            "personnel",
            "paid",
            "900",
            "",
        ),
        bfa(
            2024,
            "Défense du territoire",
            "investment",
            "spent",
            "100",
            "",
        ),
        bfa(
            2024,
            "Défense du territoire",
            "investment",
            "initial",
            "500",
            "CD",
        ),
        bfa(
            2024,
            "Soutien des forces",
            "investment",
            "initial",
            "700",
            "TS",
        ),
    ]);
    let before_view = env.public_view(CountryCode::BFA).await;
    let before_log = env.log_size().await;
    let errors = env.rejected("budget.csv", file.as_bytes()).await;
    assert_eq!(
        parts(&errors),
        [
            error(3, "amount", "not a number `12x`"),
            error(
                5,
                "stage",
                "`spent`: expected one of initial|lfi, revised|lfr, committed|engagement, \
                 verified|liquidation, ordered|ordonnancement, paid|paiement, planned|programmation"
            ),
            error(
                7,
                "classification",
                "`TS` is not a level of BFA: NC, DR, CD, SD, TSD"
            ),
        ]
    );
    assert_eq!(
        errors[2].to_string(),
        "budget.csv:7: classification: `TS` is not a level of BFA: NC, DR, CD, SD, TSD"
    );
    let after_view = env.public_view(CountryCode::BFA).await;
    assert_eq!(env.lines(&after_view).await, env.lines(&before_view).await);
    assert_eq!(after_view.totals(), before_view.totals());
    assert!(!after_view.years().contains(&fy(2024)));
    assert_eq!(env.log_size().await, before_log);

    // Good lines already written in batches go too: 1,200 good lines, then
    // one bad line at the end.
    let mut rows: Vec<String> = (0..1200)
        .map(|i| {
            bfa(
                2024,
                &format!("Programme {i}"),
                "personnel",
                "initial",
                "10",
                "",
            )
        })
        .collect();
    rows.push(bfa(2024, "Programme X", "personnel", "initial", "10", "TS"));
    let errors = env.rejected("big.csv", csv(&rows).as_bytes()).await;
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].location, Location::Line(1202));
    assert_eq!(errors[0].file, "big.csv");
    let after_view = env.public_view(CountryCode::BFA).await;
    assert_eq!(
        env.lines(&after_view).await.len(),
        env.lines(&before_view).await.len()
    );
    assert_eq!(env.log_size().await, before_log);
    env.verify().await.unwrap();
    env.cleanup().await;
}

#[tokio::test]
async fn the_stores_own_checks_name_line_and_column() {
    let env = demo().await;
    // BFA's budget is in XOF: a line in XAF is refused where it is.
    let file = csv(&[
        bfa(2024, "P", "personnel", "initial", "1000", ""),
        "BFA,2024,sector,Ministère de la Défense,P,,personnel,02.1,paid,900,XAF,,".into(),
    ]);
    let errors = env.rejected("budget.csv", file.as_bytes()).await;
    assert_eq!(
        parts(&errors),
        [error(
            3,
            "currency",
            "BFA's budget is in XOF, not XAF: convert before importing"
        )]
    );
    // A French file: the column is named as the file names it.
    let file = "pays;exercice;section;programme;nature_economique;etape;montant;devise;classification\n\
                BFA;2024;Défense;P;personnel;lfi;1 000;XOF;\n\
                BFA;2024;Défense;P;personnel;paiement;900;XAF;\n\
                BFA;2024;Défense;P;investissement;paiement;900;XOF;XX\n";
    let errors = env.rejected("budget.csv", file.as_bytes()).await;
    assert_eq!(
        errors.iter().map(ToString::to_string).collect::<Vec<_>>(),
        [
            "budget.csv:3: devise: BFA's budget is in XOF, not XAF: convert before importing",
            "budget.csv:4: classification: `XX` is not a level of BFA: NC, DR, CD, SD, TSD",
        ]
    );
    env.cleanup().await;
}

#[tokio::test]
async fn a_producer_writes_only_its_own_country_lines() {
    let env = demo().await;
    let file = csv(&[
        bfa(2024, "P", "personnel", "initial", "1000", ""),
        "MLI,2024,sector,Ministère de la Défense,P,,personnel,02.1,initial,900,XOF,,".into(),
    ]);
    let err = env
        .import_as("bfa-daf", &file, ImportMode::Apply)
        .await
        .unwrap_err();
    let StoreError::Refused(errors) = err else {
        panic!("expected the file to be refused, got {err:?}");
    };
    assert_eq!(
        parts(&errors),
        [error(
            3,
            "country",
            "MLI: your institution may import only its own country's budget (BFA)"
        )]
    );
    env.t.cleanup().await.unwrap();
}

/// Issue 14, class 3: a budget import changes a line's level only through
/// a `classify` or `declassify` decision that weighs the writer's
/// clearance, and writes a year only if the writer may see all of it.
#[tokio::test]
async fn reclassifying_a_line_is_a_policy_decision() {
    let env = demo().await;
    // A classified line of the demo, as the file would name it.
    let lines = env.all_lines("bfa-cdc", CountryCode::BFA).await;
    let secret = lines
        .iter()
        .find(|l| l.classification.is_some())
        .expect("the demo has classified lines")
        .clone();
    let row = |level: &str| {
        format!(
            "BFA,{},{},{},{},{},{},{},{},{},XOF,{},{level}",
            secret.year.year(),
            secret.scope.code(),
            secret.section,
            secret.program,
            secret.action,
            secret.nature.map(|n| n.code()).unwrap_or_default(),
            secret
                .function
                .as_ref()
                .map(|f| f.as_str().to_owned())
                .unwrap_or_default(),
            secret.stage.code(),
            secret.amount.amount(),
            secret.law.clone().unwrap_or_default(),
        )
    };
    let level = secret.classification.clone().unwrap();

    // The stewardship, a classification authority cleared to the top:
    // re-importing as is changes nothing; declassifying is its call.
    let same = env
        .import_as("bfa-daf", &csv(&[row(&level)]), ImportMode::DryRun)
        .await
        .unwrap();
    assert_eq!(same.unchanged, 1, "{same:?}");
    let down = env
        .import_as("bfa-daf", &csv(&[row("")]), ImportMode::DryRun)
        .await
        .unwrap();
    assert_eq!(down.updated, 1, "{down:?}");

    // A producer of the same service who is no classification authority
    // may neither declassify it nor, cleared below it, write its year.
    let clerk = env
        .add_user("bfa-daf-clerk", "BFA-DAF", &[vigie_domain::Role::Producer])
        .await;
    env.store()
        .set_clearance(&Actor::Cli, &clerk.parse().unwrap(), 4)
        .await
        .unwrap();
    for (file, why) in [
        (csv(&[row("")]), "may not declassify"),
        (csv(&[row("NC")]), "may not declassify"),
    ] {
        let err = env
            .import_as(&clerk, &file, ImportMode::DryRun)
            .await
            .unwrap_err();
        let StoreError::Refused(errors) = err else {
            panic!("expected refused, got {err:?}");
        };
        assert!(errors[0].reason.contains(why), "{errors:?}");
    }
    // Cleared below the year's highest line, the clerk cannot write the
    // year at all, whatever the file says (and so learns nothing of which
    // heading is classified).
    env.store()
        .set_clearance(&Actor::Cli, &clerk.parse().unwrap(), 1)
        .await
        .unwrap();
    let harmless = csv(&[bfa(
        secret.year.year(),
        "Nouveau programme",
        "personnel",
        "initial",
        "5",
        "",
    )]);
    let err = env
        .import_as(&clerk, &harmless, ImportMode::DryRun)
        .await
        .unwrap_err();
    let StoreError::Refused(errors) = err else {
        panic!("expected refused, got {err:?}");
    };
    assert!(
        errors[0]
            .reason
            .contains("may not write this year's budget"),
        "{errors:?}"
    );
    // Nothing changed.
    let after = env.all_lines("bfa-cdc", CountryCode::BFA).await;
    assert_eq!(after.len(), lines.len());
    assert!(after.iter().any(|l| l == &secret));
    env.t.cleanup().await.unwrap();
}

#[tokio::test]
async fn importing_the_same_file_again_changes_nothing() {
    let env = demo().await;
    // The demo's own file, a second time.
    let before = env.log_size().await;
    let again = env.apply(DEMO_BUDGET).await;
    assert_eq!(
        again,
        BudgetImport {
            lines: 1918,
            inserted: 0,
            updated: 0,
            unchanged: 1918,
            changed_years: vec![],
            ..BudgetImport::default()
        }
    );
    assert_eq!(env.log_size().await, before);

    // A new year: four lines, one log entry.
    let rows = vec![
        bfa(2024, "P1", "personnel", "initial", "1000", ""),
        bfa(2024, "P1", "personnel", "paid", "900", ""),
        bfa(2024, "P2", "investment", "initial", "500", "CD"),
        bfa(2024, "P2", "investment", "paid", "450", "CD"),
    ];
    let first = env.apply(&csv(&rows)).await;
    assert_eq!(
        (
            first.inserted,
            first.updated,
            first.unchanged,
            first.changed_years.clone()
        ),
        (4, 0, 0, vec!["BFA:2024".to_owned()])
    );
    let before = env.log_size().await;
    let second = env.apply(&csv(&rows)).await;
    assert_eq!(
        second,
        BudgetImport {
            lines: 4,
            inserted: 0,
            updated: 0,
            unchanged: 4,
            changed_years: vec![],
            ..BudgetImport::default()
        }
    );
    assert_eq!(env.log_size().await, before);

    // One amount corrected: one line updated, one entry for its year.
    let mut corrected = rows.clone();
    corrected[1] = bfa(2024, "P1", "personnel", "paid", "950", "");
    let third = env.apply(&csv(&corrected)).await;
    assert_eq!(
        third,
        BudgetImport {
            lines: 4,
            inserted: 0,
            updated: 1,
            unchanged: 3,
            changed_years: vec!["BFA:2024".to_owned()],
            ..BudgetImport::default()
        }
    );
    let logged = env.entries_since(before).await;
    assert_eq!(logged.len(), 1, "{logged:?}");
    assert_eq!(
        (
            logged[0].action.as_str(),
            logged[0].object_type.as_str(),
            logged[0].object_id.as_str()
        ),
        ("import", "budget_year", "BFA:2024")
    );
    assert!(logged[0].content_hash.is_some());
    let view = env.public_view(CountryCode::BFA).await;
    assert_eq!(view.totals()[&(fy(2024), Stage::Paid)], d("1400"));

    // A level changed is a change too (and the line leaves the public's sight).
    let mut reclassified = corrected.clone();
    reclassified[0] = bfa(2024, "P1", "personnel", "initial", "1000", "SD");
    let fourth = env.apply(&csv(&reclassified)).await;
    assert_eq!((fourth.updated, fourth.unchanged), (1, 3));
    let view = env.public_view(CountryCode::BFA).await;
    assert_eq!(lines_per_year(&env.lines(&view).await).get(&2024), Some(&1));
    assert_eq!(view.totals()[&(fy(2024), Stage::Initial)], d("1500"));
    env.verify().await.unwrap();
    env.cleanup().await;
}

#[tokio::test]
async fn a_french_ministry_file_imports_to_the_exact_amounts() {
    let env = empty().await;
    // BOM, `;`, French headers with accents, decimal comma, no-break
    // spaces between thousands (UTF-8 U+00A0, and 0xA0 in Windows-1252),
    // labels in Windows-1252 (0xE8 è, 0xE9 é) next to UTF-8 ones, CRLF.
    let mut file: Vec<u8> = b"\xEF\xBB\xBF".to_vec();
    file.extend_from_slice(
        "Pays;Exercice;Périmètre;Section;Programme;Action;Nature économique;Fonction;Étape;Montant;Devise;Loi;Classification\r\n"
            .as_bytes(),
    );
    file.extend_from_slice(
        b"BFA;2024;secteur;Minist\xE8re de la D\xE9fense;D\xE9fense du territoire;;personnel;02.1;lfi;125\xA0000\xA0000\xA0001;XOF;;\r\n",
    );
    file.extend_from_slice(
        "BFA;2024;secteur;Ministère de la Défense;Défense du territoire;;personnel;02.1;paiement;98\u{A0}765\u{A0}432\u{A0}109,00;XOF;;\r\n"
            .as_bytes(),
    );
    file.extend_from_slice(
        "BFA;2024;total_etat;Budget de l'État;;;;;lfi;3\u{202F}200\u{202F}000\u{202F}000\u{202F}000;XOF;;\r\n"
            .as_bytes(),
    );
    file.extend_from_slice(
        "MRT;2024;;Ministère de la Défense nationale;Sécurité intérieure;;biens_et_services;03.1;engagement;1\u{A0}250\u{A0}000,57;MRU;;\r\n"
            .as_bytes(),
    );
    let report = env
        .import("budget-fr.csv", &file, ImportMode::Apply)
        .await
        .unwrap();
    assert_eq!((report.lines, report.inserted), (4, 4));
    assert_eq!(
        report.changed_years,
        ["BFA:2024".to_owned(), "MRT:2024".to_owned()]
    );

    let bfa = env.public_view(CountryCode::BFA).await;
    let bfa_lines = env.lines(&bfa).await;
    let amounts: Vec<(Stage, Decimal, &str, &str)> = bfa_lines
        .iter()
        .map(|l| {
            (
                l.line.stage,
                l.line.amount.amount(),
                l.line.section.as_str(),
                l.line.program.as_str(),
            )
        })
        .collect();
    assert!(
        amounts.contains(&(
            Stage::Initial,
            d("125000000001"),
            "Ministère de la Défense",
            "Défense du territoire"
        )),
        "{amounts:?}"
    );
    assert!(amounts.contains(&(
        Stage::Paid,
        d("98765432109"),
        "Ministère de la Défense",
        "Défense du territoire"
    )));
    assert!(amounts.contains(&(Stage::Initial, d("3200000000000"), "Budget de l'État", "")));
    // Sector totals leave the state budget out.
    assert_eq!(bfa.totals()[&(fy(2024), Stage::Initial)], d("125000000001"));
    let mrt = env.public_view(CountryCode::MRT).await;
    assert_eq!(env.lines(&mrt).await.len(), 1);
    assert_eq!(
        env.lines(&mrt).await[0].line.amount.amount(),
        d("1250000.57")
    );
    assert_eq!(
        env.lines(&mrt).await[0].line.amount.currency().code(),
        "MRU"
    );
    // The same file again: nothing new.
    let again = env
        .import("budget-fr.csv", &file, ImportMode::Apply)
        .await
        .unwrap();
    assert_eq!((again.inserted, again.updated, again.unchanged), (0, 0, 4));
    env.verify().await.unwrap();
    env.cleanup().await;
}

#[tokio::test]
async fn a_dry_run_counts_like_an_import_and_stores_nothing() {
    let env = demo().await;
    let demo_lines: Vec<&str> = DEMO_BUDGET.lines().collect();
    let first = demo_lines[1].trim_end();
    assert!(first.ends_with(",8031115017,XOF,,"), "{first}");
    let rows = vec![
        // Changed: a demo line with one franc more.
        first.replace(",8031115017,", ",8031115018,"),
        // Unchanged: a demo line as it is.
        demo_lines[2].trim_end().to_owned(),
        // New.
        bfa(2024, "P1", "personnel", "initial", "1000", ""),
        bfa(2024, "P1", "personnel", "paid", "900", ""),
        bfa(2024, "P2", "investment", "initial", "500", "CD"),
    ];
    let file = csv(&rows);
    let view = env.public_view(CountryCode::BFA).await;
    let size = env.log_size().await;
    let dry = env
        .import("budget.csv", file.as_bytes(), ImportMode::DryRun)
        .await
        .unwrap();
    let expected = BudgetImport {
        lines: 5,
        inserted: 3,
        updated: 1,
        unchanged: 1,
        changed_years: vec!["BFA:2015".into(), "BFA:2024".into()],
        ..BudgetImport::default()
    };
    assert_eq!(dry, expected);
    let after = env.public_view(CountryCode::BFA).await;
    assert_eq!(env.lines(&after).await, env.lines(&view).await);
    assert_eq!(after.totals(), view.totals());
    assert_eq!(env.log_size().await, size);
    env.verify().await.unwrap();

    // The real import does what the dry run said.
    assert_eq!(env.apply(&file).await, expected);
    assert_eq!(env.log_size().await, size + 2);
    env.verify().await.unwrap();
    env.cleanup().await;
}

#[tokio::test]
async fn without_the_demo_an_import_adds_the_reference_countries() {
    let env = empty().await;
    assert!(env.store().list_countries().await.unwrap().is_empty());
    // A reference state has an empty budget before its first import.
    let view = env.public_view(CountryCode::BFA).await;
    assert_eq!((env.lines(&view).await.len(), view.totals().len()), (0, 0));
    assert_eq!(view.currency().code(), "XOF");
    assert_eq!(view.default_to(), None);

    // A classified line needs the country's scheme: none yet.
    let classified = csv(&[
        bfa(2024, "P1", "personnel", "initial", "1000", ""),
        bfa(2024, "P2", "investment", "initial", "500", "CD"),
    ]);
    let errors = env.rejected("budget.csv", classified.as_bytes()).await;
    assert_eq!(
        parts(&errors),
        [error(
            3,
            "classification",
            "BFA has no classification scheme: import one with `vigie classification import`"
        )]
    );
    assert!(
        env.store().list_countries().await.unwrap().is_empty(),
        "the countries went with the refused import"
    );
    assert_eq!(env.log_size().await, 0);

    // A public line: BFA (and the other reference states) come with it.
    let report = env
        .apply(&csv(&[bfa(2024, "P1", "personnel", "initial", "1000", "")]))
        .await;
    assert_eq!((report.inserted, report.changed_years.len()), (1, 1));
    let countries = env.store().list_countries().await.unwrap();
    let bfa_country = countries
        .iter()
        .find(|c| c.code == CountryCode::BFA)
        .unwrap();
    assert_eq!(bfa_country.currency.code(), "XOF");
    let view = env.public_view(CountryCode::BFA).await;
    assert_eq!(env.lines(&view).await.len(), 1);
    assert_eq!(view.currency().code(), "XOF");
    let logged = env.entries_since(0).await;
    assert_eq!(
        logged.iter().filter(|e| e.object_type == "country").count(),
        countries.len()
    );
    assert_eq!(logged.last().unwrap().object_id, "BFA:2024");
    env.verify().await.unwrap();

    // Once BFA has levels, the classified line goes in.
    env.import_bfa_levels().await;
    let report = env.apply(&classified).await;
    assert_eq!((report.inserted, report.unchanged), (1, 1));
    let view = env.public_view(CountryCode::BFA).await;
    assert_eq!(env.lines(&view).await.len(), 1);
    assert_eq!(view.withheld().len(), 1);
    assert_eq!(view.totals()[&(fy(2024), Stage::Initial)], d("1500"));
    env.verify().await.unwrap();
    env.cleanup().await;
}

/// Execution reports carry regularisation lines: a payment cancelled is a
/// negative line, stored as it is, with a warning when it was written in
/// parentheses; the report's total row is skipped, with a warning too. A stage's total for the year cannot be negative, counting
/// the lines already stored: such a file is refused whole.
#[tokio::test]
async fn regularisation_lines_may_be_negative_but_not_a_stages_total() {
    let env = demo().await;
    let file = "pays;exercice;périmètre;section;programme;action;nature_économique;fonction;étape;montant;devise;loi;classification
BFA;2024;secteur;Défense;P1;;personnel;02.1;paiement;10 000;XOF;;
BFA;2024;secteur;Régularisations;P1;;personnel;02.1;paiement;(1 234,00);XOF;;
;;;Total;;;;;;8 766;;;
";
    let report = env
        .import("execution.csv", file.as_bytes(), ImportMode::Apply)
        .await
        .unwrap();
    assert_eq!(report.lines, 2);
    assert_eq!(report.warnings_total, 2);
    let warnings: Vec<String> = report.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(
        warnings,
        [
            "execution.csv:3: montant: `(1 234,00)` read as a negative amount (parentheses, as accountants write one)",
            "execution.csv:4: `Total`: a total row, skipped (Vigie computes the totals from the lines)",
        ]
    );
    let view = env.public_view(CountryCode::BFA).await;
    assert_eq!(
        view.totals().get(&(fy(2024), Stage::Paid)).copied(),
        Some(d("8766"))
    );
    env.verify().await.unwrap();

    // A larger cancellation would make the year's payments negative.
    let size = env.log_size().await;
    let file = csv(&[bfa(2024, "P9", "personnel", "paid", "-9000", "")]);
    let Err(StoreError::Rejected(errors)) = env
        .import("more.csv", file.as_bytes(), ImportMode::Apply)
        .await
    else {
        panic!("a negative total is refused")
    };
    assert_eq!(
        errors.iter().map(ToString::to_string).collect::<Vec<_>>(),
        [
            "more.csv: BFA 2024, sector lines, stage paid: the total would be -234 XOF; \
          regularisation lines may be negative, but not a stage's total, which is cumulative"
        ]
    );
    assert_eq!(env.log_size().await, size, "nothing landed");
    let after = env.public_view(CountryCode::BFA).await;
    assert_eq!(after.totals(), view.totals());
    env.cleanup().await;
}

/// On PostgreSQL an import of 10,000 lines or more leaves the planner's
/// statistics fresh, so that the next readers get plans made for what is
/// there; a small import does not pay for them.
#[tokio::test]
async fn a_bulk_import_refreshes_the_planners_statistics_on_postgresql() {
    let env = demo().await;
    if env.store().backend() != vigie_store::Backend::Postgres {
        return env.t.cleanup().await.unwrap();
    }
    let analyzed = async || {
        env.t
            .text_pairs(
                "SELECT relname, COALESCE(CAST(last_analyze AS TEXT), '') FROM pg_stat_user_tables \
                 WHERE schemaname = current_schema() AND relname = 'budget_lines'",
            )
            .await
            .unwrap()[0]
            .1
            .clone()
    };
    let small: Vec<String> = (0..4)
        .map(|i| bfa(2024, &format!("S{i}"), "personnel", "initial", "1000", ""))
        .collect();
    env.apply(&csv(&small)).await;
    assert_eq!(analyzed().await, "", "analyzed after four lines");
    let bulk: Vec<String> = (0..10_000)
        .map(|i| bfa(2025, &format!("P{i}"), "personnel", "initial", "1000", ""))
        .collect();
    assert_eq!(env.apply(&csv(&bulk)).await.inserted, 10_000);
    assert_ne!(analyzed().await, "", "not analyzed after 10,000 lines");
    env.t.cleanup().await.unwrap();
}
