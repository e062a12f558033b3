//! Errors: every one names where the problem is (file and line, and the key
//! or the JSON path when known).

use std::fmt;

/// A settings file that cannot be used: file, line and key (or the text of the
/// line) and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SettingsError {
    pub file: String,
    pub line: usize,
    pub key: String,
    pub message: String,
}

impl SettingsError {
    pub(crate) fn new(file: &str, line: usize, key: &str, message: impl Into<String>) -> Self {
        SettingsError {
            file: file.to_owned(),
            line,
            key: key.to_owned(),
            message: message.into(),
        }
    }
}

impl fmt::Display for SettingsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}: {}: {}",
            self.file, self.line, self.key, self.message
        )
    }
}

impl std::error::Error for SettingsError {}

/// Why an evaluation failed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("settings: {0}")]
    Settings(#[from] SettingsError),
    #[error("reading input: {0}")]
    Io(#[from] std::io::Error),
    /// Only in strict mode (`[vigie] strict = true`); otherwise bad lines are
    /// skipped with a warning, as Cardinal does.
    #[error("line {line}: {message}")]
    Line { line: u64, message: String },
}
