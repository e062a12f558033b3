//! What one reader may see of a country's budget.
//!
//! The view is read from the budget's kept totals (`budget_totals`,
//! migration 0020): one row per year, level, scope, stage, economic nature
//! and law, which is every figure a page shows but PEFA PI-2.1 (read by
//! programme for its window, [`Budget::indicators`]) and the grain at which
//! the policies decide. The lines themselves are read a page at a time
//! ([`Budget::lines`]), only those the view admits.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use rust_decimal::Decimal;
use vigie_domain::budget::{BudgetLine, Stage};
use vigie_domain::{CountryCode, Currency, FiscalYear, Money};
use vigie_policy::{Action, Authorizer, Principal, Resource};

use super::Budget;
use super::rows::LineRow;
use crate::db::on_pool;
use crate::demo::files::reference_countries;
use crate::documents::logged;
use crate::log::{Actor, Event};
use crate::{Result, StoreError};

/// A line the reader may see in full.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct VisibleLine {
    /// Its id.
    pub id: i64,
    /// The line.
    #[serde(flatten)]
    pub line: BudgetLine,
}

/// Classified lines of one year and stage that the reader may not see: how
/// many, and their sum when it does not stand for one line alone.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Withheld {
    /// The fiscal year.
    pub year: FiscalYear,
    /// The stage.
    pub stage: Stage,
    /// How many lines are withheld.
    pub lines: u64,
    /// Their sum, only when there are at least two: one withheld line's sum
    /// would be that line's amount on its own.
    pub amount: Option<Money>,
}

/// A country's budget as one reader may see it.
///
/// It holds the sums of every line, classified or not, privately: totals
/// and indicators count them all (the overall defence budget is public),
/// while [`BudgetView::visible_sums`] and [`Budget::lines`] hand out only
/// what the policies let the reader see. There is no accessor for the rest.
#[derive(Debug, Clone)]
pub struct BudgetView {
    country: CountryCode,
    currency: Currency,
    /// One line per kept total, its amount the total (no section,
    /// programme, action or COFOG function: the figures drawn from these
    /// do not read them).
    all: Vec<BudgetLine>,
    /// The kept totals the reader may see.
    visible: Vec<BudgetLine>,
    withheld: Vec<Withheld>,
    /// The classified `(year, rank)` pairs the reader may see.
    permitted: BTreeSet<(i32, i32)>,
    /// How many lines the reader may see, per year.
    visible_lines: BTreeMap<FiscalYear, u64>,
}

impl BudgetView {
    /// The country.
    pub fn country(&self) -> CountryCode {
        self.country
    }

    /// The currency its budget is in.
    pub fn currency(&self) -> Currency {
        self.currency
    }

    /// The sums of the lines the reader may see, per year, stage, level,
    /// economic nature and law.
    pub fn visible_sums(&self) -> &[BudgetLine] {
        &self.visible
    }

    /// The classified lines kept from the reader, by year and stage.
    pub fn withheld(&self) -> &[Withheld] {
        &self.withheld
    }

    /// How many lines the reader may see, of one year or of all: what a
    /// download would hold, known before reading them.
    pub fn visible_line_count(&self, year: Option<FiscalYear>) -> u64 {
        match year {
            Some(year) => self.visible_lines.get(&year).copied().unwrap_or(0),
            None => self.visible_lines.values().sum(),
        }
    }

    /// Whether any line is kept from the reader.
    pub fn is_partial(&self) -> bool {
        !self.withheld.is_empty()
    }

    /// The fiscal years with any line, oldest first.
    pub fn years(&self) -> Vec<FiscalYear> {
        let mut years: Vec<FiscalYear> = self.all.iter().map(|l| l.year).collect();
        years.sort();
        years.dedup();
        years
    }

    /// The sums of every line, for the indicators, which publish aggregates
    /// only.
    pub(crate) fn all_sums(&self) -> &[BudgetLine] {
        &self.all
    }

    /// Sector totals per year and stage, classified lines included.
    pub fn totals(&self) -> BTreeMap<(FiscalYear, Stage), Decimal> {
        vigie_domain::budget::totals(&self.all)
    }

    /// The SQL condition admitting the lines this view shows, its values
    /// bound from `$first` on: public lines, and classified ones of a year
    /// and level the reader may see.
    pub(super) fn admits(&self, first: usize) -> (String, Vec<i32>) {
        let mut sql = "(rank = 0".to_owned();
        let mut values = Vec::with_capacity(self.permitted.len() * 2);
        for (year, rank) in &self.permitted {
            let n = first + values.len();
            sql.push_str(&format!(" OR (fiscal_year = ${n} AND rank = ${})", n + 1));
            values.extend([*year, *rank]);
        }
        sql.push(')');
        (sql, values)
    }
}

/// One kept total.
#[derive(Debug, sqlx::FromRow)]
struct SumRow {
    fiscal_year: i32,
    rank: i32,
    scope: String,
    stage: String,
    nature: String,
    law: String,
    currency: String,
    lines: i64,
    amount_minor: i64,
}

