//! CSV budget files, streamed record by record so that a file of a million
//! lines is read in bounded memory.

use std::borrow::Cow;
use std::io::{Chain, Read, Seek, SeekFrom};

use ::csv::{ByteRecord, ReaderBuilder, Terminator};

use crate::error::{ImportError, Location};
use crate::text::{UTF8_BOM, decode};

use super::ParsedLine;
use super::amount::{Amount, Separators, parse_text};
use super::columns::{Field, Header};
use super::row::{Cells, RowError, build, total_label, total_skipped};

/// The rows of a CSV file after its header.
pub(crate) struct CsvRows<R> {
    file: String,
    reader: ::csv::Reader<Chain<R, &'static [u8]>>,
    record: ByteRecord,
    header: Header,
    separators: Separators,
    done: bool,
    /// Warnings that belong to no line: a row skipped (a total row), the
    /// file's encoding.
    notes: Vec<ImportError>,
    /// Whether the Windows-1252 note was made (once per file).
    noted_encoding: bool,
}

/// Reads the header of a CSV file. `head` is the start of the file (from
/// `start`, where `reader` is), for the BOM and the delimiter.
pub(crate) fn open<R: Read + Seek>(
    file: &str,
    mut reader: R,
    head: &[u8],
    start: u64,
) -> Result<CsvRows<R>, Vec<ImportError>> {
    let fail = |reason: String| vec![ImportError::new(file, Location::File, "", reason)];
    // Skipping the BOM before the CSV reader sees it keeps a quoted first
    // header (`\u{FEFF}"pays"`) a quoted field.
    let (head, skip) = match head.strip_prefix(UTF8_BOM) {
        Some(rest) => (rest, UTF8_BOM.len() as u64),
        None => (head, 0),
    };
    reader
        .seek(SeekFrom::Start(start + skip))
        .map_err(|e| fail(format!("cannot read the file: {e}")))?;
    let (delimiter, line_end) = delimiter(head);
    if line_end == Some(LineEnd::Cr) {
        return Err(fail(
            "lines end with a lone carriage return (old Mac format): save the file as CSV UTF-8"
                .to_owned(),
        ));
    }
    // Records end at `\n` only (a `\r` before it is trimmed with the
    // field), and one `\n` is added at the end of the file (a blank line if
    // there was one already, and blank lines are skipped): so every record
    // ends with a `\n`, which is what `line` relies on.
    let mut reader = ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .terminator(Terminator::Any(b'\n'))
        .from_reader(reader.chain(&b"\n"[..]));
    let mut record = ByteRecord::new();
    match reader.read_byte_record(&mut record) {
        Ok(true) => {}
        Ok(false) => return Err(fail("empty file: expected a header line".to_owned())),
        Err(e) => return Err(fail(format!("cannot read the header: {e}"))),
    }
    let line = line(&reader, &record);
    let names = record.iter().map(|f| decode(f).into_owned()).collect();
    let header = Header::parse(file, names, |_| Location::Line(line))?;
    Ok(CsvRows {
        file: file.to_owned(),
        reader,
        record,
        header,
        separators: Separators::for_delimiter(delimiter),
        done: false,
        notes: Vec::new(),
        noted_encoding: false,
    })
}

/// How the header line ends, as far as `head` shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LineEnd {
    /// `\n` or `\r\n`.
    Lf,
    /// A `\r` alone: the pre-2001 Macintosh convention, which Excel for Mac
    /// still offers as "CSV (Macintosh)".
    Cr,
}

/// The delimiter of the header line: the most frequent of `;`, `,` and tab
/// outside quotes, `;` winning ties (it is what French Excel writes) and `,`
/// when there is none (a one-column file, whose header errors will say more).
/// Also how the line ends, when `head` holds its end.
fn delimiter(head: &[u8]) -> (u8, Option<LineEnd>) {
    const CANDIDATES: [u8; 3] = [b';', b',', b'\t'];
    let mut counts = [0_usize; 3];
    let mut quoted = false;
    let mut end = None;
    for (i, &byte) in head.iter().enumerate() {
        match byte {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => {
                end = Some(LineEnd::Lf);
                break;
            }
            b'\r' if !quoted => {
                end = match head.get(i + 1) {
                    Some(b'\n') => Some(LineEnd::Lf),
                    Some(_) => Some(LineEnd::Cr),
                    None => None,
                };
                break;
            }
            _ if quoted => {}
            _ => {
                if let Some(i) = CANDIDATES.iter().position(|&c| c == byte) {
                    counts[i] += 1;
                }
            }
        }
    }
    let mut best = (b',', 0);
    for (candidate, count) in CANDIDATES.into_iter().zip(counts) {
        if count > best.1 {
            best = (candidate, count);
        }
    }
    (best.0, end)
}

/// The physical line a record starts on (1-based).
///
/// The reader's own record position is not it: it is taken before the blank
/// lines the reader skips. But every record ends with a `\n` (see `open`),
/// so the line the reader has reached, less that `\n` and those inside
/// quoted fields, is the line the record started on.
fn line<R: Read>(reader: &::csv::Reader<R>, record: &ByteRecord) -> u64 {
    let inside: usize = record
        .iter()
        .map(|field| field.iter().filter(|&&b| b == b'\n').count())
        .sum();
    reader
        .position()
        .line()
        .saturating_sub(inside as u64 + 1)
        .max(1)
}

