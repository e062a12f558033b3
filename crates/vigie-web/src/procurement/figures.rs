//! The figures of the procurement pages and API, from one reader's view:
//! each country's derogatory share, the process rows, the flags.

use std::borrow::Cow;
use std::sync::Arc;

use rust_decimal::Decimal;
use serde::Serialize;
use serde_json::Value;
use vigie_domain::{Country, CountryCode, Lang};
use vigie_store::procurement::dashboard::{is_derogatory, process_value};
use vigie_store::procurement::flags::{Flag, Flags, describe};
use vigie_store::procurement::overview::{CountryOverview, Overview};
use vigie_store::procurement::{ProcessView, listed_day};

use crate::handlers::caller::Caller;
use crate::{AppState, WebError};

/// `?country=` in either case; 404 for a code that is not one of this
/// instance's countries (a filter on nothing is a typo, not an empty list).
pub fn country_param(
    code: Option<&str>,
    known: &[Country],
) -> Result<Option<CountryCode>, WebError> {
    let Some(code) = code.filter(|c| !c.is_empty()) else {
        return Ok(None);
    };
    let code: CountryCode = code
        .to_ascii_uppercase()
        .parse()
        .map_err(|_| WebError::NotFound)?;
    if known.iter().any(|c| c.code == code) {
        Ok(Some(code))
    } else {
        Err(WebError::NotFound)
    }
}

/// The register as the caller may see it, read once per version of the
/// register and per visibility (decision 0029): every country's figures,
/// the red flags, the most recent processes.
pub async fn overview(state: &AppState, caller: &Caller) -> Result<Arc<Overview>, WebError> {
    Ok(state
        .store()
        .procurement()
        .overview(state.authorizer(), &caller.actor, &caller.principal)
        .await?)
}

/// The flags about one country (its processes, its buyers, and the
/// suppliers and tenderers of its processes), or every flag with `None`.
pub fn flags_of(overview: &Overview, country: Option<CountryCode>) -> Cow<'_, Flags> {
    match country {
        Some(c) => Cow::Borrowed(&overview.country(c).flags),
        None => Cow::Owned(overview.flags()),
    }
}

/// A flag for a page: its code, name and explanation in the reader's
/// language (the code alone until the indicator is described).
#[derive(Debug, Clone)]
pub struct FlagText {
    /// `D001`.
    pub code: String,
    /// Its name, or the code.
    pub name: String,
    /// Why it matters.
    pub explanation: String,
    /// Its value, formatted.
    pub value: String,
}

/// Describes flags for a page.
pub fn flag_texts(flags: &[Flag], lang: Lang) -> Vec<FlagText> {
    flags
        .iter()
        .map(|f| {
            let (name, explanation) = names(f.code, lang);
            FlagText {
                code: f.code.to_owned(),
                name,
                explanation,
                value: flag_value(f.value, lang),
            }
        })
        .collect()
}

/// An indicator's name and explanation in `lang` (the code and nothing
/// when it is not described).
pub fn names(code: &str, lang: Lang) -> (String, String) {
    describe(code).map_or_else(
        || (code.to_owned(), String::new()),
        |d| {
            (
                lang.pick(d.name_fr, d.name_en).to_owned(),
                lang.pick(d.explanation_fr, d.explanation_en).to_owned(),
            )
        },
    )
}

/// A flag's value with two decimals at most.
pub fn flag_value(v: f64, lang: Lang) -> String {
    let d = Decimal::from_f64_retain(v)
        .unwrap_or_default()
        .round_dp(2)
        .normalize();
    vigie_domain::money::format_decimal(d, d.scale(), lang)
}

/// The codes of flags, as the lists write them (`R024;D001`).
pub fn codes(flags: Option<&Vec<Flag>>) -> String {
    flags
        .map(|f| f.iter().map(|f| f.code).collect::<Vec<_>>().join(";"))
        .unwrap_or_default()
}

