//! Amounts as ministries write them: `1 234 567,89` in French files,
//! `1,234,567.89` in English ones, and floats in spreadsheets.
//!
//! The decimal separator is never guessed where a guess could be wrong by a
//! factor of a thousand: it follows the file's conventions, and what those
//! leave ambiguous is refused with a message that says how to write it.

use rust_decimal::Decimal;
use vigie_domain::{Currency, Money};

use crate::text::is_digit_space;

/// Which character separates decimals, decided by the file, not the value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Separators {
    /// `;`-separated CSV (what Excel writes in French): the decimal
    /// separator is `,`; `.` may group thousands.
    DecimalComma,
    /// `,`-separated CSV (English): the decimal separator is `.`; `,` may
    /// group thousands (inside quotes).
    DecimalPoint,
    /// Tab-separated CSV and text cells of a workbook, which carry no
    /// convention: when both `,` and `.` appear the last one is the decimal
    /// separator and the other groups thousands; a lone separator followed by
    /// exactly three digits (`1,234`, `1.234`) is refused as ambiguous; any
    /// other lone separator is decimal (`12,5` and `12.5` are both 12.5).
    Either,
}

/// An amount before its currency is known.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Amount {
    /// Written as text, or a whole number: exact.
    Exact(Decimal),
    /// A spreadsheet's binary float, to be read to the currency's minor unit.
    Float(f64),
}

impl Amount {
    /// Whether it is below zero.
    pub(crate) fn is_negative(self) -> bool {
        match self {
            Amount::Exact(amount) => amount.is_sign_negative() && !amount.is_zero(),
            Amount::Float(value) => value < 0.0,
        }
    }

    /// The money, or why not (the reason, for the amount column).
    ///
    /// A float is taken exactly when it is a whole number; otherwise it is
    /// rounded to the currency's minor unit only when it is within 1e-6 of
    /// it, because a spreadsheet stores 1234.56 as 1234.5599999999999 and
    /// that is what the clerk typed, while 1234.567 USD is a real third
    /// decimal that rounding would hide.
    pub(crate) fn to_money(self, currency: Currency) -> Result<Money, String> {
        let amount = match self {
            Amount::Exact(amount) => amount,
            Amount::Float(value) => from_float(value, currency)?,
        };
        Money::new(amount, currency).map_err(|e| e.to_string())
    }
}

/// A float to a decimal with at most the currency's minor digits, if it is
/// one; the error is the reason.
fn from_float(value: f64, currency: Currency) -> Result<Decimal, String> {
    // Past 2^53 a float no longer holds every whole number: refuse rather
    // than import a figure nobody typed.
    const EXACT: f64 = 9_007_199_254_740_992.0;
    let too_large = || format!("`{value}` is too large to be read exactly; type it as text");
    if !value.is_finite() || value.abs() >= EXACT {
        return Err(too_large());
    }
    let digits = currency.minor_digits();
    let scale = 10_f64.powi(i32::try_from(digits).map_err(|_| too_large())?);
    let minor = (value * scale).round();
    if minor.abs() >= EXACT {
        return Err(too_large());
    }
    if (minor / scale - value).abs() > 1e-6 {
        return Err(format!(
            "`{value}` has more decimals than {currency} allows ({digits})"
        ));
    }
    // `minor` is whole and below 2^53: the conversion is exact.
    Ok(Decimal::new(minor as i64, digits).normalize())
}

