//! `GET /institutions?country=ISO3`: one country's oversight landscape —
//! its institutions grouped by function, each with its mandate, legal
//! bases, access to classified information and reporting lines, and who
//! reports to whom. Without `country`: the five countries side by side.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Query, State};
use axum::http::Uri;
use axum::response::Html;
use serde::Deserialize;
use vigie_domain::governance::{AccessPower, InstitutionProfile, OversightFunction};
use vigie_domain::{Country, Lang};

use crate::error::{PageError, page_error};
use crate::governance::country_param;
use crate::governance::inventory::{Entry, entries, names};
use crate::layout::Layout;
use crate::middleware::lang::ReaderLang;
use crate::{AppState, Identity, Tr};

/// `?country=ISO3`.
#[derive(Debug, Default, Deserialize)]
pub struct InventoryParams {
    #[serde(default)]
    pub country: Option<String>,
}

struct CountryLink {
    code: String,
    name: String,
    current: bool,
}

struct LegalView {
    kind: String,
    number: String,
    date: String,
    title: String,
    source: String,
    /// The source's address, when it starts with one.
    href: Option<String>,
}

struct LineView {
    to: String,
    to_name: String,
    nature: String,
}

struct ProfileView {
    functions: String,
    mandate: String,
    legal: Vec<LegalView>,
    access: String,
    access_code: &'static str,
    access_note: String,
    lines: Vec<LineView>,
    illustrative: bool,
    source: String,
}

struct InstitutionView {
    code: String,
    name: String,
    profile: Option<ProfileView>,
}

struct Group {
    code: &'static str,
    name: String,
    institutions: Vec<InstitutionView>,
}

/// An institution others report to, and who does.
struct Node {
    code: String,
    name: String,
    reporters: Vec<(String, String, String)>,
}

#[derive(Template)]
#[template(path = "institutions.html")]
struct CountryPage {
    layout: Layout,
    code: String,
    name: String,
    countries: Vec<CountryLink>,
    groups: Vec<Group>,
    diagram: Vec<Node>,
}

struct CompareItem {
    country: String,
    code: String,
    name: String,
    access: String,
    access_code: &'static str,
    has_legal: bool,
}

struct CompareRow {
    name: String,
    cells: Vec<Vec<CompareItem>>,
}

#[derive(Template)]
#[template(path = "institutions_compare.html")]
struct ComparePage {
    layout: Layout,
    countries: Vec<CountryLink>,
    rows: Vec<CompareRow>,
}

fn function_name(f: OversightFunction, lang: Lang) -> String {
    Tr(lang).t(&format!("governance-function-{}", f.code()))
}

fn access_name(a: AccessPower, lang: Lang) -> String {
    Tr(lang).t(&format!("governance-access-{}", a.code()))
}

fn profile_view(
    p: &InstitutionProfile,
    names: &HashMap<String, (String, String)>,
    lang: Lang,
) -> ProfileView {
    let tr = Tr(lang);
    ProfileView {
        functions: p.functions.get(lang).to_owned(),
        mandate: p.mandate.get(lang).to_owned(),
        legal: p
            .legal_bases
            .iter()
            .map(|l| LegalView {
                kind: tr.t(&format!("governance-legal-kind-{}", l.kind.code())),
                number: l.number.clone(),
                date: l
                    .date
                    .clone()
                    .unwrap_or_else(|| tr.t("governance-date-unknown")),
                title: l.title.get(lang).to_owned(),
                href: l
                    .source
                    .split_whitespace()
                    .next()
                    .and_then(|s| vigie_domain::WebLink::parse("source", s).ok())
                    .map(|l| l.to_string()),
                source: l.source.clone(),
            })
            .collect(),
        access: access_name(p.access, lang),
        access_code: p.access.code(),
        access_note: p.access_note.get(lang).to_owned(),
        lines: p
            .reporting_lines
            .iter()
            .map(|r| LineView {
                to: r.to.as_str().to_owned(),
                to_name: names
                    .get(r.to.as_str())
                    .map(|(fr, en)| lang.pick(fr, en).to_owned())
                    .unwrap_or_else(|| r.to.as_str().to_owned()),
                nature: r.nature.get(lang).to_owned(),
            })
            .collect(),
        illustrative: p.illustrative,
        source: p.source.clone(),
    }
}

