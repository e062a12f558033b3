//! The demo CSV files, embedded in the binary and checked row by row.
//!
//! They are embedded so that `vigie serve --demo` works from the binary
//! alone; a bad row is a bug in the shipped data, and the error names the
//! file, line and field like any other import error.

use rust_decimal::Decimal;
use serde::de::DeserializeOwned;
use vigie_domain::{Country, CountryCode, Institution, LevelDefinition};

use crate::log::state::{AuthorityRecord, CategoryRecord};
use crate::{Result, StoreError};

const COUNTRIES: (&str, &str) = ("countries.csv", include_str!("../../demo/countries.csv"));
const INSTITUTIONS: (&str, &str) = (
    "institutions.csv",
    include_str!("../../demo/institutions.csv"),
);
const LEVELS: (&str, &str) = (
    "classification_levels.csv",
    include_str!("../../demo/classification_levels.csv"),
);
const CATEGORIES: (&str, &str) = (
    "classification_categories.csv",
    include_str!("../../demo/classification_categories.csv"),
);
const AUTHORITIES: (&str, &str) = (
    "classification_authorities.csv",
    include_str!("../../demo/classification_authorities.csv"),
);
/// The SIPRI workbook (release covering 1949–2023) and the OWID share-of-GDP
/// series (release covering 1949–2024), each with the short id it is stored under.
const SIPRI: [(&str, &str, &str); 2] = [
    (
        "sipri/sipri_milex_2023release_g5sahel.csv",
        "sipri-2023",
        include_str!("../../demo/sipri/sipri_milex_2023release_g5sahel.csv"),
    ),
    (
        "sipri/owid_sipri_milex_share_gdp_g5sahel.csv",
        "owid-2024",
        include_str!("../../demo/sipri/owid_sipri_milex_share_gdp_g5sahel.csv"),
    ),
];

pub(crate) struct DemoCountry {
    pub country: Country,
    pub iso2: String,
}

pub(crate) struct DemoLevel {
    pub country: CountryCode,
    pub rank: i32,
    pub definition: LevelDefinition,
    pub illustrative: bool,
    pub source: String,
}

pub(crate) struct DemoInstitution {
    pub institution: Institution,
    pub source: String,
}

pub(super) struct DemoObservation {
    pub country: CountryCode,
    pub year: i32,
    pub indicator: String,
    pub dataset: &'static str,
    pub value: Decimal,
    pub unit: String,
    pub flag: Option<String>,
    pub note_symbol: Option<String>,
    pub source: String,
}

pub(super) struct DemoData {
    pub countries: Vec<DemoCountry>,
    pub levels: Vec<DemoLevel>,
    pub categories: Vec<CategoryRecord>,
    pub authorities: Vec<AuthorityRecord>,
    pub institutions: Vec<DemoInstitution>,
    pub observations: Vec<DemoObservation>,
}

#[derive(serde::Deserialize)]
struct CountryCsv {
    iso3: String,
    iso2: String,
    name_fr: String,
    name_en: String,
    currency: String,
}

#[derive(serde::Deserialize)]
struct LevelCsv {
    country: String,
    rank: i32,
    code: String,
    name_fr: String,
    name_en: String,
    max_years: Option<u16>,
    illustrative: bool,
    source: String,
}

#[derive(serde::Deserialize)]
struct InstitutionCsv {
    code: String,
    kind: String,
    country: Option<String>,
    acronym: Option<String>,
    name_fr: String,
    name_en: String,
    illustrative: bool,
    source: String,
}

#[derive(serde::Deserialize)]
struct ObservationCsv {
    country_iso3: String,
    year: i32,
    indicator: String,
    value: String,
    unit: String,
    source: String,
    #[serde(default)]
    flag: Option<String>,
    #[serde(default)]
    sipri_note_symbol: Option<String>,
}

impl DemoData {
    /// The classification scheme of each demo country.
    pub(super) fn schemes(
        &self,
    ) -> Result<std::collections::HashMap<CountryCode, vigie_domain::ClassificationScheme>> {
        let mut by_country: std::collections::BTreeMap<CountryCode, Vec<&DemoLevel>> =
            std::collections::BTreeMap::new();
        for l in &self.levels {
            by_country.entry(l.country).or_default().push(l);
        }
        by_country
            .into_iter()
            .map(|(country, mut levels)| {
                levels.sort_by_key(|l| l.rank);
                let defs = levels.iter().map(|l| l.definition.clone()).collect();
                Ok((
                    country,
                    vigie_domain::ClassificationScheme::new(country, defs)?,
                ))
            })
            .collect()
    }

