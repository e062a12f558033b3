//! Budgets on the storage layer: the demo's budget as each reader sees it,
//! the import (all or nothing, idempotent, dry), the log that vouches for
//! every country-year, and the indicators computed on every line.

use std::collections::BTreeMap;
use std::io::Cursor;

use rust_decimal::Decimal;
use vigie_domain::budget::{Score, Stage};
use vigie_domain::{CountryCode, FiscalYear};
use vigie_import::{ImportError, Location};
use vigie_ledger::{Entry, SigningKey, VerifierKey};
use vigie_policy::{Authorizer, Principal};
use vigie_store::budget::{BudgetImport, BudgetView, ImportMode, ImportScope};
use vigie_store::classification::RuleFiles;
use vigie_store::log::LogProblem;
use vigie_store::testing::TestStore;
use vigie_store::{Actor, Store, StoreError};

/// The demo's budget file, byte for byte.
const DEMO_BUDGET: &str = include_str!("../../demo/budget.csv");
/// The demo's classification levels (BFA's are imported on an empty store).
const DEMO_LEVELS: &str = include_str!("../../demo/classification_levels.csv");

const HEADER: &str = "country,fiscal_year,scope,section,program,action,economic_nature,function,\
                      stage,amount,currency,law,classification";

struct Env {
    t: TestStore,
    authorizer: Authorizer,
}

async fn empty() -> Env {
    Env {
        t: TestStore::new().await.unwrap(),
        authorizer: Authorizer::load().unwrap(),
    }
}

async fn demo() -> Env {
    let env = empty().await;
    env.store().load_demo().await.unwrap();
    env
}

/// An English file: the header, then the rows.
fn csv(rows: &[String]) -> String {
    let mut out = String::from(HEADER);
    for row in rows {
        out.push('\n');
        out.push_str(row);
    }
    out.push('\n');
    out
}

/// A BFA sector row of the defence ministry.
fn bfa(year: i32, program: &str, nature: &str, stage: &str, amount: &str, level: &str) -> String {
    format!(
        "BFA,{year},sector,Ministère de la Défense,{program},,{nature},02.1,{stage},{amount},XOF,,{level}"
    )
}

fn fy(year: i32) -> FiscalYear {
    FiscalYear::new(year).unwrap()
}

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn verifier() -> VerifierKey {
    SigningKey::from_seed("vigie-test/budget", &[9; 32])
        .unwrap()
        .verifier()
}

impl Env {
    fn store(&self) -> &Store {
        &self.t.store
    }

    async fn import(
        &self,
        name: &str,
        file: &[u8],
        mode: ImportMode,
    ) -> Result<BudgetImport, StoreError> {
        self.store()
            .import_budget(&Actor::Cli, name, Cursor::new(file), mode, &mut |_| {})
            .await
    }

    async fn apply(&self, file: &str) -> BudgetImport {
        self.import("budget.csv", file.as_bytes(), ImportMode::Apply)
            .await
            .unwrap()
    }

    async fn rejected(&self, name: &str, file: &[u8]) -> Vec<ImportError> {
        match self.import(name, file, ImportMode::Apply).await {
            Err(StoreError::Rejected(errors)) => errors,
            other => panic!("expected the file to be rejected, got {other:?}"),
        }
    }

    async fn log_size(&self) -> u64 {
        self.store().log_head().await.unwrap().size()
    }

    /// The entries appended since `from`.
    async fn entries_since(&self, from: u64) -> Vec<Entry> {
        let to = self.log_size().await;
        self.store()
            .log_entries(from, to)
            .await
            .unwrap()
            .iter()
            .map(|(_, leaf)| Entry::decode(leaf).unwrap())
            .collect()
    }

    async fn user(&self, name: &str) -> (Principal, Actor) {
        let user = self
            .store()
            .user_by_username(&name.parse().unwrap())
            .await
            .unwrap()
            .unwrap();
        (
            self.store().principal(&user).await.unwrap(),
            Actor::user(&user),
        )
    }

    async fn view_as(&self, who: &Principal, actor: &Actor, country: CountryCode) -> BudgetView {
        self.store()
            .budget_view(&self.authorizer, actor, who, country)
            .await
            .unwrap()
    }

    async fn public_view(&self, country: CountryCode) -> BudgetView {
        self.view_as(&Principal::public(), &Actor::System, country)
            .await
    }

    /// The public's indicators, PEFA's window ending at the default year.
    async fn indicators(&self, country: CountryCode) -> vigie_store::budget::Indicators {
        let view = self.public_view(country).await;
        let to = view.default_to().unwrap();
        self.store().budget_indicators(&view, to).await.unwrap()
    }

