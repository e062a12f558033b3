//! Typed values, read as config-rs reads INI strings.

use crate::error::SettingsError;
use crate::ini::Entry;

/// config-rs reads `true`/`on`/`yes` as 1 and `false`/`off`/`no` as 0 in numbers too.
fn word(value: &str) -> Option<i64> {
    match value.to_lowercase().as_str() {
        "true" | "on" | "yes" => Some(1),
        "false" | "off" | "no" => Some(0),
        _ => None,
    }
}

pub(super) fn int(file: &str, e: &Entry) -> Result<i64, SettingsError> {
    e.value
        .parse()
        .ok()
        .or_else(|| word(&e.value))
        .ok_or_else(|| {
            SettingsError::new(
                file,
                e.line,
                &e.key,
                format!("{:?} is not an integer", e.value),
            )
        })
}

pub(super) fn count(file: &str, e: &Entry) -> Result<usize, SettingsError> {
    let value = int(file, e)?;
    usize::try_from(value).map_err(|_| {
        SettingsError::new(
            file,
            e.line,
            &e.key,
            format!("{value} is not a non-negative integer"),
        )
    })
}

pub(super) fn float(file: &str, e: &Entry) -> Result<f64, SettingsError> {
    #[expect(clippy::cast_precision_loss, reason = "0 or 1")]
    e.value
        .parse()
        .ok()
        .or_else(|| word(&e.value).map(|v| v as f64))
        .ok_or_else(|| {
            SettingsError::new(
                file,
                e.line,
                &e.key,
                format!("{:?} is not a number", e.value),
            )
        })
}

pub(crate) fn boolean(file: &str, e: &Entry) -> Result<bool, SettingsError> {
    match e.value.to_lowercase().as_str() {
        "1" | "true" | "on" | "yes" => Ok(true),
        "0" | "false" | "off" | "no" => Ok(false),
        _ => Err(SettingsError::new(
            file,
            e.line,
            &e.key,
            format!("{:?} is not a boolean", e.value),
        )),
    }
}