impl SumRow {
    /// The total as a line of its own: what the indicators sum.
    fn line(
        &self,
        country: CountryCode,
        scheme: Option<&vigie_domain::ClassificationScheme>,
    ) -> Result<BudgetLine> {
        LineRow {
            country: country.to_string(),
            fiscal_year: self.fiscal_year,
            scope: self.scope.clone(),
            nature: self.nature.clone(),
            stage: self.stage.clone(),
            law: self.law.clone(),
            amount_minor: self.amount_minor,
            currency: self.currency.clone(),
            rank: self.rank,
            ..LineRow::default()
        }
        .line(scheme)
    }
}

impl Budget<'_> {
    /// A country's budget as `who` may see it. Classified lines are decided
    /// by the policies (`consult` on a budget-line resource), one decision
    /// per level and year since nothing else about a line changes the
    /// answer; when the reader sees any, the reading is logged.
    pub async fn view(
        self,
        authorizer: &Authorizer,
        actor: &Actor,
        who: &Principal,
        country: CountryCode,
    ) -> Result<BudgetView> {
        let currency = self.currency(country).await?;
        let sums = self.sums(country).await?;
        let scheme = if sums.iter().any(|r| r.rank > 0) {
            self.store.classification_scheme(country).await?
        } else {
            None
        };
        let mut decisions: HashMap<(i32, i32), vigie_policy::Decision> = HashMap::new();
        let mut all = Vec::with_capacity(sums.len());
        let mut visible = Vec::with_capacity(sums.len());
        let mut withheld: BTreeMap<(FiscalYear, Stage), (u64, Decimal)> = BTreeMap::new();
        let mut shown_classified: Option<vigie_policy::Decision> = None;
        let mut visible_lines: BTreeMap<FiscalYear, u64> = BTreeMap::new();
        for row in &sums {
            let line = row.line(country, scheme.as_ref())?;
            let may_see = row.rank == 0 || {
                let key = (row.fiscal_year, row.rank);
                let decision = match decisions.get(&key) {
                    Some(d) => d.clone(),
                    None => {
                        let level = scheme
                            .as_ref()
                            .and_then(|s| s.at_rank(u8::try_from(row.rank).ok()?))
                            .ok_or_else(|| {
                                StoreError::Corrupt(format!(
                                    "budget of {country} {}: rank {}",
                                    row.fiscal_year, row.rank
                                ))
                            })?;
                        let resource = Resource::budget_line(0, level, row.fiscal_year);
                        let d = authorizer.decide(who, Action::Consult, &resource, None);
                        decisions.insert(key, d.clone());
                        d
                    }
                };
                if decision.permit && shown_classified.is_none() {
                    shown_classified = Some(decision.clone());
                }
                decision.permit
            };
            if may_see {
                *visible_lines.entry(line.year).or_default() +=
                    u64::try_from(row.lines).unwrap_or(0);
                visible.push(line.clone());
            } else {
                let w = withheld
                    .entry((line.year, line.stage))
                    .or_insert((0, Decimal::ZERO));
                w.0 += u64::try_from(row.lines).unwrap_or(0);
                w.1 += line.amount.amount();
            }
            all.push(line);
        }
        if let Some(decision) = shown_classified {
            let event = Event {
                action: "read",
                object_type: "budget",
                object_id: country.to_string(),
                decision: Some(logged(&decision)),
            };
            self.store
                .record_events(actor, std::slice::from_ref(&event))
                .await?;
        }
        let withheld = withheld
            .into_iter()
            .map(|((year, stage), (lines, sum))| Withheld {
                year,
                stage,
                lines,
                amount: (lines >= 2)
                    .then(|| Money::new(sum, currency))
                    .transpose()
                    .ok()
                    .flatten(),
            })
            .collect();
        let permitted = decisions
            .into_iter()
            .filter(|(_, d)| d.permit)
            .map(|(key, _)| key)
            .collect();
        Ok(BudgetView {
            country,
            currency,
            all,
            visible,
            withheld,
            permitted,
            visible_lines,
        })
    }

    /// The country's currency. A reference state not stored yet (no
    /// import, no demo) has an empty budget, not an unknown one: the
    /// importer adds it with its first line.
    async fn currency(self, country: CountryCode) -> Result<Currency> {
        let stored = self
            .store
            .list_countries()
            .await?
            .into_iter()
            .find(|c| c.code == country)
            .map(|c| c.currency);
        match stored {
            Some(currency) => Ok(currency),
            None => reference_countries()?
                .into_iter()
                .find(|r| r.country.code == country)
                .map(|r| r.country.currency)
                .ok_or_else(|| StoreError::NotFound {
                    kind: "country",
                    key: country.to_string(),
                }),
        }
    }

    /// The kept totals of a country (those of no line left out).
    async fn sums(self, country: CountryCode) -> Result<Vec<SumRow>> {
        Ok(on_pool!(&self.store.db, pool => {
            sqlx::query_as(
                "SELECT fiscal_year, rank, scope, stage, nature, law, currency, lines, amount_minor \
                 FROM budget_totals WHERE country = $1 AND lines <> 0 \
                 ORDER BY fiscal_year, rank, scope, stage, nature, law, currency",
            )
            .bind(country.as_str())
            .fetch_all(pool)
            .await?
        }))
    }
}