    /// BFA's classification levels, from the demo's file, as `vigie
    /// classification import` would add them.
    async fn import_bfa_levels(&self) {
        let levels: Vec<&str> = DEMO_LEVELS
            .lines()
            .enumerate()
            .filter(|(i, l)| *i == 0 || l.starts_with("BFA,"))
            .map(|(_, l)| l)
            .collect();
        let files = RuleFiles {
            levels: Some(("classification_levels.csv".into(), levels.join("\n") + "\n")),
            ..RuleFiles::default()
        };
        self.store()
            .import_classification(&Actor::Cli, &files)
            .await
            .unwrap();
    }

    async fn verify(&self) -> Result<(), LogProblem> {
        self.store()
            .verify_log(&verifier(), None)
            .await
            .unwrap()
            .map(|_| ())
    }

    async fn cleanup(self) {
        self.t.cleanup().await.unwrap();
    }
}

/// `(file, location, column, reason)` of each error, to compare whole.
fn parts(errors: &[ImportError]) -> Vec<(String, Location, String, String)> {
    errors
        .iter()
        .map(|e| {
            (
                e.file.clone(),
                e.location.clone(),
                e.column.clone(),
                e.reason.clone(),
            )
        })
        .collect()
}

fn error(line: u64, column: &str, reason: &str) -> (String, Location, String, String) {
    (
        "budget.csv".into(),
        Location::Line(line),
        column.into(),
        reason.into(),
    )
}

/// The number of visible lines per year.
fn lines_per_year(view: &BudgetView) -> BTreeMap<i32, usize> {
    let mut out = BTreeMap::new();
    for l in view.lines() {
        *out.entry(l.line.year.year()).or_insert(0) += 1;
    }
    out
}

#[tokio::test]
async fn the_demo_budget_shows_totals_to_all_and_classified_lines_to_oversight_only() {
    let env = demo().await;
    let years: Vec<i32> = (2015..=2023).collect();

    // The public: every year, the two classified lines of each year and
    // stage withheld, counted and summed, never listed.
    let before = env.log_size().await;
    let public = env.public_view(CountryCode::BFA).await;
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
        public
            .lines()
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
        let shown: Decimal = public
            .lines()
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
    assert!(!full.is_partial());
    let classified: Vec<&str> = full
        .lines()
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
    for l in full
        .lines()
        .iter()
        .filter(|l| l.line.classification.is_some())
    {
        assert!(l.line.action.contains("lot classifié"), "{:?}", l.line);
    }
    assert_eq!(full.lines().len(), public.lines().len() + classified.len());
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
    assert_eq!(foreign.lines(), public.lines());
    assert_eq!(foreign.withheld(), public.withheld());
    assert_eq!(env.log_size().await, before);
    // … and their own country's classified lines in full.
    let own = env.view_as(&mali, &actor, CountryCode::MLI).await;
    assert!(!own.is_partial());
    assert!(own.lines().iter().any(|l| l.line.classification.is_some()));
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
    assert_eq!(after_view.lines(), before_view.lines());
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
    assert_eq!(after_view.lines().len(), before_view.lines().len());
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
async fn an_import_scoped_to_one_country_refuses_the_others_lines() {
    let env = demo().await;
    let file = csv(&[
        bfa(2024, "P", "personnel", "initial", "1000", ""),
        "MLI,2024,sector,Ministère de la Défense,P,,personnel,02.1,initial,900,XOF,,".into(),
    ]);
    let err = env
        .store()
        .import_budget_within(
            ImportScope::Only(CountryCode::BFA),
            &Actor::Cli,
            "budget.csv",
            Cursor::new(file.as_bytes()),
            ImportMode::Apply,
            &mut |_| {},
        )
        .await
        .unwrap_err();
    let StoreError::Rejected(errors) = err else {
        panic!("expected the file to be rejected, got {err:?}");
    };
    assert_eq!(
        parts(&errors),
        [error(
            3,
            "country",
            "MLI: your institution may import only its own country's budget (BFA)"
        )]
    );
    // Nothing was stored, not even the line of the right country.
    let view = env
        .store()
        .budget_view(
            &env.authorizer,
            &Actor::Cli,
            &Principal::public(),
            CountryCode::BFA,
        )
        .await
        .unwrap();
    assert!(view.lines().iter().all(|l| l.line.year != fy(2024)));
    env.cleanup().await;
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
    assert_eq!(lines_per_year(&view).get(&2024), Some(&1));
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
    let amounts: Vec<(Stage, Decimal, &str, &str)> = bfa
        .lines()
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
    assert_eq!(mrt.lines().len(), 1);
    assert_eq!(mrt.lines()[0].line.amount.amount(), d("1250000.57"));
    assert_eq!(mrt.lines()[0].line.amount.currency().code(), "MRU");
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
    };
    assert_eq!(dry, expected);
    let after = env.public_view(CountryCode::BFA).await;
    assert_eq!(after.lines(), view.lines());
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
    assert_eq!((view.lines().len(), view.totals().len()), (0, 0));
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
    assert_eq!(view.lines().len(), 1);
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
    assert_eq!(view.lines().len(), 1);
    assert_eq!(view.withheld().len(), 1);
    assert_eq!(view.totals()[&(fy(2024), Stage::Initial)], d("1500"));
    env.verify().await.unwrap();
    env.cleanup().await;
}

