//! Tables as open data: the same rows as CSV, XLSX or JSON.
//!
//! Every table a budget page shows can be downloaded in the three formats
//! (`?format=csv|xlsx|json`), and `vigie export budget` writes the same
//! bytes, so a script and a person clicking get identical files.

use rust_decimal::Decimal;
use rust_xlsxwriter::Workbook;
use serde::Deserialize;

use crate::WebError;

/// A download format.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// JSON (the API's default).
    #[default]
    Json,
    /// RFC 4180 CSV, UTF-8, `.` decimals: what spreadsheets and scripts read.
    Csv,
    /// An Excel workbook, one sheet per table.
    Xlsx,
}

impl Format {
    /// The `Content-Type` of the format.
    pub fn media_type(self) -> &'static str {
        match self {
            Format::Json => "application/json",
            Format::Csv => "text/csv; charset=utf-8",
            Format::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        }
    }

    /// `?format=` as given (JSON when absent); a 400 names the accepted ones.
    pub fn param(value: Option<&str>) -> Result<Format, WebError> {
        value
            .map_or(Ok(Format::Json), str::parse)
            .map_err(WebError::BadRequest)
    }

    /// The file extension.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Csv => "csv",
            Format::Xlsx => "xlsx",
        }
    }
}

impl std::str::FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "json" => Ok(Format::Json),
            "csv" => Ok(Format::Csv),
            "xlsx" => Ok(Format::Xlsx),
            _ => Err(format!("`{s}` is not a format: csv, json or xlsx")),
        }
    }
}

/// One cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Text.
    Text(String),
    /// An exact number (money, a rate).
    Number(Decimal),
    /// Nothing.
    Empty,
}

impl From<&str> for Cell {
    fn from(s: &str) -> Self {
        Cell::Text(s.to_owned())
    }
}

impl From<String> for Cell {
    fn from(s: String) -> Self {
        Cell::Text(s)
    }
}

impl From<Decimal> for Cell {
    fn from(d: Decimal) -> Self {
        Cell::Number(d)
    }
}

impl From<i32> for Cell {
    fn from(n: i32) -> Self {
        Cell::Number(Decimal::from(n))
    }
}

impl<T: Into<Cell>> From<Option<T>> for Cell {
    fn from(o: Option<T>) -> Self {
        o.map_or(Cell::Empty, Into::into)
    }
}

/// A table: a name (the sheet's, the file's), column names, rows.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// Short name, used for the sheet and the file name.
    pub name: String,
    /// Column names.
    pub columns: Vec<&'static str>,
    /// Rows, each as long as `columns`.
    pub rows: Vec<Vec<Cell>>,
}

impl Table {
    /// An empty table.
    pub fn new(name: impl Into<String>, columns: Vec<&'static str>) -> Table {
        Table {
            name: name.into(),
            columns,
            rows: Vec::new(),
        }
    }

    /// Adds a row.
    pub fn push(&mut self, row: Vec<Cell>) {
        debug_assert_eq!(row.len(), self.columns.len(), "{}", self.name);
        self.rows.push(row);
    }

    /// The table as CSV.
    pub fn to_csv(&self) -> Result<Vec<u8>, WebError> {
        self.csv(true)
    }

    /// The rows as CSV, after the header line when `header`: a later part
    /// of a file sent in parts has none.
    pub fn csv(&self, header: bool) -> Result<Vec<u8>, WebError> {
        let mut w = csv::Writer::from_writer(Vec::new());
        let internal = |e: csv::Error| WebError::Internal(format!("csv: {e}"));
        if header {
            w.write_record(&self.columns).map_err(internal)?;
        }
        for row in &self.rows {
            w.write_record(row.iter().map(|c| match c {
                Cell::Text(s) => inert_text(s).into_owned(),
                // As computed, scale kept: percentages keep their two
                // places (`22.10`, not `22.1`) and amounts their currency's
                // minor digits, as in the JSON.
                Cell::Number(d) => d.to_string(),
                Cell::Empty => String::new(),
            }))
            .map_err(internal)?;
        }
        w.into_inner()
            .map_err(|e| WebError::Internal(format!("csv: {e}")))
    }
}

/// Tables as one workbook, a sheet each. Numbers are real numbers in the
/// sheet (not text), so that a reader can sum them.
pub fn xlsx(tables: &[Table]) -> Result<Vec<u8>, WebError> {
    let internal = |e: rust_xlsxwriter::XlsxError| WebError::Internal(format!("xlsx: {e}"));
    let mut book = Workbook::new();
    for table in tables {
        let sheet = book.add_worksheet();
        // Sheet names are at most 31 characters.
        let name: String = table.name.chars().take(31).collect();
        sheet.set_name(&name).map_err(internal)?;
        for (c, column) in table.columns.iter().enumerate() {
            sheet.write_string(0, col(c), *column).map_err(internal)?;
        }
        for (r, row) in table.rows.iter().enumerate() {
            let r = u32::try_from(r + 1)
                .map_err(|_| WebError::Internal("xlsx: too many rows".into()))?;
            for (c, cell) in row.iter().enumerate() {
                match cell {
                    Cell::Text(s) => {
                        sheet
                            .write_string(r, col(c), inert_text(s))
                            .map_err(internal)?;
                    }
                    Cell::Number(d) => {
                        // INVARIANT: a Decimal always has an f64 value (it
                        // may round beyond 15 digits, like any spreadsheet).
                        let f: f64 = d.to_string().parse().unwrap_or(f64::NAN);
                        sheet.write_number(r, col(c), f).map_err(internal)?;
                    }
                    Cell::Empty => {}
                }
            }
        }
    }
    book.save_to_buffer().map_err(internal)
}

pub use vigie_domain::inert_text;

fn col(c: usize) -> u16 {
    u16::try_from(c).unwrap_or(u16::MAX)
}
