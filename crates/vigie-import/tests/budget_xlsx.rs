//! Budget workbooks, written here with rust_xlsxwriter as Excel would.

use rust_decimal::Decimal;
use rust_xlsxwriter::Workbook;
use vigie_domain::budget::{EconomicNature, Stage};
use vigie_domain::{Currency, Money};
use vigie_import::budget;
use vigie_import::{ImportError, Location};

enum V {
    S(&'static str),
    N(f64),
}

const HEADER: [&str; 10] = [
    "pays",
    "exercice",
    "section",
    "programme",
    "montant",
    "devise",
    "nature_economique",
    "etape",
    "fonction",
    "classification",
];

/// A workbook with a first sheet of notes and a `Budget` sheet holding `rows`.
fn workbook(rows: &[Vec<V>]) -> Vec<u8> {
    let mut workbook = Workbook::new();
    let notes = workbook.add_worksheet();
    notes.set_name("Notes").unwrap();
    notes.write_string(0, 0, "Lisez-moi").unwrap();
    let sheet = workbook.add_worksheet();
    sheet.set_name("Budget").unwrap();
    for (col, name) in HEADER.iter().enumerate() {
        sheet.write_string(0, col as u16, *name).unwrap();
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, value) in row.iter().enumerate() {
            let (r, c) = (r as u32 + 1, c as u16);
            match value {
                V::S("") => {}
                V::S(s) => {
                    sheet.write_string(r, c, *s).unwrap();
                }
                V::N(n) => {
                    sheet.write_number(r, c, *n).unwrap();
                }
            }
        }
    }
    workbook.save_to_buffer().unwrap()
}

fn row(amount: V, currency: &'static str, function: V) -> Vec<V> {
    vec![
        V::S("BFA"),
        V::N(2024.0),
        V::S("Ministère de la Défense"),
        V::S("Défense du territoire"),
        amount,
        V::S(currency),
        V::S("investissement"),
        V::S("paiement"),
        function,
        V::S(""),
    ]
}

#[test]
fn a_workbook_reads_values_and_places() {
    let bytes = workbook(&[
        row(V::N(1_234_567.0), "XOF", V::N(2.1)),
        row(V::N(1234.56), "USD", V::S("03.1")),
        row(V::S("1 250 000,50"), "EUR", V::N(2.0)),
    ]);
    let parsed = budget::parse("budget.xlsx", &bytes).unwrap();
    let amounts: Vec<Money> = parsed.iter().map(|p| p.line.amount).collect();
    let money = |a: &str, c| Money::new(a.parse::<Decimal>().unwrap(), c).unwrap();
    assert_eq!(
        amounts,
        [
            money("1234567", Currency::Xof),
            money("1234.56", Currency::Usd),
            money("1250000.50", Currency::Eur),
        ]
    );
    let functions: Vec<&str> = parsed
        .iter()
        .map(|p| p.line.function.as_ref().unwrap().as_str())
        .collect();
    assert_eq!(functions, ["02.1", "03.1", "02"]);
    let first = &parsed[0].line;
    assert_eq!(first.year.year(), 2024);
    assert_eq!(first.section, "Ministère de la Défense");
    assert_eq!(first.nature, Some(EconomicNature::Investment));
    assert_eq!(first.stage, Stage::Paid);
    assert_eq!(
        parsed[1].location,
        Location::Cell {
            sheet: "Budget".into(),
            cell: "3:3".into()
        }
    );
}

#[test]
fn a_bad_cell_is_named_by_its_reference() {
    let bytes = workbook(&[
        row(V::N(1000.0), "XOF", V::S("")),
        row(V::S("12 3a"), "XOF", V::S("")),
        vec![],
        row(V::N(10.123), "USD", V::S("")),
        row(V::N(1000.0), "XOF", V::S("2.1.1.1")),
    ]);
    let errors = budget::parse("budget.xlsx", &bytes).unwrap_err();
    let shown: Vec<String> = errors.iter().map(ImportError::to_string).collect();
    assert_eq!(
        shown,
        [
            "budget.xlsx:Budget!E3: montant: not a number `12 3a`",
            "budget.xlsx:Budget!E5: montant: `10.123` has more decimals than USD allows (2)",
            "budget.xlsx:Budget!I6: fonction: `2.1.1.1`: expected a COFOG code such as 02, 02.1 \
             or 03.1.0",
        ]
    );
    assert_eq!(
        errors[0].location,
        Location::Cell {
            sheet: "Budget".into(),
            cell: "E3".into()
        }
    );
}

