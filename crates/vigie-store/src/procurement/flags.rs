//! Red flags on what one reader may see (`vigie-redflags`, with the
//! settings in `redflags.ini`).
//!
//! Flags are computed on the redacted compiled releases, so a flag never
//! rests on a field the reader may not see. The converse needs care: a
//! field that is withheld is not missing, so the flags that fire on a
//! missing field (D001: no legal basis or justification; D009: no opinion)
//! are dropped for a process where that field is withheld from the reader.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use vigie_redflags::{Group, INDICATORS, Indicator, Rates, Settings};

use super::view::{ProcessView, ProcurementView};

/// The instance's settings: every indicator, amounts in CFA francs.
const SETTINGS: &str = include_str!("redflags.ini");

/// Rates to the CFA franc (XOF) for the other currencies of the five
/// states. XAF is at par with XOF (both are pegged to the euro at 655.957).
/// The ouguiya (MRU) rate is an illustrative round figure near the Banque
/// centrale de Mauritanie's reference rates of 2018–2024, for the demo's
/// Mauritanian contracts; an instance sets its own dated rates.
const RATES: &str = include_str!("rates.csv");

static INSTANCE: LazyLock<Settings> = LazyLock::new(|| {
    // INVARIANT: both files are part of the binary and tested below.
    let mut settings = Settings::parse("redflags.ini", SETTINGS, None).expect("redflags.ini");
    settings.vigie.exchange_rates = Some(Rates::parse(RATES).expect("rates.csv"));
    settings
});

/// One flag raised: the indicator's code and its value (a ratio, a count,
/// or 1.0 when the flag is simply raised).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Flag {
    /// `R024`, `D001`…
    pub code: &'static str,
    /// As Cardinal reports it.
    pub value: f64,
}

/// The flags of a set of processes, by what they are about.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct Flags {
    /// By process (ocid).
    pub processes: BTreeMap<String, Vec<Flag>>,
    /// By buyer id (and procuring entity).
    pub buyers: BTreeMap<String, Vec<Flag>>,
    /// By supplier or tenderer id.
    pub suppliers: BTreeMap<String, Vec<Flag>>,
}

impl Flags {
    /// The three groups, named, in the order lists give them.
    pub fn groups(&self) -> [(&'static str, &BTreeMap<String, Vec<Flag>>); 3] {
        [
            ("process", &self.processes),
            ("buyer", &self.buyers),
            ("supplier", &self.suppliers),
        ]
    }

    /// Every flag raised: (group, id, flag).
    pub fn rows(&self) -> impl Iterator<Item = (&'static str, &str, &Flag)> + '_ {
        self.groups().into_iter().flat_map(|(group, map)| {
            map.iter()
                .flat_map(move |(id, flags)| flags.iter().map(move |f| (group, id.as_str(), f)))
        })
    }

    /// Per indicator, how many processes, buyers and suppliers raise it.
    pub fn counts(&self) -> BTreeMap<&'static str, [usize; 3]> {
        let mut counts: BTreeMap<&'static str, [usize; 3]> = BTreeMap::new();
        for (at, (_, map)) in self.groups().into_iter().enumerate() {
            for flag in map.values().flatten() {
                counts.entry(flag.code).or_default()[at] += 1;
            }
        }
        counts
    }
}

/// Computes the flags of the processes in `view`, as its reader may see
/// them.
pub fn flags(view: &ProcurementView) -> Flags {
    let mut flagger = Flagger::default();
    for p in view.processes() {
        flagger.add(p, None);
    }
    flagger.finish()
}

/// Flags computed a process at a time, in the order of the list.
pub(crate) struct Flagger {
    evaluation: vigie_redflags::Evaluation<'static>,
    failed: Option<vigie_redflags::Error>,
    /// Per process, the flags a withheld field makes unreliable.
    unreliable: BTreeMap<String, Vec<&'static str>>,
}

impl Default for Flagger {
    fn default() -> Self {
        Flagger {
            evaluation: vigie_redflags::Evaluation::new(&INSTANCE),
            failed: None,
            unreliable: BTreeMap::new(),
        }
    }
}

impl Flagger {
    /// Adds a process as its reader may see it; `text`, when given, is its
    /// release as JSON (so that it is not written again).
    pub(crate) fn add(&mut self, p: &ProcessView, text: Option<&str>) {
        if self.failed.is_some() {
            return;
        }
        let added = match text {
            Some(text) => self.evaluation.add(text),
            None => self.evaluation.add(&p.release().to_string()),
        };
        if let Err(e) = added {
            self.failed = Some(e);
            return;
        }
        let hidden = |fields: &[&str]| {
            p.withheld().iter().any(|w| {
                w.path == "/tender/exemption"
                    || fields
                        .iter()
                        .any(|f| w.path.starts_with(&format!("/tender/exemption/{f}")))
            })
        };
        let unreliable: Vec<&str> = [
            ("D001", hidden(&["legalBasis", "justification"])),
            ("D009", hidden(&["opinion"])),
        ]
        .into_iter()
        .filter_map(|(code, hidden)| hidden.then_some(code))
        .collect();
        if !unreliable.is_empty() {
            self.unreliable.insert(p.ocid().to_owned(), unreliable);
        }
    }

    /// The flags of every process added.
    pub(crate) fn finish(self) -> Flags {
        if let Some(e) = self.failed {
            // Every release here was checked against the schema on import:
            // an engine error is a bug, not the reader's problem.
            tracing::error!("red flags: {e}");
            return Flags::default();
        }
        let report = self.evaluation.finish();
        let mut flags = Flags::default();
        let collect = |group: Group| -> BTreeMap<String, Vec<Flag>> {
            report
                .ids(group)
                .map(|id| {
                    let list = report
                        .flags_for(group, id)
                        .map(|(code, value)| Flag {
                            code: code.as_str(),
                            value,
                        })
                        .collect();
                    (id.to_owned(), list)
                })
                .collect()
        };
        flags.processes = collect(Group::Ocid);
        flags.suppliers = collect(Group::Tenderer);
        flags.buyers = collect(Group::Buyer);
        for (id, list) in collect(Group::ProcuringEntity) {
            let entry = flags.buyers.entry(id).or_default();
            for flag in list {
                if !entry.iter().any(|f| f.code == flag.code) {
                    entry.push(flag);
                }
            }
        }
        for (ocid, unreliable) in &self.unreliable {
            if let Some(list) = flags.processes.get_mut(ocid) {
                list.retain(|f| !unreliable.contains(&f.code));
            }
        }
        flags.processes.retain(|_, list| !list.is_empty());
        flags
    }
}

/// The name and explanation of an indicator, in both languages.
pub fn describe(code: &str) -> Option<&'static Indicator> {
    INDICATORS.iter().find(|i| i.code == code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_instance_settings_enable_every_indicator() {
        let settings = &*INSTANCE;
        assert_eq!(settings.currency.as_deref(), Some("XOF"));
        assert!(settings.d.iter().all(Option::is_some));
        assert!(settings.vigie.exchange_rates.is_some());
        for indicator in INDICATORS.iter() {
            assert!(describe(indicator.code).is_some());
        }
    }
}
