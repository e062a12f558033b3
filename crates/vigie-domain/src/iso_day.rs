//! Days as `YYYY-MM-DD`, in files, in the database and in the state the
//! log hashes: one format for every record of the accountability chain.

use serde::{Deserialize, Deserializer, Serializer, de};
use time::Date;
use time::format_description::BorrowedFormatItem;
use time::macros::format_description;

const FORMAT: &[BorrowedFormatItem<'_>] = format_description!("[year]-[month]-[day]");

/// `2021-03-17`.
pub fn format(day: Date) -> String {
    day.format(FORMAT).unwrap_or_default()
}

/// Parses `2021-03-17`.
pub fn parse(text: &str) -> Option<Date> {
    Date::parse(text, FORMAT).ok()
}

/// Serializes as `2021-03-17`.
pub fn serialize<S: Serializer>(day: &Date, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&format(*day))
}

/// Reads `2021-03-17`, naming the value when it is not a date.
pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
    let text = String::deserialize(d)?;
    parse(&text).ok_or_else(|| de::Error::custom(format!("`{text}` is not a date (YYYY-MM-DD)")))
}
