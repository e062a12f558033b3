//! Budget workbooks (XLSX, XLSB, XLS, ODS): the one named `budget` (any
//! case) if there is one, else the first worksheet, with the header in its
//! first non-empty row (locations stay those the sheet shows).
//!
//! A workbook is a few kilobytes that can claim anything: a zip whose
//! entries inflate to gigabytes, or two cells at `A1` and `XFD1048576`,
//! which a dense grid would turn into hundreds of gigabytes. So the zip's
//! directory is checked against [`MAX_ENTRIES`] and [`MAX_UNCOMPRESSED`]
//! before anything is inflated, and XLSX and XLSB sheets are read cell by
//! cell into a sparse list bounded by [`MAX_COLUMNS`], [`MAX_ROWS`] and
//! [`MAX_CELLS`]: memory follows the cells present, not the grid declared.

use std::borrow::Cow;
use std::io::{Read, Seek, SeekFrom};

use calamine::{
    Cell, Data, DataRef, Ods, Reader, Sheet, SheetType, Xls, Xlsb, Xlsx, open_workbook_from_rs,
};
use rust_decimal::Decimal;

use crate::error::{ImportError, Location};
use crate::text::column_letters;

use super::ParsedLine;
use super::amount::{Amount, Separators, parse_text};
use super::columns::{Field, Header};
use super::format::Workbook;
use super::row::{Cells, RowError, build, total_label, total_skipped};

/// Columns a budget sheet may span (from its first used column).
pub const MAX_COLUMNS: u32 = 200;
/// Rows a budget sheet may span (from its first used row).
pub const MAX_ROWS: u32 = 2_000_000;
/// Non-empty cells a budget sheet may hold (about 40 bytes each in memory).
pub const MAX_CELLS: usize = 5_000_000;
/// Entries a workbook's zip may hold.
pub const MAX_ENTRIES: usize = 10_000;
/// Bytes a workbook's zip entries may inflate to, all together.
pub const MAX_UNCOMPRESSED: u64 = 1 << 30;

/// One non-empty cell: its absolute (row, column), 0-based, and value.
type Placed = ((u32, u32), Data);

/// The rows of a worksheet after its header.
#[derive(Debug)]
pub(crate) struct SheetRows {
    file: String,
    place: Place,
    /// The sheet's non-empty cells, sorted by row then column.
    cells: Vec<Placed>,
    /// The width of the sheet (from its first to its last used column).
    width: usize,
    header: Header,
    /// The index in `cells` of the first cell not yet read.
    next: usize,
    /// Warnings that belong to no line: a row skipped (a total row), the
    /// file's encoding.
    notes: Vec<ImportError>,
}

/// Opens the workbook, picks the sheet and reads its header.
///
/// calamine panics on some malformed files (an overflowing cell reference
/// such as `AAAAAAAAAAAAAA1`, found by `tests/fuzz.rs`): a panic while
/// reading is the file's error, not the caller's crash.
pub(crate) fn open<R: Read + Seek>(
    file: &str,
    reader: R,
    kind: Workbook,
) -> Result<SheetRows, Vec<ImportError>> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        open_unguarded(file, reader, kind)
    }))
    .unwrap_or_else(|_| {
        Err(vec![ImportError::new(
            file,
            Location::File,
            "",
            format!("not a readable {kind:?} workbook: it is malformed"),
        )])
    })
}

