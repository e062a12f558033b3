use std::fmt;
use std::str::FromStr;

use crate::{Invalid, Lang};

/// An ISO 4217 currency Vigie knows how to count in.
///
/// A closed list on purpose: each currency brings its minor unit and how its
/// readers write it, and a typo such as `XFO` must fail at the door.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(try_from = "String", into = "&'static str")]
pub enum Currency {
    /// Franc CFA of the BCEAO (UEMOA): Burkina Faso, Mali, Niger.
    Xof,
    /// Franc CFA of the BEAC (CEMAC): Chad.
    Xaf,
    /// Ouguiya (new, since 1 January 2018 at 10 MRO = 1 MRU): Mauritania.
    Mru,
    /// United States dollar, SIPRI's unit of comparison.
    Usd,
    /// Euro, to which both francs CFA are pegged.
    Eur,
}

impl Currency {
    /// Every currency, in code order.
    pub const ALL: [Currency; 5] = [
        Currency::Eur,
        Currency::Mru,
        Currency::Usd,
        Currency::Xaf,
        Currency::Xof,
    ];

    /// The ISO 4217 code.
    pub fn code(self) -> &'static str {
        match self {
            Currency::Xof => "XOF",
            Currency::Xaf => "XAF",
            Currency::Mru => "MRU",
            Currency::Usd => "USD",
            Currency::Eur => "EUR",
        }
    }

    /// Digits after the decimal point of the minor unit (ISO 4217 exponent).
    pub fn minor_digits(self) -> u32 {
        match self {
            Currency::Xof | Currency::Xaf => 0,
            Currency::Mru | Currency::Usd | Currency::Eur => 2,
        }
    }

    /// The symbol readers expect after or before the amount.
    pub fn symbol(self, lang: Lang) -> &'static str {
        match (self, lang) {
            // Both francs CFA are written FCFA in everyday use.
            (Currency::Xof | Currency::Xaf, _) => "FCFA",
            (Currency::Mru, _) => "MRU",
            (Currency::Usd, Lang::Fr) => "$ US",
            (Currency::Usd, Lang::En) => "US$",
            (Currency::Eur, _) => "€",
        }
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Currency {
    type Err = Invalid;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Currency::ALL
            .into_iter()
            .find(|c| c.code() == s)
            .ok_or_else(|| Invalid::new("currency", s, "expected one of EUR, MRU, USD, XAF, XOF"))
    }
}

impl TryFrom<String> for Currency {
    type Error = Invalid;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

impl From<Currency> for &'static str {
    fn from(c: Currency) -> &'static str {
        c.code()
    }
}
