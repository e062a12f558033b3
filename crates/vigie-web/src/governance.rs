//! Governance on the web: what the inventory and assessment pages, their
//! API and downloads share. Everything here is public (no classified
//! field), read from the store's profiles, frameworks and assessments and
//! joined with the reference institutions and countries.

pub mod assessments;
pub mod inventory;

use vigie_domain::{Country, CountryCode, Lang};

use crate::{Tr, WebError};

/// `?country=ISO3` (any case) when given: the shared check of
/// [`crate::procurement::figures::country_param`], with a 404 that lists
/// the instance's countries in the reader's language.
pub fn country_param(
    code: Option<&str>,
    known: &[Country],
    lang: Lang,
) -> Result<Option<CountryCode>, WebError> {
    let code = code.map(str::trim);
    crate::procurement::figures::country_param(code, known).map_err(|_| {
        let list: Vec<&str> = known.iter().map(|c| c.code.as_str()).collect();
        WebError::NotFoundWith(Tr(lang).t_with(
            "governance-unknown-country",
            &[
                ("code", code.unwrap_or_default().to_owned()),
                ("known", list.join(", ")),
            ],
        ))
    })
}
