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
use vigie_store::ImportMode;
use vigie_store::budget::{BudgetImport, BudgetView, LineQuery, VisibleLine};
use vigie_store::classification::RuleFiles;
use vigie_store::log::LogProblem;
use vigie_store::testing::TestStore;
use vigie_store::{Actor, Store, StoreError, Writer};

mod import;
mod indicators;
mod log;
mod read_model;
mod view;

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
            .budget()
            .import(
                &Actor::Cli,
                name,
                Cursor::new(file.to_vec()),
                mode,
                &mut |_| {},
            )
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

    /// Imports `file` as a demo user, through the policies.
    async fn import_as(
        &self,
        name: &str,
        file: &str,
        mode: ImportMode,
    ) -> Result<BudgetImport, StoreError> {
        let (principal, actor) = self.user(name).await;
        let writer = Writer::User {
            principal: &principal,
            authorizer: &self.authorizer,
        };
        self.store()
            .budget()
            .import_by(
                writer,
                &actor,
                "budget.csv",
                Cursor::new(file.as_bytes().to_vec()),
                mode,
                &mut |_| {},
            )
            .await
    }

    /// A new account of a demo institution with these roles; returns its
    /// username.
    async fn add_user(
        &self,
        name: &str,
        institution: &str,
        roles: &[vigie_domain::Role],
    ) -> String {
        let new = vigie_store::NewUser {
            username: name.parse().unwrap(),
            institution: institution.parse().unwrap(),
            roles: roles.to_vec(),
            password_hash: vigie_store::credentials::hash_password("x").unwrap(),
        };
        self.store().create_user(&Actor::Cli, &new).await.unwrap();
        name.to_owned()
    }

    /// Every line of a country, as its court of auditors (cleared to the
    /// top in the demo) sees them.
    async fn all_lines(
        &self,
        court: &str,
        country: CountryCode,
    ) -> Vec<vigie_domain::budget::BudgetLine> {
        let (daf, actor) = self.user(court).await;
        let view = self
            .store()
            .budget()
            .view(&self.authorizer, &actor, &daf, country)
            .await
            .unwrap();
        self.lines(&view)
            .await
            .into_iter()
            .map(|l| l.line)
            .collect()
    }

    /// Every line `view` shows, read as the downloads do.
    async fn lines(&self, view: &BudgetView) -> Vec<VisibleLine> {
        self.store()
            .budget()
            .lines(view, &LineQuery::default())
            .await
            .unwrap()
            .lines
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
            .budget()
            .view(&self.authorizer, actor, who, country)
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
        self.store().budget().indicators(&view, to).await.unwrap()
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
fn lines_per_year(lines: &[VisibleLine]) -> BTreeMap<i32, usize> {
    let mut out = BTreeMap::new();
    for l in lines {
        *out.entry(l.line.year.year()).or_insert(0) += 1;
    }
    out
}
