//! The indicators of a country's budget, computed on every line (they are
//! aggregates: the public is owed them, Tshwane P10F) and holding no line's
//! label on its own.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use vigie_domain::budget::{
    BudgetLine, Composition, Execution, Growth, PEFA_ACTUAL_STAGE, Pi1, Pi2, ProgrammingGap,
    SipriComparison, SipriYear, Stage, StateShare, compare_with_sipri, execution, growth, pi1, pi2,
    programming_gap, state_share,
};
use vigie_domain::{CountryCode, FiscalYear};

use super::rows::LineRow;
use super::{Budget, BudgetView};
use crate::Result;
use crate::db::on_pool;

/// SIPRI's indicators the constant-dollar comparison reads.
const SIPRI_LOCAL: &str = "milex_local_currency_current_calendar_year";
const SIPRI_CURRENT_USD: &str = "milex_current_usd";
const SIPRI_CONSTANT_USD: &str = "milex_constant_2022_usd";

/// The three PEFA indicators Vigie rates.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Pefa {
    /// PI-1, aggregate expenditure outturn.
    pub pi1: Pi1,
    /// PI-2.1, composition outturn by programme.
    pub pi2_1: Pi2,
    /// PI-2.2, composition outturn by economic nature.
    pub pi2_2: Pi2,
}

/// Every indicator of a country's budget.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Indicators {
    /// The country.
    pub country: CountryCode,
    /// Its currency.
    pub currency: &'static str,
    /// The last year of PEFA's three-year window.
    pub to: FiscalYear,
    /// PEFA scores over the three fiscal years ending at `to`.
    pub pefa: Pefa,
    /// Execution at each stage, per year.
    pub execution: Vec<Execution>,
    /// Year-on-year growth of the initial appropriation.
    pub growth_initial: Vec<Growth>,
    /// Year-on-year growth of payments.
    pub growth_paid: Vec<Growth>,
    /// Share of the state budget, where the state total is given.
    pub state_share: Vec<StateShare>,
    /// Programming law against appropriation and execution.
    pub programming: Vec<ProgrammingGap>,
    /// Constant 2022 US dollars, against SIPRI.
    pub constant_usd: Vec<SipriComparison>,
}

impl BudgetView {
    /// The last completed fiscal year: the last with any execution figure
    /// (commitment to payment), else the last with any voted one. PEFA's
    /// default window ends there. Planned years do not count: a programming
    /// law plans years not voted yet, and a window ending in one would have
    /// nothing to score.
    pub fn default_to(&self) -> Option<FiscalYear> {
        let last = |keep: &dyn Fn(Stage) -> bool| {
            self.all_sums()
                .iter()
                .filter(|l| keep(l.stage))
                .map(|l| l.year)
                .max()
        };
        last(&|s| Stage::EXECUTION.contains(&s)).or_else(|| last(&|s| s != Stage::Planned))
    }
}

impl Budget<'_> {
    /// The indicators of a view's country, PEFA's window ending at `to`.
    pub async fn indicators(self, view: &BudgetView, to: FiscalYear) -> Result<Indicators> {
        let lines = view.all_sums();
        let programs = self.program_sums(view.country(), to).await?;
        let sipri = self.sipri_years(view.country()).await?;
        Ok(Indicators {
            country: view.country(),
            currency: view.currency().code(),
            to,
            pefa: Pefa {
                pi1: pi1(lines, to, PEFA_ACTUAL_STAGE),
                pi2_1: pi2(&programs, to, PEFA_ACTUAL_STAGE, Composition::ByProgram),
                pi2_2: pi2(lines, to, PEFA_ACTUAL_STAGE, Composition::ByNature),
            },
            execution: execution(lines),
            growth_initial: growth(lines, Stage::Initial),
            growth_paid: growth(lines, Stage::Paid),
            state_share: state_share(lines),
            programming: programming_gap(lines),
            constant_usd: compare_with_sipri(lines, &sipri),
        })
    }

    /// The sums per programme head of the three fiscal years ending at
    /// `to` (PEFA PI-2.1's window), each as a line of its own, from the
    /// totals kept by programme (migration 0020). PI-2.1 is a public
    /// aggregate of every line: no level is read.
    async fn program_sums(self, country: CountryCode, to: FiscalYear) -> Result<Vec<BudgetLine>> {
        let rows: Vec<(i32, String, String, String, String, String, i64)> = on_pool!(&self.store.db, pool => {
            sqlx::query_as(
                "SELECT fiscal_year, scope, stage, section, program, currency, amount_minor \
                 FROM budget_program_totals WHERE country = $1 AND fiscal_year BETWEEN $2 AND $3 \
                 AND lines <> 0",
            )
            .bind(country.as_str())
            .bind(to.year() - 2)
            .bind(to.year())
            .fetch_all(pool)
            .await?
        });
        rows.into_iter()
            .map(
                |(year, scope, stage, section, program, currency, amount_minor)| {
                    LineRow {
                        country: country.to_string(),
                        fiscal_year: year,
                        scope,
                        section,
                        program,
                        stage,
                        amount_minor,
                        currency,
                        ..LineRow::default()
                    }
                    .line(None)
                },
            )
            .collect()
    }

    /// SIPRI's three series a constant-dollar conversion needs, by year
    /// (the 2023 release; local currency converted to millions, the unit
    /// of the other two).
    pub async fn sipri_years(self, country: CountryCode) -> Result<Vec<SipriYear>> {
        let mut by_year: BTreeMap<i32, [Option<Decimal>; 3]> = BTreeMap::new();
        for (slot, indicator) in [SIPRI_LOCAL, SIPRI_CURRENT_USD, SIPRI_CONSTANT_USD]
            .into_iter()
            .enumerate()
        {
            for o in self.sipri_series(country, indicator).await? {
                by_year.entry(o.year).or_default()[slot] = Some(o.value);
            }
        }
        let million = Decimal::from(1_000_000);
        Ok(by_year
            .into_iter()
            .filter_map(|(year, values)| {
                let [Some(local), Some(current), Some(constant)] = values else {
                    return None;
                };
                Some(SipriYear {
                    year: FiscalYear::new(year).ok()?,
                    local_current: local / million,
                    current_usd: current,
                    constant_usd: constant,
                })
            })
            .collect())
    }
}
