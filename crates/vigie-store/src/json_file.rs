//! Small JSON import files (`{"recommendations": [ … ]}`) read with the
//! line of every element, so that errors say `file:LINE: /json/path: why`.
//!
//! The file is parsed once into borrowed raw values: each element's text is
//! a slice of the input, so its byte offset, hence its line, is known. An
//! element is then parsed into its typed input; serde's own errors (wrong
//! type, missing field) carry a line relative to the element, shifted here
//! to the file's.

use serde::de::DeserializeOwned;
use serde_json::value::RawValue;
use vigie_import::{ImportError, Location};

/// One element of the top-level array, where it is.
pub(crate) struct Element<'a> {
    /// Its JSON pointer (`/recommendations/3`).
    pub pointer: String,
    /// Its first line in the file.
    pub line: u64,
    /// Its text.
    pub raw: &'a RawValue,
}

/// The file's text, for line numbers of what it holds.
pub(crate) struct JsonFile<'a> {
    pub name: &'a str,
    pub text: &'a str,
}

impl<'a> JsonFile<'a> {
    /// The line (1-based) where `raw`, a slice of this file, starts.
    pub fn line_of(&self, raw: &RawValue) -> u64 {
        // A borrowed raw value may start with the white space before it.
        let text = raw.get();
        let skipped = text.len() - text.trim_start().len();
        let offset = (text.as_ptr() as usize).saturating_sub(self.text.as_ptr() as usize) + skipped;
        let before = self.text.get(..offset).unwrap_or("");
        1 + before.bytes().filter(|b| *b == b'\n').count() as u64
    }

    /// An error at `line`, about `pointer`.
    pub fn error(&self, line: u64, pointer: &str, reason: impl Into<String>) -> ImportError {
        ImportError {
            file: self.name.to_owned(),
            location: Location::Line(line),
            column: pointer.to_owned(),
            reason: reason.into(),
            ..Default::default()
        }
    }

    /// The elements of the top-level array `key`, or the one error that
    /// stops the reading (broken JSON, no such array).
    pub fn elements(&self, key: &str) -> Result<Vec<Element<'a>>, ImportError> {
        let top: std::collections::HashMap<&'a str, &'a RawValue> =
            serde_json::from_str(self.text).map_err(|e| self.serde_error(1, "", &e))?;
        let Some(array) = top.get(key) else {
            return Err(ImportError {
                file: self.name.to_owned(),
                location: Location::File,
                column: String::new(),
                reason: format!("expected an object with a `{key}` array"),
                ..Default::default()
            });
        };
        let items: Vec<&'a RawValue> = serde_json::from_str(array.get())
            .map_err(|e| self.serde_error(self.line_of(array), &format!("/{key}"), &e))?;
        Ok(items
            .into_iter()
            .enumerate()
            .map(|(i, raw)| Element {
                pointer: format!("/{key}/{i}"),
                line: self.line_of(raw),
                raw,
            })
            .collect())
    }

    /// Parses `raw` (starting at `line`, at `pointer`) into `T`.
    pub fn parse<T: DeserializeOwned>(
        &self,
        line: u64,
        pointer: &str,
        raw: &RawValue,
    ) -> Result<T, ImportError> {
        serde_json::from_str(raw.get()).map_err(|e| self.serde_error(line, pointer, &e))
    }

    fn serde_error(&self, line: u64, pointer: &str, e: &serde_json::Error) -> ImportError {
        let at = line + e.line().saturating_sub(1) as u64;
        // serde says "at line 3 column 5" itself: keep only the reason.
        let text = e.to_string();
        let reason = text
            .rsplit_once(" at line ")
            .map_or(text.as_str(), |(reason, _)| reason)
            .to_owned();
        self.error(at, pointer, reason)
    }
}

/// The reason a text cannot be stored, if either language is blank.
pub(crate) fn blank(text: &vigie_domain::Bilingual) -> Option<&'static str> {
    text.blank()
        .next()
        .map(|_| "expected a non-empty text in French (`fr`) and in English (`en`)")
}

/// An ISO 8601 calendar date (`2021-03-18`).
pub(crate) fn parse_date(text: &str) -> Result<time::Date, String> {
    vigie_domain::iso_day::parse(text)
        .ok_or_else(|| format!("`{text}` is not a date (expected YYYY-MM-DD)"))
}