#[test]
fn header_errors_point_at_header_cells() {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    for (col, name) in ["pays", "exercice", "montnat"].iter().enumerate() {
        sheet.write_string(0, col as u16, *name).unwrap();
    }
    let bytes = workbook.save_to_buffer().unwrap();
    let errors = budget::parse("b.xlsx", &bytes).unwrap_err();
    assert!(
        errors[0]
            .to_string()
            .starts_with("b.xlsx:Sheet1!C1: montnat: unknown column"),
        "{}",
        errors[0]
    );
    assert!(errors[1..].iter().all(|e| e.location == Location::File));
}

#[test]
fn a_workbook_is_recognised_by_its_bytes_whatever_its_name() {
    let bytes = workbook(&[row(V::N(1.0), "XOF", V::S(""))]);
    assert_eq!(budget::parse("upload", &bytes).unwrap().len(), 1);
    let errors = budget::parse("budget.xlsx", b"country,amount\n").unwrap_err();
    assert!(
        errors[0].reason.starts_with("not a readable Xlsx workbook"),
        "{}",
        errors[0]
    );
}

/// A few kilobytes with a cell at `A1` and one at `XFD1048576` (the sheet
/// then declares `<dimension ref="A1:XFD1048576"/>`): a dense grid of that
/// sheet is hundreds of gigabytes. It is refused, naming the file, at once.
#[test]
fn a_sheet_spanning_the_whole_grid_is_refused_without_allocating_it() {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Budget").unwrap();
    sheet.write_string(0, 0, "pays").unwrap();
    sheet.write_string(1_048_575, 16_383, "x").unwrap();
    let bytes = book.save_to_buffer().unwrap();
    assert!(bytes.len() < 10_000, "{} bytes", bytes.len());
    let started = std::time::Instant::now();
    let errors = budget::parse("bombe.xlsx", &bytes).unwrap_err();
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].file, "bombe.xlsx");
    assert!(errors[0].reason.contains("columns"), "{}", errors[0].reason);
}

/// Rows far apart within the column limit are refused the same way.
#[test]
fn a_sheet_spanning_too_many_cells_in_one_column_reads_only_its_cells() {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Budget").unwrap();
    for (col, name) in HEADER.iter().enumerate() {
        sheet.write_string(0, col as u16, *name).unwrap();
    }
    // One lone value on the last row: one row with errors, not a million.
    sheet.write_string(1_048_575, 0, "BFA").unwrap();
    let bytes = book.save_to_buffer().unwrap();
    let errors = budget::parse("loin.xlsx", &bytes).unwrap_err();
    assert!(
        errors.iter().all(
            |e| matches!(&e.location, Location::Cell { cell, .. } if cell.ends_with("1048576"))
        ),
        "{errors:?}"
    );
}

#[test]
fn the_same_row_twice_names_both_rows_of_the_sheet() {
    let bytes = workbook(&[
        row(V::N(1000.0), "XOF", V::N(2.1)),
        row(V::N(2000.0), "XOF", V::S("03.1")),
        row(V::N(3000.0), "XOF", V::N(2.1)),
    ]);
    let errors = budget::parse("budget.xlsx", &bytes).unwrap_err();
    assert_eq!(errors.len(), 1);
    assert_eq!(
        errors[0].location,
        Location::Cell {
            sheet: "Budget".into(),
            cell: "4:4".into()
        }
    );
    assert!(
        errors[0]
            .to_string()
            .starts_with("budget.xlsx:Budget!4:4: same line as Budget!2:2 ("),
        "{}",
        errors[0]
    );
}
