//! Checks of single fields that several record kinds share, reading what
//! has one sound reading (a code in another case, a date given with a
//! time) with a warning, as `vigie_import::json` does for shapes.

use std::str::FromStr;

use vigie_domain::Invalid;

use super::Problems;

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

/// The date at `pointer`; a date and time (`2021-03-18T09:00:00Z`) is
/// read as its date, as written, with a warning.
pub(crate) fn date(problems: &mut Problems<'_>, pointer: &str, text: &str) -> Option<time::Date> {
    match parse_date(text) {
        Ok(day) => Some(day),
        Err(reason) => {
            let day = text
                .trim()
                .split_once(['T', ' '])
                .and_then(|(day, _)| vigie_domain::iso_day::parse(day));
            match day {
                Some(day) => problems.warning(
                    pointer,
                    format!("date and time `{text}` given where a date belongs: read as {day}"),
                ),
                None => problems.error(pointer, reason),
            }
            day
        }
    }
}

/// The code of a closed list at `pointer`; written in another case or
/// with spaces or hyphens for underscores (`Audit`, `in progress`, `bfa`),
/// it is read as the one code it names, with a warning.
pub(crate) fn code<T: FromStr<Err = Invalid>>(
    problems: &mut Problems<'_>,
    pointer: &str,
    text: &str,
) -> Option<T> {
    match text.parse::<T>() {
        Ok(code) => Some(code),
        Err(e) => {
            let folded = text.trim().to_lowercase().replace([' ', '-'], "_");
            let read = [folded.clone(), folded.to_uppercase()]
                .into_iter()
                .find_map(|c| c.parse::<T>().ok().map(|code| (c, code)));
            match read {
                Some((c, code)) => {
                    problems.warning(pointer, format!("`{text}` read as the code `{c}`"));
                    Some(code)
                }
                None => {
                    problems.error(pointer, e.reason);
                    None
                }
            }
        }
    }
}
