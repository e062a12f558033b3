//! Budget lines as stored, and back into domain lines.

use std::collections::BTreeMap;

use vigie_domain::budget::BudgetLine;
use vigie_domain::{ClassificationScheme, Currency, FiscalYear, Money};

use super::Budget;
use crate::db::on_pool;
use crate::log::state;
use crate::{Result, StoreError};

/// The columns of a stored line, in the natural key's order (which is also
/// the order the log hashes a country-year in).
pub(crate) const COLUMNS: &str = "id, country, fiscal_year, scope, section, program, action, nature, cofog, \
     stage, law, amount_minor, currency, rank";

/// `ORDER BY` of the natural key.
pub(crate) const KEY_ORDER: &str =
    "country, fiscal_year, scope, section, program, action, nature, cofog, stage, law";

/// One stored line. (`Default` for a kept total read back as a line: its
/// other columns are empty.)
#[derive(Debug, Clone, Default, sqlx::FromRow)]
pub(crate) struct LineRow {
    pub id: i64,
    pub country: String,
    pub fiscal_year: i32,
    pub scope: String,
    pub section: String,
    pub program: String,
    pub action: String,
    pub nature: String,
    pub cofog: String,
    pub stage: String,
    pub law: String,
    pub amount_minor: i64,
    pub currency: String,
    pub rank: i32,
}

impl LineRow {
    /// The natural key, for ordering.
    fn key(&self) -> [&str; 8] {
        [
            &self.scope,
            &self.section,
            &self.program,
            &self.action,
            &self.nature,
            &self.cofog,
            &self.stage,
            &self.law,
        ]
    }

    /// The `(column, value)` pairs the log hashes (all but the id, which
    /// the database assigns and a restore may renumber).
    pub(crate) fn fields(&self) -> [(&'static str, String); 13] {
        [
            ("country", self.country.clone()),
            ("fiscal_year", self.fiscal_year.to_string()),
            ("scope", self.scope.clone()),
            ("section", self.section.clone()),
            ("program", self.program.clone()),
            ("action", self.action.clone()),
            ("nature", self.nature.clone()),
            ("cofog", self.cofog.clone()),
            ("stage", self.stage.clone()),
            ("law", self.law.clone()),
            ("amount_minor", self.amount_minor.to_string()),
            ("currency", self.currency.clone()),
            ("rank", self.rank.to_string()),
        ]
    }

    /// The domain line, its classification named by the country's scheme.
    pub(crate) fn line(&self, scheme: Option<&ClassificationScheme>) -> Result<BudgetLine> {
        let corrupt = |what: &str| StoreError::Corrupt(format!("budget line {}: {what}", self.id));
        let optional = |s: &str| (!s.is_empty()).then(|| s.to_owned());
        let currency: Currency = self.currency.parse()?;
        let classification = if self.rank == 0 {
            None
        } else {
            let rank = u8::try_from(self.rank).map_err(|_| corrupt("rank"))?;
            let level = scheme
                .and_then(|s| s.at_rank(rank))
                .ok_or_else(|| corrupt("no such level in the country's scheme"))?;
            let code = scheme
                .and_then(|s| s.definition(level))
                .map(|d| d.code.clone())
                .ok_or_else(|| corrupt("no such level in the country's scheme"))?;
            Some(code)
        };
        Ok(BudgetLine {
            country: self.country.parse()?,
            year: FiscalYear::new(self.fiscal_year)?,
            scope: self.scope.parse()?,
            section: self.section.clone(),
            program: self.program.clone(),
            action: self.action.clone(),
            nature: optional(&self.nature).map(|n| n.parse()).transpose()?,
            function: optional(&self.cofog).map(|c| c.parse()).transpose()?,
            stage: self.stage.parse()?,
            amount: Money::from_minor(self.amount_minor, currency),
            law: optional(&self.law),
            classification,
        })
    }
}

/// The log state of a country-year: every line of it, in key order (sorted
/// here, not by SQL, whose text ordering depends on the backend's collation).
pub(crate) fn year_state(country: &str, year: i32, rows: &[&LineRow]) -> [u8; 32] {
    let mut sorted = rows.to_vec();
    sorted.sort_by(|a, b| a.key().cmp(&b.key()));
    let parts: Vec<Vec<(String, String)>> = sorted
        .iter()
        .map(|r| {
            r.fields()
                .into_iter()
                .map(|(k, v)| (k.to_owned(), v))
                .collect()
        })
        .collect();
    state::rows(
        "budget_year",
        &[
            vec![vec![
                ("country".to_owned(), country.to_owned()),
                ("fiscal_year".to_owned(), year.to_string()),
            ]],
            parts,
        ],
    )
}

/// The log's id for a country-year.
pub(crate) fn year_id(country: &str, year: i32) -> String {
    format!("{country}:{year}")
}

/// Groups rows (in key order) by country-year.
pub(crate) fn by_year(rows: &[LineRow]) -> BTreeMap<(String, i32), Vec<&LineRow>> {
    let mut out: BTreeMap<(String, i32), Vec<&LineRow>> = BTreeMap::new();
    for r in rows {
        out.entry((r.country.clone(), r.fiscal_year))
            .or_default()
            .push(r);
    }
    out
}

impl Budget<'_> {
    /// `(kind, id, state)` of every country-year, for `vigie log verify`.
    pub(crate) async fn states(self) -> Result<Vec<(&'static str, String, [u8; 32])>> {
        let sql = format!("SELECT {COLUMNS} FROM budget_lines ORDER BY {KEY_ORDER}");
        let rows: Vec<LineRow> = on_pool!(&self.store.db, pool => {
            sqlx::query_as(sqlx::AssertSqlSafe(sql)).fetch_all(pool).await?
        });
        Ok(by_year(&rows)
            .into_iter()
            .map(|((country, year), rows)| {
                (
                    "budget_year",
                    year_id(&country, year),
                    year_state(&country, year, &rows),
                )
            })
            .collect())
    }
}
