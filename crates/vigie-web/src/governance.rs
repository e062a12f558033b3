//! Governance on the web: what the inventory and assessment pages, their
//! API and downloads share. Everything here is public (no classified
//! field), read from the store's profiles, frameworks and assessments and
//! joined with the reference institutions and countries.

pub mod assessments;
pub mod inventory;

use vigie_domain::{Country, CountryCode, Lang};

use crate::{Tr, WebError};

/// `?country=ISO3` (any case) when given: one of the instance's
/// countries, or a 404 that lists them, in the reader's language.
pub fn country_param(
    code: Option<&str>,
    known: &[Country],
    lang: Lang,
) -> Result<Option<CountryCode>, WebError> {
    let Some(code) = code.map(str::trim).filter(|c| !c.is_empty()) else {
        return Ok(None);
    };
    let upper = code.to_ascii_uppercase();
    match known.iter().find(|c| c.code.as_str() == upper) {
        Some(c) => Ok(Some(c.code)),
        None => {
            let list: Vec<&str> = known.iter().map(|c| c.code.as_str()).collect();
            let tr = Tr(lang);
            Err(WebError::NotFoundWith(tr.t_with(
                "governance-unknown-country",
                &[("code", code.to_owned()), ("known", list.join(", "))],
            )))
        }
    }
}
