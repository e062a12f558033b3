//! What one reader may see of a country's budget.

use std::collections::{BTreeMap, HashMap};

use rust_decimal::Decimal;
use vigie_domain::budget::{BudgetLine, Stage};
use vigie_domain::{CountryCode, Currency, FiscalYear, Money};
use vigie_policy::{Action, Authorizer, Principal, Resource};

use super::Budget;
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
/// It holds every line, classified or not, privately: totals and indicators
/// count them all (the overall defence budget is public), while
/// [`BudgetView::lines`] hands out only the lines the policies let the
/// reader see. There is no accessor for the others.
#[derive(Debug, Clone)]
pub struct BudgetView {
    country: CountryCode,
    currency: Currency,
    all: Vec<BudgetLine>,
    visible: Vec<VisibleLine>,
    withheld: Vec<Withheld>,
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

    /// The lines the reader may see, in key order.
    pub fn lines(&self) -> &[VisibleLine] {
        &self.visible
    }

    /// The classified lines kept from the reader, by year and stage.
    pub fn withheld(&self) -> &[Withheld] {
        &self.withheld
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

    /// Every line, for the indicators, which publish aggregates only.
    pub(crate) fn all_lines(&self) -> &[BudgetLine] {
        &self.all
    }

    /// Sector totals per year and stage, classified lines included.
    pub fn totals(&self) -> BTreeMap<(FiscalYear, Stage), Decimal> {
        vigie_domain::budget::totals(&self.all)
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
        // A reference state not stored yet (no import, no demo) has an
        // empty budget, not an unknown one: the importer adds it with its
        // first line.
        let stored = self
            .store
            .list_countries()
            .await?
            .into_iter()
            .find(|c| c.code == country)
            .map(|c| c.currency);
        let currency = match stored {
            Some(currency) => currency,
            None => reference_countries()?
                .into_iter()
                .find(|r| r.country.code == country)
                .map(|r| r.country.currency)
                .ok_or_else(|| StoreError::NotFound {
                    kind: "country",
                    key: country.to_string(),
                })?,
        };
        let rows = self.rows(country).await?;
        let scheme = if rows.iter().any(|r| r.rank > 0) {
            self.store.classification_scheme(country).await?
        } else {
            None
        };
        let mut decisions: HashMap<(i32, i32), vigie_policy::Decision> = HashMap::new();
        let mut all = Vec::with_capacity(rows.len());
        let mut visible = Vec::with_capacity(rows.len());
        let mut withheld: BTreeMap<(FiscalYear, Stage), (u64, Decimal)> = BTreeMap::new();
        let mut shown_classified: Option<vigie_policy::Decision> = None;
        for row in &rows {
            let line = row.line(scheme.as_ref())?;
            let may_see = if row.rank == 0 {
                true
            } else {
                let decision = match decisions.get(&(row.rank, row.fiscal_year)) {
                    Some(d) => d.clone(),
                    None => {
                        let level = scheme
                            .as_ref()
                            .and_then(|s| s.at_rank(u8::try_from(row.rank).ok()?))
                            .ok_or_else(|| {
                                StoreError::Corrupt(format!("budget line {}: rank", row.id))
                            })?;
                        let resource = Resource::budget_line(row.id, level, row.fiscal_year);
                        let d = authorizer.decide(who, Action::Consult, &resource, None);
                        decisions.insert((row.rank, row.fiscal_year), d.clone());
                        d
                    }
                };
                if decision.permit && shown_classified.is_none() {
                    shown_classified = Some(decision.clone());
                }
                decision.permit
            };
            if may_see {
                visible.push(VisibleLine {
                    id: row.id,
                    line: line.clone(),
                });
            } else {
                let w = withheld
                    .entry((line.year, line.stage))
                    .or_insert((0, Decimal::ZERO));
                w.0 += 1;
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
        Ok(BudgetView {
            country,
            currency,
            all,
            visible,
            withheld,
        })
    }
}
