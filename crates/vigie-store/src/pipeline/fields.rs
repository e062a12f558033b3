//! Checks of single fields that several record kinds share.

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
