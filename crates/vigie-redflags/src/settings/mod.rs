//! Settings: Cardinal 0.0.8's INI format, plus `[R044]`, `[D001]`…`[D009]` and
//! `[vigie]`. An indicator is enabled iff its section is present (even empty),
//! exactly as in Cardinal; unknown sections and keys are errors, as Cardinal's
//! `deny_unknown_fields`.

use std::path::Path;

use crate::error::SettingsError;
use crate::fx::Rates;
use crate::ini::{self, Entry, Section};

mod sections;
mod values;
pub use sections::{DFlag, R003, R025, R038, R048};
pub(crate) use values::boolean;
use values::{count, float, int};

use crate::prepare::PrepareSettings;

/// `[vigie]`: behaviour beyond Cardinal, all off by default.
#[derive(Debug, Clone, Default)]
pub struct Vigie {
    /// Processes with several active awards are evaluated per award.
    pub lots: bool,
    /// Awards with several suppliers and bids with several tenderers are used.
    pub consortia: bool,
    /// `awards/relatedBids` ties an award to its bids when present.
    pub related_bids: bool,
    /// R018 falls back to `tender/tenderers`, then to the bids' tenderers.
    pub r018_sources: bool,
    /// Dates are compared as instants (RFC 3339 / ISO 8601), not as text.
    pub parse_dates: bool,
    /// A line that is not JSON is an error instead of a warning.
    pub strict: bool,
    /// Dated exchange rates to the settings currency.
    pub exchange_rates: Option<Rates>,
}

/// Everything the evaluation needs; `Settings::default()` enables nothing.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    pub currency: Option<String>,
    pub no_price_comparison_procurement_methods: Option<String>,
    pub price_comparison_procurement_methods: Option<String>,
    /// `[exclusions] procurement_method_details`.
    pub exclude_procurement_method_details: Option<String>,
    /// `[output] info_currency_mismatches` (only changes log levels in Cardinal).
    pub info_currency_mismatches: bool,
    pub r003: Option<R003>,
    pub r018: Option<Option<String>>,
    pub r024: Option<Option<f64>>,
    pub r025: Option<R025>,
    pub r028: bool,
    pub r030: bool,
    pub r035: Option<Option<usize>>,
    pub r036: bool,
    pub r038: Option<R038>,
    pub r044: bool,
    pub r048: Option<R048>,
    pub r058: Option<Option<f64>>,
    /// `d[0]` is D001 … `d[8]` is D009.
    pub d: [Option<DFlag>; 9],
    pub vigie: Vigie,
    /// The sections of `prepare`.
    pub prepare: PrepareSettings,
}

impl Settings {
    /// Every indicator, R and D, with its defaults (D007 stays off: it needs a threshold).
    pub fn all() -> Self {
        let mut settings = Settings {
            r003: Some(R003::default()),
            r018: Some(None),
            r024: Some(None),
            r025: Some(R025::default()),
            r028: true,
            r030: true,
            r035: Some(None),
            r036: true,
            r038: Some(R038::default()),
            r044: true,
            r048: Some(R048::default()),
            r058: Some(None),
            ..Settings::default()
        };
        settings.d = std::array::from_fn(|_| Some(DFlag::default()));
        settings
    }

    /// Reads a settings file.
    pub fn from_file(path: &Path) -> Result<Self, SettingsError> {
        let name = path.display().to_string();
        let text = std::fs::read_to_string(path)
            .map_err(|e| SettingsError::new(&name, 0, "", e.to_string()))?;
        Self::parse(&name, &text, path.parent())
    }

    /// Parses settings text; `file` names it in errors, `base` resolves relative paths.
    pub fn parse(file: &str, text: &str, base: Option<&Path>) -> Result<Self, SettingsError> {
        let mut settings = Settings::default();
        for section in ini::parse(file, text)? {
            settings.apply(file, &section, base)?;
        }
        Ok(settings)
    }