fn open_unguarded<R: Read + Seek>(
    file: &str,
    mut reader: R,
    kind: Workbook,
) -> Result<SheetRows, Vec<ImportError>> {
    let fail = |reason: String| vec![ImportError::new(file, Location::File, "", reason)];
    if kind != Workbook::Xls {
        check_zip(&mut reader, kind).map_err(fail)?;
    }
    let not_readable =
        |e: &dyn std::fmt::Display| fail(format!("not a readable {kind:?} workbook: {e}"));
    let no_sheet = || fail("the workbook has no worksheet".to_owned());
    let cannot_read =
        |sheet: &str, e: &dyn std::fmt::Display| fail(format!("cannot read sheet `{sheet}`: {e}"));
    let (sheet, cells) = match kind {
        Workbook::Xlsx => {
            let mut book: Xlsx<_> = open_workbook_from_rs(reader).map_err(|e| not_readable(&e))?;
            let sheet = choose(book.sheets_metadata()).ok_or_else(no_sheet)?;
            let mut cells = book
                .worksheet_cells_reader(&sheet)
                .map_err(|e| cannot_read(&sheet, &e))?;
            let read = collect(|| cells.next_cell()).map_err(|e| cannot_read(&sheet, &e))?;
            (sheet, read)
        }
        Workbook::Xlsb => {
            let mut book: Xlsb<_> = open_workbook_from_rs(reader).map_err(|e| not_readable(&e))?;
            let sheet = choose(book.sheets_metadata()).ok_or_else(no_sheet)?;
            let mut cells = book
                .worksheet_cells_reader(&sheet)
                .map_err(|e| cannot_read(&sheet, &e))?;
            let read = collect(|| cells.next_cell()).map_err(|e| cannot_read(&sheet, &e))?;
            (sheet, read)
        }
        // No cell reader in calamine for these two: the sheet comes whole.
        Workbook::Xls => {
            let mut book: Xls<_> = open_workbook_from_rs(reader).map_err(|e| not_readable(&e))?;
            let sheet = choose(book.sheets_metadata()).ok_or_else(no_sheet)?;
            let range = book
                .worksheet_range(&sheet)
                .map_err(|e| cannot_read(&sheet, &e))?;
            let read = from_range(&range).map_err(|e| cannot_read(&sheet, &e))?;
            (sheet, read)
        }
        Workbook::Ods => {
            let mut book: Ods<_> = open_workbook_from_rs(reader).map_err(|e| not_readable(&e))?;
            let sheet = choose(book.sheets_metadata()).ok_or_else(no_sheet)?;
            let range = book
                .worksheet_range(&sheet)
                .map_err(|e| cannot_read(&sheet, &e))?;
            let read = from_range(&range).map_err(|e| cannot_read(&sheet, &e))?;
            (sheet, read)
        }
    };
    let Some(first) = cells.first() else {
        return Err(fail(format!(
            "sheet `{sheet}` is empty: expected a header in its first row"
        )));
    };
    let start_row = first.0.0;
    let start_column = cells.iter().map(|c| c.0.1).min().unwrap_or(0);
    let end_column = cells.iter().map(|c| c.0.1).max().unwrap_or(0);
    let width = (end_column - start_column + 1) as usize;
    let place = Place {
        sheet,
        start: (start_row, start_column),
    };
    let header_cells = RowCells {
        cells: row_at(&cells, 0),
        start_column,
        width,
    };
    let names = (0..width)
        .map(|i| {
            cell_text(header_cells.get(i), None)
                .unwrap_or_default()
                .into_owned()
        })
        .collect();
    let header = Header::parse(file, names, |i| place.cell(0, i))?;
    let next = header_cells.cells.len();
    Ok(SheetRows {
        file: file.to_owned(),
        place,
        cells,
        width,
        header,
        next,
        notes: Vec::new(),
    })
}

/// The sheet named `budget` (any case), else the first worksheet.
fn choose(sheets: &[Sheet]) -> Option<String> {
    sheets
        .iter()
        .find(|s| s.name.trim().to_lowercase() == "budget")
        .or_else(|| sheets.iter().find(|s| s.typ == SheetType::WorkSheet))
        .map(|s| s.name.clone())
}

/// Refuses a zip whose directory declares too many entries or too many
/// inflated bytes, before any entry is inflated; leaves the reader where
/// it was.
fn check_zip<R: Read + Seek>(reader: &mut R, kind: Workbook) -> Result<(), String> {
    let start = reader
        .stream_position()
        .map_err(|e| format!("cannot read the file: {e}"))?;
    let checked = (|| {
        let mut zip = zip::ZipArchive::new(&mut *reader)
            .map_err(|e| format!("not a readable {kind:?} workbook: {e}"))?;
        if zip.len() > MAX_ENTRIES {
            return Err(format!(
                "the workbook holds {} files; at most {MAX_ENTRIES} are read",
                zip.len()
            ));
        }
        let mut total: u64 = 0;
        for i in 0..zip.len() {
            let entry = zip
                .by_index_raw(i)
                .map_err(|e| format!("not a readable {kind:?} workbook: {e}"))?;
            total = total.saturating_add(entry.size());
        }
        if total > MAX_UNCOMPRESSED {
            return Err(format!(
                "the workbook would inflate to {total} bytes; at most {MAX_UNCOMPRESSED} are read"
            ));
        }
        Ok(())
    })();
    reader
        .seek(SeekFrom::Start(start))
        .map_err(|e| format!("cannot read the file: {e}"))?;
    checked
}

/// Why a sheet is not read.
#[derive(Debug)]
enum SheetError<E> {
    Reader(E),
    TooBig(String),
}

impl<E: std::fmt::Display> std::fmt::Display for SheetError<E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SheetError::Reader(e) => e.fmt(f),
            SheetError::TooBig(why) => f.write_str(why),
        }
    }
}

