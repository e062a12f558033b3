//! `/api/v1/budget`: a country's budget lines (those the caller may see;
//! totals count every line) and its indicators, as JSON, CSV or XLSX.

use axum::body::Body;
use axum::extract::{OriginalUri, Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use vigie_domain::budget::Stage;
use vigie_domain::{CountryCode, FiscalYear};
use vigie_store::budget::{BudgetView, Indicators, LineQuery};

use crate::budget::export::{budget_file, json_bytes, lines_csv_stream};
use crate::budget::indicator_tables::{indicators_file, letter};
use crate::budget::open_data::xlsx;
use crate::budget::{Format, Table};
use crate::handlers::caller::Caller;
use crate::pagination::{self, PageParams};
use crate::{AppState, Identity, WebError};

/// `?format=` (JSON when absent) and, for indicators, `?to=YEAR`.
#[derive(Debug, Default, Deserialize)]
pub struct BudgetParams {
    /// `csv`, `xlsx` or `json`.
    #[serde(default)]
    pub format: Option<String>,
    /// The last fiscal year of the indicators' three-year window.
    #[serde(default)]
    pub to: Option<String>,
    /// Only this fiscal year's lines.
    #[serde(default)]
    pub year: Option<String>,
}

impl BudgetParams {
    /// The format asked for; a 400 names the accepted ones.
    pub fn format(&self) -> Result<Format, WebError> {
        Format::param(self.format.as_deref())
    }

    /// The year asked for, if any; a 400 names a bad one.
    pub fn year(&self) -> Result<Option<FiscalYear>, WebError> {
        self.year
            .as_deref()
            .filter(|y| !y.is_empty())
            .map(|y| {
                y.parse()
                    .map_err(|e| WebError::BadRequest(format!("year: {e}")))
            })
            .transpose()
    }
}

/// The most lines an XLSX download holds. A sheet takes 1,048,576 rows,
/// and a workbook is built whole in memory (about a kilobyte a line):
/// beyond this, the CSV, which is streamed, or one year at a time.
pub const XLSX_MAX_LINES: u64 = 100_000;

/// The country in the path, in either case (`/budget/bfa` is a link people
/// type); 404 for a code that is not one.
pub(crate) fn country(code: &str) -> Result<CountryCode, WebError> {
    code.to_ascii_uppercase()
        .parse()
        .map_err(|_| WebError::NotFound)
}

/// The caller's view of a country's budget.
pub(crate) async fn view_for(
    state: &AppState,
    identity: &Identity,
    country: CountryCode,
) -> Result<BudgetView, WebError> {
    let caller = Caller::of(state, identity).await?;
    Ok(state
        .store()
        .budget()
        .view(
            state.authorizer(),
            &caller.actor,
            &caller.principal,
            country,
        )
        .await?)
}

/// A file response, downloaded under `name.ext` for CSV and XLSX.
pub(crate) fn file(format: Format, name: &str, bytes: Vec<u8>) -> Response {
    file_with(format, name, Body::from(bytes))
}

/// A file response whose body is given, whole or streamed.
pub(crate) fn file_with(format: Format, name: &str, body: Body) -> Response {
    let disposition = match format {
        Format::Json => "inline".to_owned(),
        _ => format!("attachment; filename=\"{name}.{}\"", format.extension()),
    };
    (
        [
            (header::CONTENT_TYPE, format.media_type().to_owned()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        body,
    )
        .into_response()
}

/// `GET /api/v1/budget/{ISO3}[?year=YYYY]`: the lines the caller may see,
/// of one year or all (in JSON a page at a time, `?limit=&after=`; CSV
/// whole and streamed; XLSX whole up to [`XLSX_MAX_LINES`]), and the totals
/// of every line.
pub async fn lines(
    State(state): State<AppState>,
    identity: Identity,
    OriginalUri(uri): OriginalUri,
    Path(code): Path<String>,
    Query(params): Query<BudgetParams>,
    Query(paging): Query<PageParams>,
) -> Result<Response, WebError> {
    let format = params.format()?;
    let country = country(&code)?;
    let year = params.year()?;
    let view = view_for(&state, &identity, country).await?;
    let name = match year {
        Some(year) => format!("budget-{country}-{year}"),
        None => format!("budget-{country}"),
    };
    // JSON comes a page at a time; the downloads hold every line, the CSV
    // streamed, the XLSX up to its bound.
    let query = match format {
        Format::Json => LineQuery {
            year,
            after: paging.after()?,
            limit: Some(paging.limit()?),
            ..LineQuery::default()
        },
        Format::Csv => {
            let body = lines_csv_stream(state.store().clone(), view, year);
            return Ok(file_with(format, &name, body));
        }
        Format::Xlsx => {
            let count = view.visible_line_count(year);
            if count > XLSX_MAX_LINES {
                return Err(WebError::BadRequest(format!(
                    "{count} lines: an XLSX download holds at most {XLSX_MAX_LINES}; take \
                     format=csv (every line, streamed), or one year with year=YYYY"
                )));
            }
            LineQuery {
                year,
                ..LineQuery::default()
            }
        }
    };
    let lines = state.store().budget().lines(&view, &query).await?;
    let next = lines.next.map(|id| pagination::next_after(&uri, &id));
    let bytes = budget_file(&view, &lines.lines, next.clone(), format)?;
    Ok(pagination::with_next(
        file(format, &name, bytes),
        next.as_deref(),
    ))
}

/// `GET /api/v1/budget/{ISO3}/indicators?to=YEAR`: execution, growth,
/// share of the state budget, PEFA PI-1 and PI-2 over the three fiscal years
/// ending at YEAR (the last year with data by default), the programming-law
/// gap and constant US dollars against SIPRI.
pub async fn indicators(
    State(state): State<AppState>,
    identity: Identity,
    Path(code): Path<String>,
    Query(params): Query<BudgetParams>,
) -> Result<Response, WebError> {
    let format = params.format()?;
    let country = country(&code)?;
    let view = view_for(&state, &identity, country).await?;
    let to = match params.to.as_deref() {
        Some(year) => year
            .parse::<FiscalYear>()
            .map_err(|e| WebError::BadRequest(e.to_string()))?,
        None => view.default_to().ok_or(WebError::NotFound)?,
    };
    let indicators = state.store().budget().indicators(&view, to).await?;
    let bytes = indicators_file(&indicators, format)?;
    Ok(file(format, &format!("indicators-{country}-{to}"), bytes))
}

/// One country's latest year, for the comparison page and its downloads.
#[derive(Debug, Serialize)]
pub struct CountrySummary {
    pub(crate) country: String,
    pub(crate) name_fr: String,
    pub(crate) name_en: String,
    pub(crate) currency: &'static str,
    pub(crate) fiscal_year: i32,
    pub(crate) initial: Option<Decimal>,
    pub(crate) paid: Option<Decimal>,
    pub(crate) execution_paid_percent: Option<Decimal>,
    pub(crate) state_share_percent: Option<Decimal>,
    pub(crate) pi1: &'static str,
    pub(crate) pi2_1: &'static str,
    pub(crate) pi2_2: &'static str,
    pub(crate) budget_constant_2022_usd_m: Option<Decimal>,
    pub(crate) sipri_constant_2022_usd_m: Option<Decimal>,
}

impl CountrySummary {
    /// The name in a language.
    pub(crate) fn name(&self, lang: vigie_domain::Lang) -> &str {
        lang.pick(&self.name_fr, &self.name_en)
    }
}

/// Every country with a budget: its summary and its indicators (for the
/// constant-dollar series), in the caller's view.
pub(crate) async fn summaries(
    state: &AppState,
    identity: &Identity,
) -> Result<Vec<(CountrySummary, Indicators)>, WebError> {
    let mut out = Vec::new();
    for c in state.store().list_countries().await? {
        let view = view_for(state, identity, c.code).await?;
        let Some(to) = view.default_to() else {
            continue;
        };
        let ind = state.store().budget().indicators(&view, to).await?;
        let totals = view.totals();
        let usd = ind.constant_usd.iter().find(|s| s.year == to);
        let summary = CountrySummary {
            country: c.code.to_string(),
            name_fr: c.name_fr.clone(),
            name_en: c.name_en.clone(),
            currency: c.currency.code(),
            fiscal_year: to.year(),
            initial: totals.get(&(to, Stage::Initial)).copied(),
            paid: totals.get(&(to, Stage::Paid)).copied(),
            execution_paid_percent: ind
                .execution
                .iter()
                .find(|e| e.year == to)
                .and_then(|e| e.stages.iter().find(|s| s.stage == Stage::Paid))
                .and_then(|s| s.rate),
            state_share_percent: ind
                .state_share
                .iter()
                .find(|s| s.year == to && s.stage == Stage::Paid)
                .and_then(|s| s.share),
            pi1: letter(ind.pefa.pi1.score),
            pi2_1: letter(ind.pefa.pi2_1.score),
            pi2_2: letter(ind.pefa.pi2_2.score),
            budget_constant_2022_usd_m: usd.and_then(|u| u.budget_constant_usd),
            sipri_constant_2022_usd_m: usd.and_then(|u| u.sipri_constant_usd),
        };
        out.push((summary, ind));
    }
    Ok(out)
}

/// `GET /api/v1/budget`: each country's latest year side by side.
pub async fn overview(
    State(state): State<AppState>,
    identity: Identity,
    Query(params): Query<BudgetParams>,
) -> Result<Response, WebError> {
    let format = params.format()?;
    let rows: Vec<CountrySummary> = summaries(&state, &identity)
        .await?
        .into_iter()
        .map(|(s, _)| s)
        .collect();
    let bytes = match format {
        Format::Json => json_bytes(&rows)?,
        Format::Csv | Format::Xlsx => {
            let mut t = Table::new(
                "budget-comparison",
                vec![
                    "country",
                    "fiscal_year",
                    "currency",
                    "initial",
                    "paid",
                    "execution_paid_percent",
                    "state_share_percent",
                    "pi1",
                    "pi2_1",
                    "pi2_2",
                    "budget_constant_2022_usd_m",
                    "sipri_constant_2022_usd_m",
                ],
            );
            for r in &rows {
                t.push(vec![
                    r.country.as_str().into(),
                    r.fiscal_year.into(),
                    r.currency.into(),
                    r.initial.into(),
                    r.paid.into(),
                    r.execution_paid_percent.into(),
                    r.state_share_percent.into(),
                    r.pi1.into(),
                    r.pi2_1.into(),
                    r.pi2_2.into(),
                    r.budget_constant_2022_usd_m.into(),
                    r.sipri_constant_2022_usd_m.into(),
                ]);
            }
            if format == Format::Csv {
                t.to_csv()?
            } else {
                xlsx(&[t])?
            }
        }
    };
    Ok(file(format, "budget-comparison", bytes))
}