fn country_links(known: &[Country], current: Option<&str>, lang: Lang) -> Vec<CountryLink> {
    known
        .iter()
        .map(|c| CountryLink {
            code: c.code.as_str().to_owned(),
            name: c.name(lang).to_owned(),
            current: current == Some(c.code.as_str()),
        })
        .collect()
}

/// `GET /institutions[?country=ISO3]`.
pub async fn show(
    State(state): State<AppState>,
    ReaderLang(lang): ReaderLang,
    identity: Identity,
    uri: Uri,
    Query(params): Query<InventoryParams>,
) -> Result<Html<String>, PageError> {
    let err = page_error(lang);
    let known = state
        .store()
        .list_countries()
        .await
        .map_err(|e| err(e.into()))?;
    let country = country_param(params.country.as_deref(), &known, lang).map_err(&err)?;
    let layout = Layout::new(lang, &identity, &uri, state.config().demo);
    let all = entries(&state, country).await.map_err(&err)?;
    let names = names(&state).await.map_err(&err)?;
    let html = match country.and_then(|c| known.iter().find(|k| k.code == c)) {
        Some(c) => country_page(layout, c, &known, &all, &names, lang).render(),
        None => compare_page(layout, &known, &all, lang).render(),
    };
    Ok(Html(html.map_err(|e| err(e.into()))?))
}

fn country_page(
    layout: Layout,
    country: &Country,
    known: &[Country],
    all: &[Entry],
    names: &HashMap<String, (String, String)>,
    lang: Lang,
) -> CountryPage {
    let groups = OversightFunction::ALL
        .into_iter()
        .filter_map(|f| {
            let institutions: Vec<InstitutionView> = all
                .iter()
                .filter(|e| e.function == f)
                .map(|e| InstitutionView {
                    code: e.code.clone(),
                    name: e.name(lang).to_owned(),
                    profile: e.profile.as_ref().map(|p| profile_view(p, names, lang)),
                })
                .collect();
            (!institutions.is_empty()).then(|| Group {
                code: f.code(),
                name: function_name(f, lang),
                institutions,
            })
        })
        .collect();
    let mut diagram: Vec<Node> = Vec::new();
    for e in all {
        for line in e.profile.iter().flat_map(|p| &p.reporting_lines) {
            let to = line.to.as_str();
            let at = match diagram.iter().position(|n| n.code == to) {
                Some(i) => i,
                None => {
                    diagram.push(Node {
                        code: to.to_owned(),
                        name: names
                            .get(to)
                            .map(|(fr, en)| lang.pick(fr, en).to_owned())
                            .unwrap_or_else(|| to.to_owned()),
                        reporters: Vec::new(),
                    });
                    diagram.len() - 1
                }
            };
            diagram[at].reporters.push((
                e.code.clone(),
                e.name(lang).to_owned(),
                line.nature.get(lang).to_owned(),
            ));
        }
    }
    CountryPage {
        code: country.code.as_str().to_owned(),
        name: country.name(lang).to_owned(),
        countries: country_links(known, Some(country.code.as_str()), lang),
        groups,
        diagram,
        layout,
    }
}

fn compare_page(layout: Layout, known: &[Country], all: &[Entry], lang: Lang) -> ComparePage {
    let rows = OversightFunction::ALL
        .into_iter()
        .map(|f| CompareRow {
            name: function_name(f, lang),
            cells: known
                .iter()
                .map(|c| {
                    all.iter()
                        .filter(|e| e.country == c.code && e.function == f)
                        .map(|e| {
                            let access = e
                                .profile
                                .as_ref()
                                .map_or(AccessPower::Unknown, |p| p.access);
                            CompareItem {
                                country: c.code.as_str().to_owned(),
                                code: e.code.clone(),
                                name: e.name(lang).to_owned(),
                                access: access_name(access, lang),
                                access_code: access.code(),
                                has_legal: e
                                    .profile
                                    .as_ref()
                                    .is_some_and(|p| !p.legal_bases.is_empty()),
                            }
                        })
                        .collect()
                })
                .collect(),
        })
        .collect();
    ComparePage {
        countries: country_links(known, None, lang),
        rows,
        layout,
    }
}