/// The non-empty cells the reader gives, sorted, within the limits.
fn collect<'a, E>(
    mut next: impl FnMut() -> Result<Option<Cell<DataRef<'a>>>, E>,
) -> Result<Vec<Placed>, SheetError<E>> {
    let mut bounds = Bounds::default();
    let mut cells = Vec::new();
    while let Some(cell) = next().map_err(SheetError::Reader)? {
        let value = Data::from(cell.get_value().clone());
        if value == Data::Empty {
            continue;
        }
        bounds.take(cell.get_position(), cells.len())?;
        cells.push((cell.get_position(), value));
    }
    cells.sort_by_key(|c| c.0);
    cells.dedup_by_key(|c| c.0);
    Ok(cells)
}

/// The same from a whole sheet.
fn from_range(
    range: &calamine::Range<Data>,
) -> Result<Vec<Placed>, SheetError<std::convert::Infallible>> {
    let mut bounds = Bounds::default();
    let mut cells = Vec::new();
    for (row, column, value) in range.used_cells() {
        let (r0, c0) = range.start().unwrap_or((0, 0));
        let at = (
            r0.saturating_add(u32::try_from(row).unwrap_or(u32::MAX)),
            c0.saturating_add(u32::try_from(column).unwrap_or(u32::MAX)),
        );
        bounds.take(at, cells.len())?;
        cells.push((at, value.clone()));
    }
    Ok(cells)
}

/// The extent of the cells seen so far.
#[derive(Debug)]
struct Bounds {
    rows: (u32, u32),
    columns: (u32, u32),
}

impl Default for Bounds {
    fn default() -> Self {
        Bounds {
            rows: (u32::MAX, 0),
            columns: (u32::MAX, 0),
        }
    }
}

impl Bounds {
    /// Takes one more cell at `at`, `count` being taken already.
    fn take<E>(&mut self, at: (u32, u32), count: usize) -> Result<(), SheetError<E>> {
        if count >= MAX_CELLS {
            return Err(SheetError::TooBig(format!(
                "more than {MAX_CELLS} non-empty cells; split the file"
            )));
        }
        self.rows = (self.rows.0.min(at.0), self.rows.1.max(at.0));
        self.columns = (self.columns.0.min(at.1), self.columns.1.max(at.1));
        if self.columns.1 - self.columns.0 >= MAX_COLUMNS {
            return Err(SheetError::TooBig(format!(
                "cells from column {} to column {}: at most {MAX_COLUMNS} columns are read",
                column_letters(self.columns.0),
                column_letters(self.columns.1)
            )));
        }
        if self.rows.1 - self.rows.0 >= MAX_ROWS {
            return Err(SheetError::TooBig(format!(
                "cells from row {} to row {}: at most {MAX_ROWS} rows are read",
                u64::from(self.rows.0) + 1,
                u64::from(self.rows.1) + 1
            )));
        }
        Ok(())
    }
}

/// The cells of the row whose first cell is at `from` in `cells`.
fn row_at(cells: &[Placed], from: usize) -> &[Placed] {
    let rest = &cells[from..];
    let Some(first) = rest.first() else {
        return rest;
    };
    let end = rest
        .iter()
        .position(|c| c.0.0 != first.0.0)
        .unwrap_or(rest.len());
    &rest[..end]
}

/// Where the range sits in its sheet. calamine crops leading empty rows and
/// columns; the range's start puts them back, so that locations match what
/// the spreadsheet shows.
#[derive(Debug)]
struct Place {
    sheet: String,
    /// The absolute (row, column) of the range's first cell, 0-based.
    start: (u32, u32),
}

impl Place {
    /// The location of a cell, from its position relative to the range.
    fn cell(&self, row: usize, column: usize) -> Location {
        let column = u32::try_from(column).unwrap_or(u32::MAX);
        Location::Cell {
            sheet: self.sheet.clone(),
            cell: format!(
                "{}{}",
                column_letters(self.start.1.saturating_add(column)),
                self.number(row)
            ),
        }
    }

    /// The location of a whole row, as Excel names it (`7:7`).
    fn row(&self, row: usize) -> Location {
        let number = self.number(row);
        Location::Cell {
            sheet: self.sheet.clone(),
            cell: format!("{number}:{number}"),
        }
    }

    /// The 1-based row number a spreadsheet shows.
    fn number(&self, row: usize) -> u64 {
        u64::from(self.start.0) + row as u64 + 1
    }
}

impl SheetRows {
    /// The sheet's header.
    pub(crate) fn header(&self) -> &Header {
        &self.header
    }

    /// The warnings that belong to no line so far, taken.
    pub(crate) fn take_notes(&mut self) -> Vec<ImportError> {
        std::mem::take(&mut self.notes)
    }
}

