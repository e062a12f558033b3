//! Dated exchange rates (`[vigie] exchange_rates = FILE.csv`), so that amounts
//! in other currencies are converted at their own date instead of being
//! dropped. The file has a header and rows `date,currency,rate_to_settings_currency`.

use std::collections::HashMap;
use std::path::Path;

use time::Date;

use crate::dates::parse_date;

/// Rates per currency, sorted by date.
#[derive(Debug, Clone, Default)]
pub struct Rates {
    by_currency: HashMap<String, Vec<(Date, f64)>>,
}

impl Rates {
    /// Reads the CSV file; the error names the line.
    pub fn from_file(path: &Path) -> Result<Self, String> {
        let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
        Self::parse(&text)
    }

    /// Parses the CSV text (first line is a header).
    pub fn parse(text: &str) -> Result<Self, String> {
        let mut rates = Rates::default();
        for (index, line) in text.lines().enumerate().skip(1) {
            if line.trim().is_empty() {
                continue;
            }
            let fields: Vec<&str> = line.split(',').map(str::trim).collect();
            let [date, currency, rate] = fields[..] else {
                return Err(format!("line {}: expected date,currency,rate", index + 1));
            };
            let date =
                parse_date(date).ok_or_else(|| format!("line {}: bad date {date:?}", index + 1))?;
            let rate: f64 = rate
                .parse()
                .ok()
                .filter(|r: &f64| r.is_finite() && *r > 0.0)
                .ok_or_else(|| format!("line {}: bad rate {rate:?}", index + 1))?;
            rates
                .by_currency
                .entry(currency.to_owned())
                .or_default()
                .push((date, rate));
        }
        for list in rates.by_currency.values_mut() {
            list.sort_by_key(|(date, _)| *date);
        }
        Ok(rates)
    }

    /// The rate in force on `date`: the latest one on or before it.
    pub fn rate(&self, currency: &str, date: Date) -> Option<f64> {
        let list = self.by_currency.get(currency)?;
        let index = list.partition_point(|(d, _)| *d <= date);
        index.checked_sub(1).map(|i| list[i].1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latest_rate_on_or_before_the_date() {
        let rates =
            Rates::parse("date,currency,rate\n2024-01-01,EUR,655.957\n2024-06-01,EUR,656\n")
                .unwrap();
        let d = |s| parse_date(s).unwrap();
        assert_eq!(rates.rate("EUR", d("2024-03-01")), Some(655.957));
        assert_eq!(rates.rate("EUR", d("2024-06-01")), Some(656.0));
        assert_eq!(rates.rate("EUR", d("2023-12-31")), None);
        assert!(
            Rates::parse("h\n2024-01-01,EUR\n")
                .unwrap_err()
                .contains("line 2")
        );
    }
}