/// Reads an amount written as text. Spaces of every kind are dropped; a
/// leading `-` (or `−`) makes it negative, and so do parentheses around it,
/// as accountants write a negative (`(1 234,50)`, see [`is_accounting_negative`]).
/// The error is the reason, for the amount column.
pub(crate) fn parse_text(text: &str, separators: Separators) -> Result<Decimal, String> {
    let compact: String = text.chars().filter(|c| !is_digit_space(*c)).collect();
    if compact.is_empty() {
        return Err("required".to_owned());
    }
    let not_a_number = |hint: &str| format!("not a number `{}`{hint}", text.trim());
    let (negative, digits) = match (
        compact.strip_prefix(['-', '\u{2212}']),
        compact.strip_prefix('(').and_then(|c| c.strip_suffix(')')),
    ) {
        (Some(rest), _) | (None, Some(rest)) => (true, rest),
        (None, None) => (false, compact.as_str()),
    };
    if !digits.starts_with(|c: char| c.is_ascii_digit())
        || !digits
            .chars()
            .all(|c| c.is_ascii_digit() || c == ',' || c == '.')
    {
        return Err(not_a_number(""));
    }
    let (decimal, group) = match separators {
        Separators::DecimalComma => (Some(','), Some('.')),
        Separators::DecimalPoint => (Some('.'), Some(',')),
        Separators::Either => either(digits).ok_or_else(|| {
            not_a_number(": ambiguous, write it without a thousands separator or with spaces")
        })?,
    };
    let (whole, fraction) = match decimal.and_then(|d| digits.split_once(d)) {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (digits, None),
    };
    let hint = match separators {
        Separators::DecimalComma => {
            " (in a `;`-separated file the decimal separator is `,` and `.` groups thousands)"
        }
        Separators::DecimalPoint => {
            " (in a `,`-separated file the decimal separator is `.` and `,` groups thousands)"
        }
        Separators::Either => "",
    };
    let whole = ungroup(whole, group).ok_or_else(|| not_a_number(hint))?;
    let mut exact = whole;
    if let Some(fraction) = fraction {
        if fraction.is_empty() || !fraction.chars().all(|c| c.is_ascii_digit()) {
            return Err(not_a_number(hint));
        }
        exact = format!("{exact}.{fraction}");
    }
    let amount = Decimal::from_str_exact(&exact).map_err(|_| not_a_number(": too large"))?;
    Ok(if negative { -amount } else { amount })
}

/// Whether a text amount is an accountant's negative, `(1 234,50)`: read as
/// −1 234,50, and worth a warning, since the reading is an interpretation.
pub(crate) fn is_accounting_negative(text: &str) -> bool {
    let text = text.trim();
    text.starts_with('(') && text.ends_with(')')
}

/// The (decimal, group) separators of a value in a file without convention;
/// `None` when it is ambiguous.
fn either(digits: &str) -> Option<(Option<char>, Option<char>)> {
    let last_comma = digits.rfind(',');
    let last_point = digits.rfind('.');
    match (last_comma, last_point) {
        (None, None) => Some((None, None)),
        (Some(c), Some(p)) if c > p => Some((Some(','), Some('.'))),
        (Some(_), Some(_)) => Some((Some('.'), Some(','))),
        (Some(_), None) => lone(digits, ','),
        (None, Some(_)) => lone(digits, '.'),
    }
}

/// One kind of separator: several group thousands; one is decimal unless
/// it is followed by exactly three digits, which could be either.
fn lone(digits: &str, separator: char) -> Option<(Option<char>, Option<char>)> {
    let count = digits.matches(separator).count();
    if count > 1 {
        return Some((None, Some(separator)));
    }
    let after = digits.rsplit(separator).next().unwrap_or_default();
    if after.len() == 3 {
        None
    } else {
        Some((Some(separator), None))
    }
}

/// The digits of a whole part, checking any thousands grouping: a first
/// group of one to three digits, then groups of exactly three.
fn ungroup(whole: &str, group: Option<char>) -> Option<String> {
    let groups: Vec<&str> = match group {
        Some(separator) => whole.split(separator).collect(),
        None => vec![whole],
    };
    let all_digits = |g: &str| !g.is_empty() && g.chars().all(|c| c.is_ascii_digit());
    if !groups.iter().all(|g| all_digits(g)) {
        return None;
    }
    if groups.len() > 1 && (groups[0].len() > 3 || groups[1..].iter().any(|g| g.len() != 3)) {
        return None;
    }
    Some(groups.concat())
}