impl Iterator for SheetRows {
    type Item = Result<ParsedLine, Vec<ImportError>>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            match self.next_row()? {
                Err(Skipped::Total(warning)) => self.notes.push(warning),
                Ok(line) => return Some(Ok(line)),
                Err(Skipped::Invalid(errors)) => return Some(Err(errors)),
            }
        }
    }
}

/// Why a row gave no line.
enum Skipped {
    /// A total row, with its warning.
    Total(ImportError),
    /// A row with errors.
    Invalid(Vec<ImportError>),
}

impl SheetRows {
    /// The next row: a line, or why not; `None` past the last row.
    fn next_row(&mut self) -> Option<Result<ParsedLine, Skipped>> {
        let cells = row_at(&self.cells, self.next);
        let (row, _) = cells.first()?.0;
        self.next += cells.len();
        let row = (row - self.place.start.0) as usize;
        let cells = RowCells {
            cells,
            start_column: self.place.start.1,
            width: self.width,
        };
        let at = |e: RowError| {
            let location = match e.index {
                Some(column) => self.place.cell(row, column),
                None => self.place.row(row),
            };
            ImportError::new(&self.file, location, &e.column, e.reason)
        };
        Some(match build(&self.header, &cells) {
            Ok((line, warnings)) => Ok(ParsedLine {
                line,
                warnings: warnings.into_iter().map(at).collect(),
                location: self.place.row(row),
            }),
            Err(errors) => Err(match total_label(&self.header, &cells) {
                Some(label) => Skipped::Total(ImportError::new(
                    &self.file,
                    self.place.row(row),
                    "",
                    total_skipped(&label),
                )),
                None => Skipped::Invalid(errors.into_iter().map(at).collect()),
            }),
        })
    }
}

/// One row of a worksheet: its non-empty cells, sorted by column.
struct RowCells<'a> {
    cells: &'a [Placed],
    start_column: u32,
    width: usize,
}

impl RowCells<'_> {
    /// The cell at `index` columns from the sheet's first column.
    fn get(&self, index: usize) -> Option<&Data> {
        let column = self.start_column.checked_add(u32::try_from(index).ok()?)?;
        self.cells
            .binary_search_by_key(&column, |c| c.0.1)
            .ok()
            .map(|i| &self.cells[i].1)
    }
}

impl Cells for RowCells<'_> {
    fn len(&self) -> usize {
        self.width
    }

    fn text(&self, index: usize, field: Option<Field>) -> Result<Cow<'_, str>, String> {
        cell_text(self.get(index), field)
    }

    /// Numbers are taken as the spreadsheet holds them; text is read with
    /// [`Separators::Either`], since a cell carries no file convention.
    fn amount(&self, index: usize) -> Result<Amount, String> {
        match self.get(index) {
            Some(Data::Int(n)) => Ok(Amount::Exact(Decimal::from(*n))),
            Some(Data::Float(f)) => Ok(Amount::Float(*f)),
            Some(Data::String(s)) => parse_text(s, Separators::Either).map(Amount::Exact),
            None | Some(Data::Empty) => Err("required".to_owned()),
            other => cell_text(other, Some(Field::Amount))
                .and_then(|text| Err(format!("not a number `{text}`"))),
        }
    }
}

/// A cell as text: numbers as a person would write them (whole numbers
/// without `.0`), dates and error values refused.
///
/// A spreadsheet turns the COFOG code `02.1` typed into a cell into the
/// number 2.1; for the function column the lost leading zero is put back
/// (the code's shape — two-digit division, one-digit groups — makes this
/// unambiguous).
fn cell_text(cell: Option<&Data>, field: Option<Field>) -> Result<Cow<'_, str>, String> {
    let number = match cell {
        None | Some(Data::Empty) => return Ok(Cow::Borrowed("")),
        Some(Data::String(s)) => return Ok(Cow::Borrowed(s.trim())),
        Some(Data::Bool(b)) => return Ok(Cow::Owned(b.to_string())),
        Some(Data::Int(n)) => n.to_string(),
        Some(Data::Float(f)) if f.fract() == 0.0 && f.abs() < 1e15 => (*f as i64).to_string(),
        Some(Data::Float(f)) => f.to_string(),
        Some(Data::DateTime(_) | Data::DateTimeIso(_) | Data::DurationIso(_)) => {
            return Err("a date cell; type the value as text or a number".to_owned());
        }
        Some(Data::Error(e)) => return Err(format!("the cell shows the error {e}")),
    };
    let one_digit_division = number.split('.').next().is_some_and(|d| d.len() == 1);
    if field == Some(Field::Function) && one_digit_division {
        return Ok(Cow::Owned(format!("0{number}")));
    }
    Ok(Cow::Owned(number))
}
