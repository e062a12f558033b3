//! A reader's view of a country's budget as tables and JSON: what the API
//! serves, what the pages offer for download, what `vigie export budget`
//! writes. Built from a [`BudgetView`], so nothing here can reach a line the
//! reader may not see.

use axum::body::{Body, Bytes};
use rust_decimal::Decimal;
use serde::Serialize;
use vigie_domain::FiscalYear;
use vigie_store::Store;
use vigie_store::budget::{BudgetView, LineQuery, VisibleLine};

use super::open_data::{Cell, Format, Table, xlsx};
use crate::WebError;

/// One visible line, with the template's names.
#[derive(Debug, Serialize)]
pub struct LineJson {
    id: i64,
    country: String,
    fiscal_year: i32,
    scope: &'static str,
    section: String,
    program: String,
    action: String,
    economic_nature: Option<&'static str>,
    function: Option<String>,
    stage: &'static str,
    amount: Decimal,
    currency: &'static str,
    law: Option<String>,
    classification: Option<String>,
}

/// A sector total for a year and stage (classified lines included).
#[derive(Debug, Serialize)]
pub struct TotalJson {
    fiscal_year: i32,
    stage: &'static str,
    amount: Decimal,
    /// Classified lines of that year and stage not shown to this reader.
    withheld_lines: u64,
}

/// The budget of a country as the API serves it.
#[derive(Debug, Serialize)]
pub struct BudgetJson {
    country: String,
    currency: &'static str,
    /// Whether lines are withheld from this reader (they still count in
    /// `totals`).
    partial: bool,
    totals: Vec<TotalJson>,
    /// The lines of this page (all of them in a download).
    lines: Vec<LineJson>,
    /// The next page of lines, `null` on the last.
    next: Option<String>,
}

/// The sector totals of a view, with the lines withheld from each.
fn totals_json(view: &BudgetView) -> Vec<TotalJson> {
    let withheld = |year, stage| {
        view.withheld()
            .iter()
            .find(|w| w.year == year && w.stage == stage)
            .map_or(0, |w| w.lines)
    };
    view.totals()
        .into_iter()
        .map(|((year, stage), amount)| TotalJson {
            fiscal_year: year.year(),
            stage: stage.code(),
            amount,
            withheld_lines: withheld(year, stage),
        })
        .collect()
}

/// The JSON of a view and a page of its lines.
pub fn budget_json(view: &BudgetView, lines: &[VisibleLine], next: Option<String>) -> BudgetJson {
    BudgetJson {
        country: view.country().to_string(),
        currency: view.currency().code(),
        partial: view.is_partial(),
        totals: totals_json(view),
        next,
        lines: lines
            .iter()
            .map(|v| {
                let l = &v.line;
                LineJson {
                    id: v.id,
                    country: l.country.to_string(),
                    fiscal_year: l.year.year(),
                    scope: l.scope.code(),
                    section: l.section.clone(),
                    program: l.program.clone(),
                    action: l.action.clone(),
                    economic_nature: l.nature.map(|n| n.code()),
                    function: l.function.as_ref().map(ToString::to_string),
                    stage: l.stage.code(),
                    amount: l.amount.amount(),
                    currency: l.amount.currency().code(),
                    law: l.law.clone(),
                    classification: l.classification.clone(),
                }
            })
            .collect(),
    }
}

/// The lines table, in the import template's English columns and order, so
/// that an export imports again as it is.
pub fn lines_table(view: &BudgetView, lines: &[VisibleLine]) -> Table {
    let columns = vigie_import::budget::COLUMNS.iter().map(|c| c.en).collect();
    let mut t = Table::new(format!("budget-{}", view.country()), columns);
    for v in lines {
        let l = &v.line;
        t.push(vec![
            l.country.to_string().into(),
            l.year.year().into(),
            l.scope.code().into(),
            l.section.as_str().into(),
            l.program.as_str().into(),
            l.action.as_str().into(),
            l.nature.map(|n| n.code()).into(),
            l.function.as_ref().map(ToString::to_string).into(),
            l.stage.code().into(),
            l.amount.amount().into(),
            l.amount.currency().code().into(),
            l.law.clone().into(),
            l.classification.clone().into(),
        ]);
    }
    t
}

/// The totals table.
pub fn totals_table(view: &BudgetView) -> Table {
    let mut t = Table::new(
        format!("totals-{}", view.country()),
        vec![
            "country",
            "fiscal_year",
            "stage",
            "amount",
            "currency",
            "withheld_lines",
        ],
    );
    for total in totals_json(view) {
        t.push(vec![
            view.country().to_string().into(),
            total.fiscal_year.into(),
            total.stage.into(),
            total.amount.into(),
            view.currency().code().into(),
            Cell::Number(Decimal::from(total.withheld_lines)),
        ]);
    }
    t
}

/// A view and its lines in a format: JSON as the API serves it (`next`
/// links the page after `lines`); CSV the lines (the file that imports
/// again; the API streams it, [`lines_csv_stream`]); XLSX the lines and the
/// totals, a sheet each.
pub fn budget_file(
    view: &BudgetView,
    lines: &[VisibleLine],
    next: Option<String>,
    format: Format,
) -> Result<Vec<u8>, WebError> {
    match format {
        Format::Json => json_bytes(&budget_json(view, lines, next)),
        Format::Csv => lines_table(view, lines).to_csv(),
        Format::Xlsx => xlsx(&[lines_table(view, lines), totals_table(view)]),
    }
}

/// Lines read and sent per part of a streamed CSV.
const CSV_PART: usize = 5_000;

/// Every line `view` admits as the CSV of [`lines_table`], read and sent
/// [`CSV_PART`] lines at a time, each part found by key after the last:
/// a national nomenclature of millions of lines never sits in memory whole,
/// whoever asks for it and however often.
pub fn lines_csv_stream(store: Store, view: BudgetView, year: Option<FiscalYear>) -> Body {
    // `Some(after)` while lines may remain; the first part carries the header.
    let start: (Option<Option<i64>>, bool) = (Some(None), true);
    let parts = futures_util::stream::try_unfold(start, move |(cursor, first)| {
        let store = store.clone();
        let view = view.clone();
        async move {
            let Some(after) = cursor else {
                return Ok::<_, std::io::Error>(None);
            };
            let query = LineQuery {
                year,
                after,
                limit: Some(CSV_PART),
                ..LineQuery::default()
            };
            let page = store
                .budget()
                .lines(&view, &query)
                .await
                .map_err(std::io::Error::other)?;
            let bytes = lines_table(&view, &page.lines)
                .csv(first)
                .map_err(|e| std::io::Error::other(e.to_string()))?;
            Ok(Some((Bytes::from(bytes), (page.next.map(Some), false))))
        }
    });
    Body::from_stream(parts)
}

/// Pretty JSON bytes.
pub fn json_bytes(value: &impl Serialize) -> Result<Vec<u8>, WebError> {
    serde_json::to_vec_pretty(value).map_err(|e| WebError::Internal(format!("json: {e}")))
}
