//! Budget workbooks (XLSX, XLSB, XLS, ODS), loaded whole as their formats
//! require: the one named `budget` (any case) if there is one, else the
//! first worksheet, with the header in its first row (the first non-empty
//! one, should rows above it be blank; locations stay those the sheet shows).

use std::borrow::Cow;
use std::io::{Read, Seek};

use calamine::{Data, Range, Reader, SheetType, Sheets, open_workbook_from_rs};
use rust_decimal::Decimal;

use crate::error::{ImportError, Location};
use crate::text::column_letters;

use super::ParsedLine;
use super::amount::{Amount, Separators, parse_text};
use super::columns::{Field, Header};
use super::format::Workbook;
use super::row::{Cells, build};

/// The rows of a worksheet after its header.
#[derive(Debug)]
pub(crate) struct SheetRows {
    file: String,
    place: Place,
    range: Range<Data>,
    header: Header,
    next: usize,
}

/// Opens the workbook, picks the sheet and reads its header.
pub(crate) fn open<R: Read + Seek>(
    file: &str,
    reader: R,
    kind: Workbook,
) -> Result<SheetRows, Vec<ImportError>> {
    let fail = |reason: String| vec![ImportError::new(file, Location::File, "", reason)];
    let opened = match kind {
        Workbook::Xlsx => open_workbook_from_rs(reader)
            .map(Sheets::Xlsx)
            .map_err(calamine::Error::Xlsx),
        Workbook::Xlsb => open_workbook_from_rs(reader)
            .map(Sheets::Xlsb)
            .map_err(calamine::Error::Xlsb),
        Workbook::Xls => open_workbook_from_rs(reader)
            .map(Sheets::Xls)
            .map_err(calamine::Error::Xls),
        Workbook::Ods => open_workbook_from_rs(reader)
            .map(Sheets::Ods)
            .map_err(calamine::Error::Ods),
    };
    let mut workbook =
        opened.map_err(|e| fail(format!("not a readable {kind:?} workbook: {e}")))?;
    let sheets = workbook.sheets_metadata();
    let chosen = sheets
        .iter()
        .find(|s| s.name.trim().to_lowercase() == "budget")
        .or_else(|| sheets.iter().find(|s| s.typ == SheetType::WorkSheet))
        .map(|s| s.name.clone());
    let Some(sheet) = chosen else {
        return Err(fail("the workbook has no worksheet".to_owned()));
    };
    let range = workbook
        .worksheet_range(&sheet)
        .map_err(|e| fail(format!("cannot read sheet `{sheet}`: {e}")))?;
    if range.is_empty() {
        return Err(fail(format!(
            "sheet `{sheet}` is empty: expected a header in its first row"
        )));
    }
    let place = Place {
        sheet,
        start: range.start().unwrap_or((0, 0)),
    };
    let names = (0..range.width())
        .map(|i| {
            cell_text(range.get((0, i)), None)
                .unwrap_or_default()
                .into_owned()
        })
        .collect();
    let header = Header::parse(file, names, |i| place.cell(0, i))?;
    Ok(SheetRows {
        file: file.to_owned(),
        place,
        range,
        header,
        next: 1,
    })
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
}

impl Iterator for SheetRows {
    type Item = Result<ParsedLine, Vec<ImportError>>;

    fn next(&mut self) -> Option<Self::Item> {
        while self.next < self.range.height() {
            let row = self.next;
            self.next += 1;
            let cells = SheetCells {
                range: &self.range,
                row,
            };
            if cells.is_blank() {
                continue;
            }
            return Some(match build(&self.header, &cells) {
                Ok(line) => Ok(ParsedLine {
                    line,
                    location: self.place.row(row),
                }),
                Err(errors) => Err(errors
                    .into_iter()
                    .map(|e| {
                        let location = match e.index {
                            Some(column) => self.place.cell(row, column),
                            None => self.place.row(row),
                        };
                        ImportError::new(&self.file, location, &e.column, e.reason)
                    })
                    .collect()),
            });
        }
        None
    }
}

/// One row of a worksheet.
struct SheetCells<'a> {
    range: &'a Range<Data>,
    row: usize,
}

impl Cells for SheetCells<'_> {
    fn len(&self) -> usize {
        self.range.width()
    }

    fn text(&self, index: usize, field: Option<Field>) -> Result<Cow<'_, str>, String> {
        cell_text(self.range.get((self.row, index)), field)
    }

    /// Numbers are taken as the spreadsheet holds them; text is read with
    /// [`Separators::Either`], since a cell carries no file convention.
    fn amount(&self, index: usize) -> Result<Amount, String> {
        match self.range.get((self.row, index)) {
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