impl<R> CsvRows<R> {
    /// The file's header.
    /// The warnings that belong to no line so far, taken.
    pub(crate) fn take_notes(&mut self) -> Vec<ImportError> {
        std::mem::take(&mut self.notes)
    }

    pub(crate) fn header(&self) -> &Header {
        &self.header
    }
}

impl<R: Read> Iterator for CsvRows<R> {
    type Item = Result<ParsedLine, Vec<ImportError>>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            match self.reader.read_byte_record(&mut self.record) {
                Ok(true) => {}
                Ok(false) => self.done = true,
                Err(e) => {
                    // A read error leaves the reader nowhere to resume from.
                    self.done = true;
                    let location = e
                        .position()
                        .map_or(Location::File, |p| Location::Line(p.line()));
                    let reason = format!("cannot read the file: {e}");
                    return Some(Err(vec![ImportError::new(
                        &self.file, location, "", reason,
                    )]));
                }
            }
            if self.done {
                break;
            }
            let cells = CsvCells {
                record: &self.record,
                separators: self.separators,
            };
            if cells.is_blank() {
                continue;
            }
            let location = Location::Line(line(&self.reader, &self.record));
            if !self.noted_encoding && std::str::from_utf8(self.record.as_slice()).is_err() {
                self.noted_encoding = true;
                self.notes.push(ImportError::new(
                    &self.file,
                    location.clone(),
                    "",
                    "not UTF-8 text from this line on: read as Windows-1252 (what Excel \
                     writes for \"CSV\" on a French Windows); check the accents, or save \
                     as \"CSV UTF-8\"",
                ));
            }
            let at =
                |e: RowError| ImportError::new(&self.file, location.clone(), &e.column, e.reason);
            return Some(match build(&self.header, &cells) {
                Ok((parsed, warnings)) => Ok(ParsedLine {
                    line: parsed,
                    warnings: warnings.into_iter().map(at).collect(),
                    location: location.clone(),
                }),
                Err(errors) => match total_label(&self.header, &cells) {
                    Some(label) => {
                        let warning = total_skipped(&label);
                        self.notes
                            .push(ImportError::new(&self.file, location, "", warning));
                        continue;
                    }
                    None => Err(errors.into_iter().map(at).collect()),
                },
            });
        }
        None
    }
}

/// One CSV record: every field decoded on its own (UTF-8, else
/// Windows-1252).
struct CsvCells<'a> {
    record: &'a ByteRecord,
    separators: Separators,
}

impl Cells for CsvCells<'_> {
    fn len(&self) -> usize {
        self.record.len()
    }

    fn text(&self, index: usize, _: Option<Field>) -> Result<Cow<'_, str>, String> {
        Ok(match self.record.get(index).map(decode) {
            None => Cow::Borrowed(""),
            Some(Cow::Borrowed(text)) => Cow::Borrowed(text.trim()),
            Some(Cow::Owned(text)) => Cow::Owned(text.trim().to_owned()),
        })
    }

    fn amount(&self, index: usize) -> Result<Amount, String> {
        let text = self.text(index, Some(Field::Amount))?;
        parse_text(&text, self.separators).map(Amount::Exact)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delimiter_is_the_most_frequent_outside_quotes() {
        let d = |head| delimiter(head).0;
        assert_eq!(d(b"pays;exercice;montant\n1,2,3,4,5"), b';');
        assert_eq!(d(b"country,fiscal_year\r\n"), b',');
        assert_eq!(d(b"a\tb\tc;d\n"), b'\t');
        assert_eq!(d(b"\"a;b;c\",d\n"), b',');
        assert_eq!(d(b"a;b,c\n"), b';');
        assert_eq!(d(b"montant"), b',');
    }

    #[test]
    fn line_ends_are_told_apart() {
        assert_eq!(delimiter(b"a,b\r\nc").1, Some(LineEnd::Lf));
        assert_eq!(delimiter(b"a,b\nc").1, Some(LineEnd::Lf));
        assert_eq!(delimiter(b"a,b\rc,d\r").1, Some(LineEnd::Cr));
        assert_eq!(delimiter(b"\"a\rb\",c\n").1, Some(LineEnd::Lf));
        assert_eq!(delimiter(b"a,b\r").1, None);
    }

    #[test]
    fn lines_are_physical_whatever_the_line_ends() {
        let lines = |input: &str| -> Vec<u64> {
            let mut reader = ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .terminator(Terminator::Any(b'\n'))
                .from_reader(input.as_bytes().chain(&b"\n"[..]));
            let mut record = ByteRecord::new();
            let mut lines = Vec::new();
            while reader.read_byte_record(&mut record).unwrap() {
                let blank = record.iter().all(|f| f.trim_ascii().is_empty());
                if !blank {
                    lines.push(line(&reader, &record));
                }
            }
            lines
        };
        assert_eq!(lines("h\na\nb\n"), [1, 2, 3]);
        assert_eq!(lines("h\na\nb"), [1, 2, 3]);
        assert_eq!(lines("h\r\na\r\n\r\nb\r\n"), [1, 2, 4]);
        assert_eq!(lines("h\n\n\na\n\n"), [1, 4]);
        assert_eq!(lines("\n\nh\na"), [3, 4]);
        assert_eq!(lines("h\n\"a\nb\",c\nd"), [1, 2, 4]);
        assert_eq!(lines("h\r\n\"a\r\nb\"\r\nd\r\n"), [1, 2, 4]);
    }
}