    pub(super) fn parse() -> Result<DemoData> {
        let countries = reference_countries()?;

        let levels: Vec<DemoLevel> = parse_levels(LEVELS)?.into_iter().map(|(_, l)| l).collect();
        // Each country's levels must form a valid scheme (public first, time limits).
        for c in &countries {
            let defs = levels
                .iter()
                .filter(|l| l.country == c.country.code)
                .map(|l| l.definition.clone())
                .collect();
            vigie_domain::ClassificationScheme::new(c.country.code, defs)
                .map_err(|e| bad(LEVELS.0, 0, e))?;
        }

        let institutions = rows::<InstitutionCsv>(INSTITUTIONS)?
            .into_iter()
            .map(|(line, r)| {
                let at = |e: vigie_domain::Invalid| bad(INSTITUTIONS.0, line, e);
                let country = r.country.map(|c| c.parse()).transpose().map_err(at)?;
                let mut institution = Institution::new(
                    r.code.parse().map_err(at)?,
                    r.kind.parse().map_err(at)?,
                    country,
                    r.name_fr,
                    r.name_en,
                )
                .map_err(at)?;
                institution.acronym = r.acronym;
                institution.illustrative = r.illustrative;
                Ok(DemoInstitution {
                    institution,
                    source: r.source,
                })
            })
            .collect::<Result<Vec<_>>>()?;

        let categories = parse_categories(CATEGORIES)?
            .into_iter()
            .map(|(_, c)| c)
            .collect();
        let authorities = parse_authorities(AUTHORITIES)?
            .into_iter()
            .map(|(_, a)| a)
            .collect();

        let mut observations = Vec::new();
        for (file, dataset, text) in SIPRI {
            for (line, r) in rows::<ObservationCsv>((file, text))? {
                let value = r
                    .value
                    .parse::<Decimal>()
                    .map_err(|e| StoreError::BadData {
                        file: file.into(),
                        line,
                        field: "value".into(),
                        reason: format!("`{}` is not a decimal number: {e}", r.value),
                    })?;
                observations.push(DemoObservation {
                    country: r.country_iso3.parse().map_err(|e| bad(file, line, e))?,
                    year: r.year,
                    indicator: r.indicator,
                    dataset,
                    value,
                    unit: r.unit,
                    flag: r.flag,
                    note_symbol: r.sipri_note_symbol,
                    source: r.source,
                });
            }
        }
        Ok(DemoData {
            countries,
            levels,
            categories,
            authorities,
            institutions,
            observations,
        })
    }
}

/// The five states Vigie ships with: ISO codes, names and currencies are
/// reference data (not illustrative), present with or without the demo.
pub(crate) fn reference_countries() -> Result<Vec<DemoCountry>> {
    rows::<CountryCsv>(COUNTRIES)?
        .into_iter()
        .map(|(line, r)| {
            let at = |e: vigie_domain::Invalid| bad(COUNTRIES.0, line, e);
            Ok(DemoCountry {
                country: Country {
                    code: r.iso3.parse().map_err(at)?,
                    name_fr: r.name_fr,
                    name_en: r.name_en,
                    currency: r.currency.parse().map_err(at)?,
                },
                iso2: r.iso2,
            })
        })
        .collect()
}

/// Classification levels, each with its line.
pub(crate) fn parse_levels(file: (&str, &str)) -> Result<Vec<(u64, DemoLevel)>> {
    rows::<LevelCsv>(file)?
        .into_iter()
        .map(|(line, r)| {
            Ok((
                line,
                DemoLevel {
                    country: r.country.parse().map_err(|e| bad(file.0, line, e))?,
                    rank: r.rank,
                    definition: LevelDefinition {
                        code: r.code,
                        name_fr: r.name_fr,
                        name_en: r.name_en,
                        max_years: r.max_years,
                    },
                    illustrative: r.illustrative,
                    source: r.source,
                },
            ))
        })
        .collect()
}

/// Categories of information, each with its line.
pub(crate) fn parse_categories(file: (&str, &str)) -> Result<Vec<(u64, CategoryRecord)>> {
    rows::<CategoryRecord>(file)?
        .into_iter()
        .map(|(line, r)| {
            r.treatment
                .parse::<vigie_domain::Treatment>()
                .map_err(|e| bad(file.0, line, e))?;
            vigie_domain::InformationCategory::check_code(&r.code)
                .map_err(|e| bad(file.0, line, e))?;
            Ok((line, r))
        })
        .collect()
}