#[tokio::test]
async fn budget_lines_changed_behind_the_logs_back_are_caught() {
    let env = demo().await;
    env.verify().await.unwrap();
    let one = "(SELECT MIN(id) FROM budget_lines WHERE country = 'BFA' AND fiscal_year = 2023)";
    assert_eq!(
        env.t
            .tamper(
                &format!(
                    "UPDATE budget_lines SET amount_minor = amount_minor + 1 WHERE id = {one}"
                ),
                None
            )
            .await
            .unwrap(),
        1
    );
    match env.verify().await {
        Err(LogProblem::Object {
            object_type,
            object_id,
            index,
            reason,
        }) => {
            assert_eq!(
                (object_type.as_str(), object_id.as_str()),
                ("budget_year", "BFA:2023")
            );
            assert!(index.is_some());
            assert!(reason.contains("changed outside the log"), "{reason}");
        }
        other => panic!("expected BFA:2023 to be reported, got {other:?}"),
    }
    // Put back, it verifies again.
    env.t
        .tamper(
            &format!("UPDATE budget_lines SET amount_minor = amount_minor - 1 WHERE id = {one}"),
            None,
        )
        .await
        .unwrap();
    env.verify().await.unwrap();

    // A classification lowered is caught the same way.
    env.t
        .tamper(
            "UPDATE budget_lines SET rank = 0 WHERE country = 'MLI' AND fiscal_year = 2019 AND rank = 3",
            None,
        )
        .await
        .unwrap();
    match env.verify().await {
        Err(LogProblem::Object { object_id, .. }) => assert_eq!(object_id, "MLI:2019"),
        other => panic!("expected MLI:2019 to be reported, got {other:?}"),
    }
    env.t
        .tamper(
            "UPDATE budget_lines SET rank = 3 WHERE country = 'MLI' AND fiscal_year = 2019 AND action LIKE '%lot classifié B%'",
            None,
        )
        .await
        .unwrap();
    env.verify().await.unwrap();

    // A year added behind the log's back has no entry at all.
    env.t
        .tamper(
            "INSERT INTO budget_lines (country, fiscal_year, scope, section, program, action, nature, cofog, \
             stage, law, amount_minor, currency, rank) \
             VALUES ('BFA', 2030, 'sector', 'S', 'P', '', 'personnel', '', 'initial', '', 5, 'XOF', 0)",
            None,
        )
        .await
        .unwrap();
    match env.verify().await {
        Err(LogProblem::Object {
            object_type,
            object_id,
            index,
            ..
        }) => {
            assert_eq!(
                (object_type.as_str(), object_id.as_str(), index),
                ("budget_year", "BFA:2030", None)
            );
        }
        other => panic!("expected BFA:2030 to be reported, got {other:?}"),
    }
    env.t
        .tamper("DELETE FROM budget_lines WHERE fiscal_year = 2030", None)
        .await
        .unwrap();
    env.verify().await.unwrap();

    // A whole year deleted is missed by nobody.
    env.t
        .tamper(
            "DELETE FROM budget_lines WHERE country = 'NER' AND fiscal_year = 2016",
            None,
        )
        .await
        .unwrap();
    match env.verify().await {
        Err(LogProblem::Object {
            object_id, reason, ..
        }) => {
            assert_eq!(object_id, "NER:2016");
            assert!(reason.contains("deleted outside the log"), "{reason}");
        }
        other => panic!("expected NER:2016 to be reported, got {other:?}"),
    }
    env.cleanup().await;
}

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
        .budget_indicators(&view, fy(2023))
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