    fn apply(
        &mut self,
        file: &str,
        section: &Section,
        base: Option<&Path>,
    ) -> Result<(), SettingsError> {
        let name = section.name.as_str();
        let unknown = |e: &Entry| {
            Err(SettingsError::new(
                file,
                e.line,
                &e.key,
                format!("unknown key in [{name}]"),
            ))
        };
        match name {
            "" => {
                for e in &section.entries {
                    let value = Some(e.value.clone());
                    match e.key.as_str() {
                        "currency" => self.currency = value,
                        "no_price_comparison_procurement_methods" => {
                            self.no_price_comparison_procurement_methods = value
                        }
                        "price_comparison_procurement_methods" => {
                            self.price_comparison_procurement_methods = value
                        }
                        _ => {
                            return Err(SettingsError::new(
                                file,
                                e.line,
                                &e.key,
                                "unknown top-level key",
                            ));
                        }
                    }
                }
            }
            "exclusions" => {
                for e in &section.entries {
                    match e.key.as_str() {
                        "procurement_method_details" => {
                            self.exclude_procurement_method_details = Some(e.value.clone())
                        }
                        _ => return unknown(e),
                    }
                }
            }
            "R003" | "R003.procurement_method_details" => {
                let r003 = self.r003.get_or_insert_with(R003::default);
                for e in &section.entries {
                    match (name, e.key.as_str()) {
                        ("R003", "threshold") => r003.threshold = Some(int(file, e)?),
                        ("R003", "procurement_methods") => {
                            r003.procurement_methods = Some(e.value.clone())
                        }
                        ("R003", _) => return unknown(e),
                        _ => {
                            r003.procurement_method_details
                                .insert(e.key.clone(), int(file, e)?);
                        }
                    }
                }
            }
            "R018" => {
                let mut methods = None;
                for e in &section.entries {
                    match e.key.as_str() {
                        "procurement_methods" => methods = Some(e.value.clone()),
                        _ => return unknown(e),
                    }
                }
                self.r018 = Some(methods);
            }
            "R024" | "R058" => {
                let mut threshold = None;
                for e in &section.entries {
                    match e.key.as_str() {
                        "threshold" => threshold = Some(float(file, e)?),
                        _ => return unknown(e),
                    }
                }
                *if name == "R024" {
                    &mut self.r024
                } else {
                    &mut self.r058
                } = Some(threshold);
            }
            "R025" => {
                let mut r025 = R025::default();
                for e in &section.entries {
                    match e.key.as_str() {
                        "percentile" => r025.percentile = Some(count(file, e)?),
                        "threshold" => r025.threshold = Some(float(file, e)?),
                        _ => return unknown(e),
                    }
                }
                self.r025 = Some(r025);
            }
            "R028" | "R030" | "R036" | "R044" => {
                if let Some(e) = section.entries.first() {
                    return unknown(e);
                }
                match name {
                    "R028" => self.r028 = true,
                    "R030" => self.r030 = true,
                    "R036" => self.r036 = true,
                    _ => self.r044 = true,
                }
            }
            "R035" => {
                let mut threshold = None;
                for e in &section.entries {
                    match e.key.as_str() {
                        "threshold" => threshold = Some(count(file, e)?),
                        _ => return unknown(e),
                    }
                }
                self.r035 = Some(threshold);
            }
            "R038" => {
                let mut r038 = R038::default();
                for e in &section.entries {
                    match e.key.as_str() {
                        "threshold" => r038.threshold = Some(float(file, e)?),
                        "minimum_submitted_bids" => {
                            r038.minimum_submitted_bids = Some(count(file, e)?)
                        }
                        "minimum_contracting_processes" => {
                            r038.minimum_contracting_processes = Some(count(file, e)?)
                        }
                        _ => return unknown(e),
                    }
                }
                self.r038 = Some(r038);
            }
            "R048" => {
                let mut r048 = R048::default();
                for e in &section.entries {
                    match e.key.as_str() {
                        "digits" => r048.digits = Some(count(file, e)?),
                        "threshold" => r048.threshold = Some(count(file, e)?),
                        "minimum_contracting_processes" => {
                            r048.minimum_contracting_processes = Some(count(file, e)?)
                        }
                        _ => return unknown(e),
                    }
                }
                self.r048 = Some(r048);
            }
            "vigie" => self.apply_vigie(file, section, base)?,
            _ if name.len() == 4
                && name.starts_with("D00")
                && matches!(name.as_bytes()[3], b'1'..=b'9') =>
            {
                let mut flag = DFlag::default();
                for e in &section.entries {
                    match e.key.as_str() {
                        "threshold" => flag.threshold = Some(float(file, e)?),
                        "minimum_contracting_processes" => {
                            flag.minimum_contracting_processes = Some(count(file, e)?)
                        }
                        "window_days" => flag.window_days = Some(int(file, e)?),
                        "margin" => flag.margin = Some(float(file, e)?),
                        "days" => flag.days = Some(int(file, e)?),
                        _ => return unknown(e),
                    }
                }
                self.d[usize::from(name.as_bytes()[3] - b'1')] = Some(flag);
            }
            "output" => {
                for e in &section.entries {
                    match e.key.as_str() {
                        "info_currency_mismatches" => {
                            self.info_currency_mismatches = boolean(file, e)?
                        }
                        _ => return unknown(e),
                    }
                }
            }
            "defaults" | "redactions" | "corrections" | "modifications" => {
                for e in &section.entries {
                    if !self.prepare.apply(name, e, file)? {
                        return unknown(e);
                    }
                }
            }
            "codelists.bid_status" | "codelists.award_status" => {
                let codes = if name == "codelists.bid_status" {
                    &mut self.prepare.bid_status_codes
                } else {
                    &mut self.prepare.award_status_codes
                };
                for e in &section.entries {
                    codes.insert(e.key.clone(), e.value.clone());
                }
            }
            _ => {
                return Err(SettingsError::new(
                    file,
                    section.line,
                    name,
                    "unknown section",
                ));
            }
        }
        Ok(())
    }

    fn apply_vigie(
        &mut self,
        file: &str,
        section: &Section,
        base: Option<&Path>,
    ) -> Result<(), SettingsError> {
        for e in &section.entries {
            let v = &mut self.vigie;
            match e.key.as_str() {
                "lots" => v.lots = boolean(file, e)?,
                "consortia" => v.consortia = boolean(file, e)?,
                "related_bids" => v.related_bids = boolean(file, e)?,
                "r018_sources" => v.r018_sources = boolean(file, e)?,
                "parse_dates" => v.parse_dates = boolean(file, e)?,
                "strict" => v.strict = boolean(file, e)?,
                "exchange_rates" => {
                    let path = base
                        .map_or_else(|| Path::new(&e.value).to_path_buf(), |b| b.join(&e.value));
                    let rates = Rates::from_file(&path).map_err(|m| {
                        SettingsError::new(file, e.line, &e.key, format!("{}: {m}", path.display()))
                    })?;
                    v.exchange_rates = Some(rates);
                }
                _ => {
                    return Err(SettingsError::new(
                        file,
                        e.line,
                        &e.key,
                        "unknown key in [vigie]",
                    ));
                }
            }
        }
        Ok(())
    }
}

/// Cardinal's pipe-separated lists: `open|selective`; empty parts at the end are dropped.
pub(crate) fn pipe_set(value: Option<&str>) -> Vec<String> {
    value
        .unwrap_or_default()
        .split_terminator('|')
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests;
