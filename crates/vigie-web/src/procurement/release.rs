//! Reading an OCDS compiled release for display: texts, amounts and dates in
//! the reader's way, and "withheld (level CD)" wherever a classified field
//! was removed, so that a reader always knows something is missing and why.

use rust_decimal::Decimal;
use serde_json::Value;
use vigie_domain::money::format_decimal;
use vigie_domain::{Currency, Lang};
use vigie_store::procurement::WithheldField;
use vigie_store::procurement::dashboard::ocds_amount;

use crate::Tr;

/// A value on a page: its text, or the notice that it is withheld.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    /// The value as shown, or "withheld (level CD)".
    pub text: String,
    /// Whether the value was withheld from the reader.
    pub withheld: bool,
}

impl Field {
    /// The class of its cell: `withheld` marks what the reader may not see.
    pub fn class(&self) -> &'static str {
        if self.withheld { "withheld" } else { "" }
    }

    fn shown(text: String) -> Field {
        Field {
            text: if text.is_empty() {
                "—".to_owned()
            } else {
                text
            },
            withheld: false,
        }
    }
}

/// A release seen by one reader, with what was withheld from it.
#[derive(Debug, Clone, Copy)]
pub struct Reading<'a> {
    /// The redacted compiled release.
    pub release: &'a Value,
    /// The fields removed from it.
    pub withheld: &'a [WithheldField],
    /// The reader's language.
    pub lang: Lang,
}

impl<'a> Reading<'a> {
    /// The level of the withheld field at `pointer` or at one of its
    /// ancestors (a withheld `/awards/0` hides `/awards/0/value`). Pages
    /// read the redacted release by position, so they are matched against
    /// where each withheld field sits in it (`WithheldField::pointers`),
    /// never against the classification path, which names items by id.
    pub fn withheld_level(&self, pointer: &str) -> Option<&'a str> {
        self.withheld
            .iter()
            .find(|w| w.pointers.iter().any(|at| is_within(pointer, at)))
            .map(|w| w.level.as_str())
    }

    /// Whether something under `pointer` was withheld (a block with one
    /// withheld field is still shown, with that field marked).
    pub fn has_withheld_under(&self, pointer: &str) -> bool {
        self.withheld
            .iter()
            .any(|w| w.pointers.iter().any(|at| is_within(at, pointer)))
    }

    fn get(&self, pointer: &str) -> Option<&'a Value> {
        self.release.pointer(pointer).filter(|v| !v.is_null())
    }

    fn field(&self, pointer: &str, show: impl FnOnce(&'a Value) -> String) -> Field {
        if let Some(level) = self.withheld_level(pointer) {
            return Field {
                text: Tr(self.lang).t_with("procurement-withheld", &[("level", level.to_owned())]),
                withheld: true,
            };
        }
        Field::shown(self.get(pointer).map(show).unwrap_or_default())
    }

    /// A text (a string, or a number written as it is).
    pub fn text(&self, pointer: &str) -> Field {
        self.field(pointer, plain)
    }

    /// A date, as `YYYY-MM-DD`: unambiguous in both languages.
    pub fn date(&self, pointer: &str) -> Field {
        self.field(pointer, |v| day(v.as_str().unwrap_or("")).to_owned())
    }

    /// An OCDS `Value` (`{amount, currency}`), in the reader's way.
    pub fn money(&self, pointer: &str) -> Field {
        let lang = self.lang;
        self.field(pointer, |v| money_text(v, lang))
    }

    /// The plain text at `pointer` ("" when absent or withheld).
    pub fn raw(&self, pointer: &str) -> &'a str {
        if self.withheld_level(pointer).is_some() {
            return "";
        }
        self.get(pointer).and_then(Value::as_str).unwrap_or("")
    }

    /// The length of the array at `pointer` in the redacted release (an
    /// element withheld whole is not in it: it is listed among the withheld
    /// fields by its id).
    pub fn len(&self, pointer: &str) -> usize {
        self.release
            .pointer(pointer)
            .and_then(Value::as_array)
            .map_or(0, Vec::len)
    }
}

/// Whether `pointer` is `ancestor` or under it (`/awards/01` is not under
/// `/awards/0`).
fn is_within(pointer: &str, ancestor: &str) -> bool {
    pointer
        .strip_prefix(ancestor)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

/// A JSON value as plain text.
fn plain(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        Value::Bool(b) => b.to_string(),
        other => other.to_string(),
    }
}

/// The date part of an ISO 8601 date-time.
pub fn day(s: &str) -> &str {
    s.get(..10).unwrap_or(s)
}

/// An amount in the reader's way, with its currency's symbol (`FCFA`).
pub fn format_amount(amount: Decimal, currency: &str, lang: Lang) -> String {
    let digits = if amount.fract().is_zero() { 0 } else { 2 };
    let number = format_decimal(amount.round_dp(digits), digits, lang);
    format!("{number}\u{a0}{}", currency_symbol(currency, lang))
}

/// The symbol of a currency code Vigie knows, else the code.
pub fn currency_symbol(code: &str, lang: Lang) -> String {
    code.parse::<Currency>()
        .map_or_else(|_| code.to_owned(), |c| c.symbol(lang).to_owned())
}

fn money_text(v: &Value, lang: Lang) -> String {
    let currency = v.get("currency").and_then(Value::as_str).unwrap_or("");
    ocds_amount(v).map_or_else(String::new, |a| format_amount(a, currency, lang))
}

/// A percentage with one decimal, as the budget pages write it.
pub fn percent(p: Option<Decimal>, lang: Lang) -> String {
    crate::budget::indicator_tables::percent(p, lang)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_withheld_ancestor_hides_its_fields_and_a_prefix_is_not_an_ancestor() {
        let release = serde_json::json!({"awards": [{"id": "A-1"}, {"id": "A-2", "value": {"amount": 5, "currency": "XOF"}}]});
        let withheld = vec![WithheldField {
            path: "/awards/id=A-1".into(),
            level: "CD".into(),
            pointers: vec!["/awards/0".into()],
        }];
        let r = Reading {
            release: &release,
            withheld: &withheld,
            lang: Lang::En,
        };
        assert!(r.money("/awards/0/value").withheld);
        assert_eq!(r.money("/awards/1/value").text, "5\u{a0}FCFA");
        assert_eq!(r.withheld_level("/awards/01"), None);
        assert!(r.has_withheld_under("/awards"));
        assert_eq!(r.text("/awards/0/value").text, "withheld (level CD)");
    }
}
