//! The one error every parsing constructor in this crate returns.

/// A value that breaks a domain rule, with the field it was meant for.
///
/// The message is written for the person who typed the value: it names the
/// field, quotes the value and says what was expected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid {field} `{value}`: {reason}")]
pub struct Invalid {
    /// The field the value was given for (`country`, `username`, …).
    pub field: &'static str,
    /// The value as given.
    pub value: String,
    /// What was expected instead.
    pub reason: String,
}

impl Invalid {
    pub(crate) fn new(field: &'static str, value: &str, reason: impl Into<String>) -> Self {
        Self {
            field,
            value: value.to_owned(),
            reason: reason.into(),
        }
    }
}
