//! Dates. Cardinal compares some dates as text (R030) and parses others with
//! chrono's RFC 3339 parser (R003); `[vigie] parse_dates` compares instants.

use std::cmp::Ordering;

use time::format_description::well_known::Rfc3339;
use time::{Date, Month, OffsetDateTime};

/// An RFC 3339 date-time, also accepting a space for `T` (as chrono does).
pub fn parse_datetime(text: &str) -> Option<OffsetDateTime> {
    if text.len() > 10 && text.as_bytes()[10] == b' ' {
        let mut fixed = text.to_owned();
        fixed.replace_range(10..11, "T");
        return OffsetDateTime::parse(&fixed, &Rfc3339).ok();
    }
    OffsetDateTime::parse(text, &Rfc3339).ok()
}

/// The calendar date of an ISO 8601 date or date-time (`2024-05-01`, `2024-05-01T…`).
pub fn parse_date(text: &str) -> Option<Date> {
    let head = text.get(..10)?;
    let bytes = head.as_bytes();
    if bytes[4] != b'-' || bytes[7] != b'-' {
        return None;
    }
    let year: i32 = head[..4].parse().ok()?;
    let month: u8 = head[5..7].parse().ok()?;
    let day: u8 = head[8..10].parse().ok()?;
    Date::from_calendar_date(year, Month::try_from(month).ok()?, day).ok()
}

/// Compares two dates: as instants when asked and both parse (dates alone
/// are taken at midnight UTC), otherwise as text, as Cardinal does.
pub fn compare(a: &str, b: &str, parse: bool) -> Ordering {
    if parse && let (Some(x), Some(y)) = (instant(a), instant(b)) {
        return x.cmp(&y);
    }
    a.cmp(b)
}

fn instant(text: &str) -> Option<OffsetDateTime> {
    parse_datetime(text).or_else(|| {
        if text.len() == 10 {
            Some(parse_date(text)?.midnight().assume_utc())
        } else {
            None
        }
    })
}

/// Whole days from `a` to `b` (negative if `b` is earlier).
pub fn days_between(a: Date, b: Date) -> i64 {
    (b - a).whole_days()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instants_not_text() {
        // 10:00+02:00 is 08:00Z: earlier, though greater as text.
        assert_eq!(
            compare("2024-01-01T10:00:00+02:00", "2024-01-01T09:00:00Z", true),
            Ordering::Less
        );
        assert_eq!(
            compare("2024-01-01T10:00:00+02:00", "2024-01-01T09:00:00Z", false),
            Ordering::Greater
        );
        assert!(parse_datetime("2024-01-01 10:00:00Z").is_some());
        assert_eq!(parse_date("2024-02-30"), None);
    }
}
