//! Red flags on what one reader may see (see `vigie-redflags`).

use std::collections::BTreeMap;

use super::view::ProcurementView;

/// One flag raised: the indicator's code and its value (a ratio, a count,
/// or 1.0 when the flag is simply raised).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Flag {
    /// `R024`, `D001`…
    pub code: String,
    /// As Cardinal reports it.
    pub value: f64,
}

/// The flags of a set of processes, by what they are about.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct Flags {
    /// By process (ocid).
    pub processes: BTreeMap<String, Vec<Flag>>,
    /// By buyer id.
    pub buyers: BTreeMap<String, Vec<Flag>>,
    /// By supplier or tenderer id.
    pub suppliers: BTreeMap<String, Vec<Flag>>,
}

/// An indicator's name and explanation, for pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Described {
    /// The code.
    pub code: &'static str,
    /// Its name, English.
    pub name_en: &'static str,
    /// Its name, French.
    pub name_fr: &'static str,
    /// What it means and why it matters, English.
    pub explanation_en: &'static str,
    /// The same, French.
    pub explanation_fr: &'static str,
}

/// Computes the flags of the processes in `view`. TEMPORARY: empty until
/// `vigie-redflags` lands.
pub fn flags(_view: &ProcurementView) -> Flags {
    Flags::default()
}

/// The description of an indicator. TEMPORARY: until `vigie-redflags` lands.
pub fn describe(_code: &str) -> Option<Described> {
    None
}
