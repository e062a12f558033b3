//! The quality report of an import, as the CSV a publisher opens in a
//! spreadsheet: one row per warning and per error, header
//! `line,ocid,path,value,level,description`.

use std::io::{self, Write};

use vigie_domain::inert_text;

use crate::{ImportError, Location};

/// Whether a problem stopped the file or was read past.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// The value could not be read: nothing of the file was stored.
    Error,
    /// The value had one sound reading, which was stored and is reported.
    Warning,
}

impl Level {
    /// The word the report writes.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Error => "error",
            Level::Warning => "warning",
        }
    }
}

/// Who follows an import as it runs: how far it is, and each problem as it
/// is found (every one, where the import's answer lists only the first).
/// A closure `FnMut(u64)` follows progress only.
pub trait Observer {
    /// `records` were read so far.
    fn progress(&mut self, records: u64) {
        let _ = records;
    }
    /// A problem was found.
    fn problem(&mut self, level: Level, problem: &ImportError) {
        let _ = (level, problem);
    }
}

impl<F: FnMut(u64)> Observer for F {
    fn progress(&mut self, records: u64) {
        self(records);
    }
}

/// The report's header, which scripts read.
pub const REPORT_HEADER: [&str; 6] = ["line", "ocid", "path", "value", "level", "description"];

/// Writes the report a row at a time, as an import finds its problems.
#[derive(Debug)]
pub struct ReportWriter<W: Write> {
    csv: csv::Writer<W>,
}

impl<W: Write> ReportWriter<W> {
    /// Starts the report with its header.
    pub fn new(out: W) -> io::Result<Self> {
        let mut csv = csv::Writer::from_writer(out);
        csv.write_record(REPORT_HEADER)?;
        Ok(ReportWriter { csv })
    }

    /// One row: the line (a workbook's `Sheet!C7`, empty for the whole
    /// file), the record's key, the JSON path or column, the value as given,
    /// the level and the reason. Cells a spreadsheet would run as a formula
    /// are written as text.
    pub fn row(&mut self, level: Level, problem: &ImportError) -> io::Result<()> {
        let line = match &problem.location {
            Location::Line(line) => line.to_string(),
            Location::Cell { sheet, cell } => format!("{sheet}!{cell}"),
            Location::File => String::new(),
        };
        self.csv.write_record([
            line.as_str(),
            &inert_text(&problem.record),
            &inert_text(&problem.column),
            &inert_text(&problem.value),
            level.as_str(),
            &inert_text(&problem.reason),
        ])?;
        Ok(())
    }

    /// Flushes what is written.
    pub fn finish(mut self) -> io::Result<()> {
        self.csv.flush()
    }
}

/// Writes `rows` as a whole report.
pub fn write_report<'a, W: Write>(
    out: W,
    rows: impl IntoIterator<Item = (Level, &'a ImportError)>,
) -> io::Result<()> {
    let mut report = ReportWriter::new(out)?;
    for (level, problem) in rows {
        report.row(level, problem)?;
    }
    report.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_row_per_problem_under_the_header() {
        let warning = ImportError {
            file: "f.json".into(),
            location: Location::Line(3),
            column: "/awards/0/status".into(),
            reason: "outside the closed codelist, kept as given".into(),
            record: "ocds-1".into(),
            value: "=Active".into(),
        };
        let error = ImportError {
            reason: "invalid JSON, line 9".into(),
            ..ImportError::default()
        };
        let mut out = Vec::new();
        write_report(
            &mut out,
            [(Level::Warning, &warning), (Level::Error, &error)],
        )
        .unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "line,ocid,path,value,level,description\n\
             3,ocds-1,/awards/0/status,'=Active,warning,\"outside the closed codelist, kept as given\"\n\
             ,,,,error,\"invalid JSON, line 9\"\n"
        );
    }
}
