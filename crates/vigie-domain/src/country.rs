//! Countries, named by their ISO 3166-1 alpha-3 code.

use std::fmt;
use std::str::FromStr;

use crate::{Currency, Invalid, Lang};

/// An ISO 3166-1 alpha-3 code: three ASCII capital letters (`BFA`, `MLI`).
///
/// The constructor checks the shape, not membership of the ISO list: a state
/// that deploys Vigie adds itself as data, without a new release.
#[derive(
    Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(try_from = "String", into = "String")]
pub struct CountryCode([u8; 3]);

impl CountryCode {
    /// Burkina Faso.
    pub const BFA: CountryCode = CountryCode(*b"BFA");
    /// Mali.
    pub const MLI: CountryCode = CountryCode(*b"MLI");
    /// Mauritania.
    pub const MRT: CountryCode = CountryCode(*b"MRT");
    /// Niger.
    pub const NER: CountryCode = CountryCode(*b"NER");
    /// Chad.
    pub const TCD: CountryCode = CountryCode(*b"TCD");

    /// The five G5 Sahel states Vigie's demo covers, in alphabetical order.
    pub const G5_SAHEL: [CountryCode; 5] = [Self::BFA, Self::MLI, Self::MRT, Self::NER, Self::TCD];

    /// The code as text.
    pub fn as_str(&self) -> &str {
        // INVARIANT: the constructor only admits ASCII capitals.
        std::str::from_utf8(&self.0).unwrap_or("???")
    }
}

impl FromStr for CountryCode {
    type Err = Invalid;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.as_bytes() {
            [a, b, c] if [a, b, c].iter().all(|x| x.is_ascii_uppercase()) => {
                Ok(CountryCode([*a, *b, *c]))
            }
            _ => Err(Invalid::new(
                "country",
                s,
                "expected an ISO 3166-1 alpha-3 code such as `BFA`",
            )),
        }
    }
}

impl TryFrom<String> for CountryCode {
    type Error = Invalid;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

impl From<CountryCode> for String {
    fn from(c: CountryCode) -> String {
        c.as_str().to_owned()
    }
}

impl fmt::Display for CountryCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for CountryCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CountryCode({})", self.as_str())
    }
}

/// A state with its names and its currency of record.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Country {
    /// ISO 3166-1 alpha-3 code.
    pub code: CountryCode,
    /// Name in French.
    pub name_fr: String,
    /// Name in English.
    pub name_en: String,
    /// The currency its budget is voted and executed in.
    pub currency: Currency,
}

impl Country {
    /// The name in the reader's language.
    pub fn name(&self, lang: Lang) -> &str {
        lang.pick(&self.name_fr, &self.name_en)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_alpha3_only() {
        assert_eq!("BFA".parse::<CountryCode>().unwrap(), CountryCode::BFA);
        for bad in ["bfa", "BF", "BFAX", "B1A", "", "ÉTA"] {
            let err = bad.parse::<CountryCode>().unwrap_err();
            assert_eq!(err.field, "country", "{bad}");
        }
    }

    #[test]
    fn the_five_constants_are_valid_codes() {
        for c in CountryCode::G5_SAHEL {
            assert_eq!(c.as_str().parse::<CountryCode>().unwrap(), c);
        }
    }
}
