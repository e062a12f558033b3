//! The budget pages and API, as readers, scripts and ministries use them:
//! the contract of `/api/v1/budget`, the secrecy of classified lines (the
//! totals count them, nobody without the right sees them one by one), the
//! pages in both languages, and the import form.

use std::collections::BTreeSet;
use std::io::Cursor;

use axum::body::Body;
use axum::http::{Request, header};
use calamine::{Data, Reader, Xlsx};
use rust_decimal::{Decimal, RoundingStrategy};

use crate::support::{Reply, TestApp};

mod api;
mod import;
mod pages;
mod readers;

/// The demo budget, as the store loaded it.
const DEMO_CSV: &str = include_str!("../../../vigie-store/demo/budget.csv");

/// One line of the demo budget file.
#[derive(Debug, Clone)]
pub(crate) struct DemoLine {
    country: String,
    pub(crate) year: i32,
    scope: String,
    action: String,
    stage: String,
    /// The amount as the file writes it (whole units).
    pub(crate) amount: String,
    pub(crate) classification: String,
}

fn demo_lines() -> Vec<DemoLine> {
    let mut reader = csv::Reader::from_reader(DEMO_CSV.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let at = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let (country, year, scope, action, stage, amount, classification) = (
        at("country"),
        at("fiscal_year"),
        at("scope"),
        at("action"),
        at("stage"),
        at("amount"),
        at("classification"),
    );
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            DemoLine {
                country: r[country].to_owned(),
                year: r[year].parse().unwrap(),
                scope: r[scope].to_owned(),
                action: r[action].to_owned(),
                stage: r[stage].to_owned(),
                amount: r[amount].to_owned(),
                classification: r[classification].to_owned(),
            }
        })
        .collect()
}

/// The classified lines of a country in the demo budget.
pub(crate) fn classified(country: &str) -> Vec<DemoLine> {
    let lines: Vec<DemoLine> = demo_lines()
        .into_iter()
        .filter(|l| l.country == country && !l.classification.is_empty())
        .collect();
    assert!(!lines.is_empty(), "{country} has classified demo lines");
    lines
}

/// The sector total of a country, year and stage in the demo file, every
/// line counted (classified or not).
fn demo_total(country: &str, year: i32, stage: &str) -> Decimal {
    demo_lines()
        .iter()
        .filter(|l| {
            l.country == country && l.year == year && l.scope == "sector" && l.stage == stage
        })
        .map(|l| l.amount.parse::<Decimal>().unwrap())
        .sum()
}

/// Digits grouped by three with `sep` (written here, independently of the
/// code under test).
fn grouped(digits: &str, sep: char) -> String {
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(ch);
    }
    out
}

/// Every way an amount may be written on its own: as the file and the API
/// write it, as a French page prints it (U+202F between groups), as an
/// English page prints it.
pub(crate) fn written_forms(amount: &str) -> [String; 3] {
    [
        amount.to_owned(),
        grouped(amount, '\u{202f}'),
        grouped(amount, ','),
    ]
}

/// Every cell of every sheet of a workbook, as text (whole numbers without
/// a decimal point), with the sheet names.
fn xlsx_cells(bytes: &[u8]) -> (Vec<String>, Vec<Vec<Vec<String>>>) {
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes.to_vec())).expect("a valid workbook");
    let names = book.sheet_names();
    let sheets = names
        .iter()
        .map(|name| {
            let range = book.worksheet_range(name).unwrap();
            range
                .rows()
                .map(|row| row.iter().map(cell_text).collect())
                .collect()
        })
        .collect();
    (names, sheets)
}

fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e17 => format!("{f:.0}"),
        Data::Float(f) => f.to_string(),
        other => other.to_string(),
    }
}

/// Every cell of a workbook as one text, a line per row.
pub(crate) fn xlsx_text(bytes: &[u8]) -> String {
    let (_, sheets) = xlsx_cells(bytes);
    sheets
        .into_iter()
        .flatten()
        .map(|row| row.join("\t"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Asserts that a reply carries none of `forbidden`, in its bytes or, for a
/// workbook, in any of its cells.
fn assert_no_leak(what: &str, reply: &Reply, forbidden: &[String]) {
    let is_xlsx = reply
        .headers
        .get(header::CONTENT_TYPE)
        .is_some_and(|ct| ct.to_str().unwrap().contains("spreadsheetml"));
    let text = if is_xlsx {
        xlsx_text(&reply.bytes)
    } else {
        reply.body.clone()
    };
    for secret in forbidden {
        assert!(!text.contains(secret.as_str()), "{what} leaks `{secret}`");
    }
}

/// What nobody without the right may see of a country's classified lines:
/// their label and each amount on its own.
fn secrets_of(country: &str) -> Vec<String> {
    let mut out = vec!["lot classifié".to_owned()];
    for l in classified(country) {
        out.extend(written_forms(&l.amount));
    }
    out
}

fn get_as<'a>(
    app: &'a TestApp,
    uri: &'a str,
    token: Option<&'a str>,
) -> impl Future<Output = Reply> + 'a {
    app.call("GET", uri, token, None, vec![])
}

// ---------------------------------------------------------------------------
// Contract
// ---------------------------------------------------------------------------
