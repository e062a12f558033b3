//! Fiscal years.

use std::fmt;
use std::str::FromStr;

use time::{Date, Month};

use crate::Invalid;

/// A fiscal year, named by the calendar year it starts in.
///
/// All five demo states run their budget on the calendar year (UEMOA and
/// CEMAC directives; SIPRI's fiscal-year column is blank for them), so a
/// fiscal year is 1 January to 31 December. The range is bounded to catch
/// typing slips such as `202` or `20234` at the door.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(try_from = "i32", into = "i32")]
pub struct FiscalYear(i32);

impl FiscalYear {
    /// The earliest year Vigie accepts (SIPRI's series start in 1949).
    pub const MIN: i32 = 1945;
    /// The latest year Vigie accepts (programming laws plan a decade or two ahead).
    pub const MAX: i32 = 2100;

    /// Builds a fiscal year, checking the range.
    pub fn new(year: i32) -> Result<Self, Invalid> {
        if (Self::MIN..=Self::MAX).contains(&year) {
            Ok(FiscalYear(year))
        } else {
            Err(Invalid::new(
                "fiscal year",
                &year.to_string(),
                format!("expected a year between {} and {}", Self::MIN, Self::MAX),
            ))
        }
    }

    /// The year as a number.
    pub fn year(self) -> i32 {
        self.0
    }

    /// First day of the fiscal year.
    pub fn start(self) -> Date {
        // INVARIANT: the range check keeps every year representable.
        Date::from_calendar_date(self.0, Month::January, 1).unwrap_or(Date::MIN)
    }

    /// Last day of the fiscal year.
    pub fn end(self) -> Date {
        Date::from_calendar_date(self.0, Month::December, 31).unwrap_or(Date::MAX)
    }

    /// Whether a date falls inside this fiscal year.
    pub fn contains(self, date: Date) -> bool {
        date.year() == self.0
    }

    /// The year before, if still in range.
    pub fn previous(self) -> Option<Self> {
        Self::new(self.0 - 1).ok()
    }
}

impl TryFrom<i32> for FiscalYear {
    type Error = Invalid;
    fn try_from(y: i32) -> Result<Self, Self::Error> {
        Self::new(y)
    }
}

impl From<FiscalYear> for i32 {
    fn from(y: FiscalYear) -> i32 {
        y.0
    }
}

impl FromStr for FiscalYear {
    type Err = Invalid;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let year = s
            .trim()
            .parse::<i32>()
            .map_err(|_| Invalid::new("fiscal year", s, "expected a four-digit year"))?;
        Self::new(year)
    }
}

impl fmt::Display for FiscalYear {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn range_and_bounds() {
        assert!(FiscalYear::new(1944).is_err());
        assert!("20234".parse::<FiscalYear>().is_err());
        let y: FiscalYear = "2023".parse().unwrap();
        assert_eq!(y.start(), date!(2023 - 01 - 01));
        assert_eq!(y.end(), date!(2023 - 12 - 31));
        assert!(y.contains(date!(2023 - 06 - 30)));
        assert!(!y.contains(date!(2024 - 01 - 01)));
        assert_eq!(y.previous().unwrap().year(), 2022);
        assert_eq!(FiscalYear::new(FiscalYear::MIN).unwrap().previous(), None);
    }
}