/// Classification authorities, each with its line.
pub(crate) fn parse_authorities(file: (&str, &str)) -> Result<Vec<(u64, AuthorityRecord)>> {
    rows::<AuthorityRecord>(file)?
        .into_iter()
        .map(|(line, r)| {
            r.action
                .parse::<vigie_domain::AuthorityAction>()
                .map_err(|e| bad(file.0, line, e))?;
            Ok((line, r))
        })
        .collect()
}

pub(crate) fn bad(file: &str, line: u64, e: vigie_domain::Invalid) -> StoreError {
    StoreError::BadData {
        file: file.into(),
        line,
        field: e.field.into(),
        reason: e.to_string(),
    }
}

/// Every row of a CSV file with its line number, or the first malformed one
/// named by file, line and column.
pub(super) fn rows<T: DeserializeOwned>((file, text): (&str, &str)) -> Result<Vec<(u64, T)>> {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| StoreError::BadData {
            file: file.into(),
            line: 1,
            field: "header".into(),
            reason: e.to_string(),
        })?
        .clone();
    let mut out = Vec::new();
    for record in reader.records() {
        let bad_row = |e: csv::Error, field: String| StoreError::BadData {
            file: file.into(),
            line: e.position().map_or(0, csv::Position::line),
            field,
            reason: e.to_string(),
        };
        let record = record.map_err(|e| bad_row(e, "row".into()))?;
        let line = record.position().map_or(0, csv::Position::line);
        let row = record.deserialize(Some(&headers)).map_err(|e| {
            let field = match e.kind() {
                csv::ErrorKind::Deserialize { err, .. } => err
                    .field()
                    .and_then(|i| headers.get(usize::try_from(i).ok()?))
                    .unwrap_or("row")
                    .to_owned(),
                _ => "row".to_owned(),
            };
            StoreError::BadData {
                file: file.into(),
                line,
                field,
                reason: e.to_string(),
            }
        })?;
        out.push((line, row));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_demo_files_parse() {
        let data = DemoData::parse().unwrap();
        assert_eq!(data.countries.len(), 5);
        assert_eq!(data.levels.len(), 25);
        assert_eq!(data.categories.len(), 11);
        assert_eq!(
            data.authorities.len(),
            5 * 4 * 2,
            "classify and declassify for each classified level"
        );
        assert!(data.institutions.len() >= 5 * 7);
        // 1,502 SIPRI rows and 245 OWID rows, per their PROVENANCE.md.
        assert_eq!(data.observations.len(), 1502 + 245);
    }

    #[test]
    fn a_bad_row_names_file_line_and_field() {
        let text =
            "iso3,iso2,name_fr,name_en,currency\nBFA,BF,Burkina,Burkina,XOF\nMLI,ML,Mali,Mali\n";
        let err = rows::<CountryCsv>(("c.csv", text))
            .err()
            .unwrap()
            .to_string();
        assert!(err.starts_with("c.csv:3:"), "{err}");
        let text = "country,rank,code,name_fr,name_en,max_years,illustrative,source\nBFA,x,NC,a,b,,false,s\n";
        let err = rows::<LevelCsv>(("l.csv", text)).err().unwrap().to_string();
        assert!(err.starts_with("l.csv:2: rank:"), "{err}");
    }

    /// The classification CSV readers (what `vigie classification import`
    /// runs) on random text and on the shipped headers followed by random
    /// lines: no input panics. Inputs stay small, so the run is bounded.
    mod fuzz {
        use proptest::prelude::*;

        use super::*;

        fn all(text: &str) {
            let _ = parse_levels(("levels.csv", text));
            let _ = parse_categories(("categories.csv", text));
            let _ = parse_authorities(("authorities.csv", text));
        }

        proptest! {
            #![proptest_config(ProptestConfig { cases: 2000, failure_persistence: None, ..ProptestConfig::default() })]

            #[test]
            fn random_text(text in "[A-Za-z0-9,;\"_ \n\r\u{feff}é-]{0,2000}") {
                all(&text);
            }

            #[test]
            fn shipped_headers_then_random_lines(lines in "[A-Za-z0-9,\"_ \n-]{0,1000}") {
                for (_, shipped) in [LEVELS, CATEGORIES, AUTHORITIES] {
                    let header = shipped.lines().next().unwrap_or_default();
                    all(&format!("{header}\n{lines}"));
                }
            }
        }
    }
}