/// One process as a list shows it (and the processes download).
#[derive(Debug, Clone, Serialize)]
pub struct ProcessRow {
    pub ocid: String,
    pub country: String,
    /// The tender's start, else the release date (`YYYY-MM-DD`).
    pub date: String,
    pub buyer_id: String,
    pub buyer_name: String,
    pub title: String,
    pub method: String,
    pub derogatory: bool,
    pub value: Option<Decimal>,
    pub currency: String,
    /// Flag codes, `;`-separated.
    pub flags: String,
    /// How many fields are withheld from the caller.
    pub withheld_fields: usize,
}

/// The row of a process.
pub fn process_row(p: &ProcessView, flags: Option<&Vec<Flag>>) -> ProcessRow {
    let r = p.release();
    let s = |ptr: &str| {
        r.pointer(ptr)
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_owned()
    };
    let title = ["/tender/title", "/awards/0/title", "/contracts/0/title"]
        .iter()
        .map(|ptr| s(ptr))
        .find(|t| !t.is_empty())
        .unwrap_or_default();
    let value = process_value(r);
    ProcessRow {
        ocid: p.ocid().to_owned(),
        country: p.country().to_string(),
        date: listed_day(r).to_owned(),
        buyer_id: s("/buyer/id"),
        buyer_name: s("/buyer/name"),
        title,
        method: s("/tender/procurementMethod"),
        derogatory: is_derogatory(r),
        value: value.map(|(a, _)| a),
        currency: value.map(|(_, c)| c.to_owned()).unwrap_or_default(),
        flags: codes(flags),
        withheld_fields: p.withheld().len(),
    }
}

/// A share as a percentage with two places (`22.10`), as the budget API
/// writes them.
pub fn percent_of(part: Decimal, whole: Decimal) -> Option<Decimal> {
    (!whole.is_zero()).then(|| {
        let mut p = (part * Decimal::ONE_HUNDRED / whole).round_dp(2);
        p.rescale(2);
        p
    })
}

/// One country's derogatory-regime figures, side by side with the others.
#[derive(Debug, Clone, Serialize)]
pub struct CountryFigures {
    pub country: String,
    pub name_fr: String,
    pub name_en: String,
    /// The currency of the values (most of the country's processes').
    pub currency: Option<String>,
    pub processes: u64,
    pub derogatory: u64,
    pub value: Decimal,
    pub derogatory_value: Decimal,
    /// Derogatory value ÷ value, in percent.
    pub derogatory_value_percent: Option<Decimal>,
    /// Whether some field was withheld from the caller.
    pub partial: bool,
}

/// Every country's figures, from the caller's overview of the register.
pub fn countries(overview: &Overview, known: &[Country]) -> Vec<CountryFigures> {
    known
        .iter()
        .map(|c| {
            let o = overview.country(c.code);
            let d = &o.dashboard;
            let value: Decimal = d.years.iter().map(|y| y.value).sum();
            let derogatory_value: Decimal = d.years.iter().map(|y| y.derogatory_value).sum();
            CountryFigures {
                country: c.code.to_string(),
                name_fr: c.name_fr.clone(),
                name_en: c.name_en.clone(),
                currency: d.currency.clone(),
                processes: o.processes,
                derogatory: o.derogatory,
                value,
                derogatory_value,
                derogatory_value_percent: percent_of(derogatory_value, value),
                partial: o.partial,
            }
        })
        .collect()
}

/// A supplier's derogatory value by year, for the chart of the leading
/// suppliers (the dashboard gives totals only).
pub fn supplier_years(country: &CountryOverview, supplier: &str) -> Vec<(i32, f64)> {
    use rust_decimal::prelude::ToPrimitive;
    country
        .supplier_years
        .get(supplier)
        .into_iter()
        .flatten()
        .map(|(y, v)| (*y, v.to_f64().unwrap_or(f64::NAN)))
        .collect()
}
