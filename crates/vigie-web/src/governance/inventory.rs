//! The inventory: every national institution of the instance with its
//! oversight function and, where one is recorded, its profile.

use std::collections::HashMap;

use serde::Serialize;
use vigie_domain::governance::{InstitutionProfile, OversightFunction};
use vigie_domain::{CountryCode, Institution, InstitutionKind, Lang};

use crate::budget::{Cell, Table};
use crate::{AppState, WebError};

/// One institution of the inventory.
#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    pub code: String,
    pub country: CountryCode,
    pub kind: InstitutionKind,
    pub function: OversightFunction,
    pub name_fr: String,
    pub name_en: String,
    /// `None` when no profile was imported for it.
    pub profile: Option<InstitutionProfile>,
}

impl Entry {
    /// Its name in `lang`.
    pub fn name(&self, lang: Lang) -> &str {
        lang.pick(&self.name_fr, &self.name_en)
    }
}

/// The institutions of `country` (every country with `None`) that serve an
/// oversight function, by country, function and code.
pub async fn entries(
    state: &AppState,
    country: Option<CountryCode>,
) -> Result<Vec<Entry>, WebError> {
    let store = state.store();
    let mut profiles: HashMap<String, InstitutionProfile> = store
        .governance()
        .profiles()
        .await?
        .into_iter()
        .map(|p| (p.institution.as_str().to_owned(), p))
        .collect();
    let mut out: Vec<Entry> = store
        .list_institutions()
        .await?
        .into_iter()
        .filter_map(|i: Institution| {
            let c = i.country()?;
            let function = OversightFunction::of(i.kind())?;
            if country.is_some_and(|wanted| wanted != c) {
                return None;
            }
            let code = i.code().as_str().to_owned();
            Some(Entry {
                profile: profiles.remove(&code),
                code,
                country: c,
                kind: i.kind(),
                function,
                name_fr: i.name(Lang::Fr).to_owned(),
                name_en: i.name(Lang::En).to_owned(),
            })
        })
        .collect();
    out.sort_by(|a, b| (a.country, a.function, &a.code).cmp(&(b.country, b.function, &b.code)));
    Ok(out)
}

/// The names of every institution by code, for reporting lines that
/// cross to one outside the list.
pub async fn names(state: &AppState) -> Result<HashMap<String, (String, String)>, WebError> {
    Ok(state
        .store()
        .list_institutions()
        .await?
        .into_iter()
        .map(|i| {
            (
                i.code().as_str().to_owned(),
                (i.name(Lang::Fr).to_owned(), i.name(Lang::En).to_owned()),
            )
        })
        .collect())
}

/// The inventory as the API returns it.
#[derive(Serialize)]
pub struct InventoryJson<'a> {
    pub country: Option<CountryCode>,
    pub institutions: &'a [Entry],
}

/// The institutions table: one row per institution, legal bases and
/// reporting lines joined in one cell each.
pub fn institutions_table(entries: &[Entry]) -> Table {
    let mut t = Table::new(
        "institutions",
        vec![
            "country",
            "function",
            "code",
            "kind",
            "name_fr",
            "name_en",
            "access",
            "legal_bases",
            "reports_to",
            "profile_illustrative",
        ],
    );
    for e in entries {
        let p = e.profile.as_ref();
        let legal = p.map(|p| {
            p.legal_bases
                .iter()
                .map(|l| match &l.date {
                    Some(d) => format!("{} ({d})", l.number),
                    None => l.number.clone(),
                })
                .collect::<Vec<_>>()
                .join("; ")
        });
        let lines = p.map(|p| {
            p.reporting_lines
                .iter()
                .map(|r| r.to.as_str().to_owned())
                .collect::<Vec<_>>()
                .join("; ")
        });
        t.push(vec![
            e.country.as_str().into(),
            e.function.code().into(),
            e.code.as_str().into(),
            e.kind.code().into(),
            e.name_fr.as_str().into(),
            e.name_en.as_str().into(),
            p.map(|p| p.access.code()).into(),
            legal.into(),
            lines.into(),
            p.map(|p| if p.illustrative { "true" } else { "false" })
                .into(),
        ]);
    }
    t
}

/// Every legal basis, one row each, with its source.
pub fn legal_bases_table(entries: &[Entry]) -> Table {
    let mut t = Table::new(
        "legal_bases",
        vec![
            "institution",
            "kind",
            "number",
            "date",
            "title_fr",
            "title_en",
            "source",
        ],
    );
    for e in entries {
        for l in e.profile.iter().flat_map(|p| &p.legal_bases) {
            t.push(vec![
                e.code.as_str().into(),
                l.kind.code().into(),
                l.number.as_str().into(),
                l.date.as_deref().map_or(Cell::Empty, Cell::from),
                l.title.fr.as_str().into(),
                l.title.en.as_str().into(),
                l.source.as_str().into(),
            ]);
        }
    }
    t
}