impl Separators {
    /// The convention a CSV delimiter implies.
    pub(crate) fn for_delimiter(delimiter: u8) -> Separators {
        match delimiter {
            b';' => Separators::DecimalComma,
            b',' => Separators::DecimalPoint,
            _ => Separators::Either,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn french_amounts() {
        let fr = |s| parse_text(s, Separators::DecimalComma);
        assert_eq!(fr("1 234 567,89"), Ok(dec("1234567.89")));
        assert_eq!(
            fr("1\u{A0}234\u{202F}567\u{2009}000"),
            Ok(dec("1234567000"))
        );
        assert_eq!(fr("1.234.567,5"), Ok(dec("1234567.5")));
        assert_eq!(fr("-12"), Ok(dec("-12")));
        assert_eq!(fr("(1 234,50)"), Ok(dec("-1234.50")));
        assert_eq!(fr(" ( 1\u{A0}234 ) "), Ok(dec("-1234")));
        assert!(is_accounting_negative(" (1 234,50) "));
        assert!(!is_accounting_negative("-1 234,50"));
        for bad in ["(-12)", "(12", "12)", "()", "(1,2,3)"] {
            assert!(fr(bad).is_err(), "{bad}");
        }
        assert_eq!(fr("007"), Ok(dec("7")));
        for bad in [
            "1,2,3", "12 3a", "1.5", "1234.567", ",5", "12,", "1,2.3", "+1", "1e5", "--1",
        ] {
            let err = fr(bad).unwrap_err();
            assert!(err.starts_with("not a number `"), "{bad}: {err}");
        }
        assert_eq!(fr("   "), Err("required".to_owned()));
        assert!(fr("1.5").unwrap_err().contains("decimal separator is `,`"));
    }

    #[test]
    fn english_amounts() {
        let en = |s| parse_text(s, Separators::DecimalPoint);
        assert_eq!(en("1,234,567.89"), Ok(dec("1234567.89")));
        assert_eq!(en("1234567.89"), Ok(dec("1234567.89")));
        assert_eq!(en("1 234.5"), Ok(dec("1234.5")));
        for bad in ["12,5", "1.2.3", "1,23,456", "12.3.4"] {
            assert!(en(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn files_without_convention_refuse_ambiguity() {
        let any = |s| parse_text(s, Separators::Either);
        assert_eq!(any("12,5"), Ok(dec("12.5")));
        assert_eq!(any("12.5"), Ok(dec("12.5")));
        assert_eq!(any("1.234.567,89"), Ok(dec("1234567.89")));
        assert_eq!(any("1,234,567.89"), Ok(dec("1234567.89")));
        assert_eq!(any("1,234,567"), Ok(dec("1234567")));
        assert!(any("1,234").unwrap_err().contains("ambiguous"));
        assert!(any("1.234").unwrap_err().contains("ambiguous"));
        assert!(any("1.234,5.6").is_err());
    }

    #[test]
    fn huge_amounts_are_refused_not_rounded() {
        let err = parse_text("1".repeat(40).as_str(), Separators::DecimalPoint).unwrap_err();
        assert!(err.contains("too large"), "{err}");
    }

    #[test]
    fn floats_read_to_the_minor_unit() {
        let money = |f: f64, c| Amount::Float(f).to_money(c).map(|m| m.amount());
        assert_eq!(
            money(125_000_000_000.0, Currency::Xof),
            Ok(dec("125000000000"))
        );
        assert_eq!(money(1234.56, Currency::Usd), Ok(dec("1234.56")));
        assert_eq!(money(0.1 + 0.2, Currency::Eur), Ok(dec("0.3")));
        assert!(
            money(1234.567, Currency::Usd)
                .unwrap_err()
                .contains("more decimals")
        );
        assert!(
            money(12.5, Currency::Xof)
                .unwrap_err()
                .contains("more decimals")
        );
        assert!(money(f64::NAN, Currency::Xof).is_err());
        assert!(
            money(1e300, Currency::Xof)
                .unwrap_err()
                .contains("too large")
        );
        assert_eq!(money(-5.0, Currency::Xof), Ok(dec("-5")));
    }

    #[test]
    fn exact_amounts_keep_the_currency_rule() {
        let err = Amount::Exact(dec("0.5"))
            .to_money(Currency::Xof)
            .unwrap_err();
        assert!(err.contains("more decimals than XOF"), "{err}");
    }
}
