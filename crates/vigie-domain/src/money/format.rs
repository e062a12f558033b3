//! Amounts written the way their readers write them: `1 234 567 FCFA` in
//! French (CLDR: narrow no-break space between groups, decimal comma),
//! `1,234,567 FCFA` and `US$1,234.50` in English.

use rust_decimal::Decimal;

use super::{Currency, Money};
use crate::Lang;

/// The French group separator (U+202F NARROW NO-BREAK SPACE), per CLDR.
pub const FR_GROUP: char = '\u{202f}';
/// The space between a French amount and its unit (U+00A0 NO-BREAK SPACE).
const NBSP: char = '\u{a0}';

impl Money {
    /// The amount with its currency, in the reader's language.
    pub fn display(&self, lang: Lang) -> String {
        let number = format_decimal(self.amount(), self.currency().minor_digits(), lang);
        let symbol = self.currency().symbol(lang);
        match (lang, self.currency()) {
            (Lang::En, Currency::Usd | Currency::Eur) => match number.strip_prefix('-') {
                Some(abs) => format!("-{symbol}{abs}"),
                None => format!("{symbol}{number}"),
            },
            _ => format!("{number}{NBSP}{symbol}"),
        }
    }
}

/// A decimal rounded to `digits` places, grouped by thousands, in the
/// reader's language.
pub fn format_decimal(value: Decimal, digits: u32, lang: Lang) -> String {
    let (group, point) = match lang {
        Lang::Fr => (FR_GROUP, ','),
        Lang::En => (',', '.'),
    };
    let rounded =
        value.round_dp_with_strategy(digits, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
    let text = format!("{:.*}", digits as usize, rounded.abs());
    let (int_part, frac_part) = text.split_once('.').unwrap_or((&text, ""));
    let mut out = String::with_capacity(text.len() + text.len() / 3 + 2);
    if rounded.is_sign_negative() && !rounded.is_zero() {
        out.push('-');
    }
    for (i, ch) in int_part.chars().enumerate() {
        if i > 0 && (int_part.len() - i) % 3 == 0 {
            out.push(group);
        }
        out.push(ch);
    }
    if !frac_part.is_empty() {
        out.push(point);
        out.push_str(frac_part);
    }
    out
}
