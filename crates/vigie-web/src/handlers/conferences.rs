//! The conference pages: `/conferences` (the editions) and
//! `/conferences/{id}` (one edition: its programme by day, each workshop
//! with its theme, questions and the people who led it, participants by
//! country and category, supporters and documents). Built from the same
//! view as `/api/v1/conferences`.

use std::collections::{BTreeSet, HashMap};

use askama::Template;
use axum::extract::{Path, State};
use axum::http::Uri;
use axum::response::Html;
use vigie_domain::Lang;
use vigie_domain::conference::iso_day;
use vigie_store::recommendations::RecommendationFilter;

use crate::conferences::{EditionSummary, EditionView, SessionView};
use crate::error::{PageError, page_error};
use crate::handlers::api::conferences::edition;
use crate::layout::Layout;
use crate::middleware::lang::ReaderLang;
use crate::recommendations::label;
use crate::{AppState, Identity, Tr};

#[derive(Template)]
#[template(path = "conferences.html")]
struct ListPage {
    layout: Layout,
    editions: Vec<(EditionSummary, String)>,
}

/// One day of the programme.
struct Day {
    label: String,
    sessions: Vec<SessionView>,
}

/// The participants table: one row per national category, one column per
/// country; a cell is the number invited when published, ✓ when the
/// category was invited without a number, empty otherwise.
struct Grid {
    countries: Vec<String>,
    rows: Vec<(String, Vec<String>)>,
}

#[derive(Template)]
#[template(path = "conference.html")]
struct EditionPage {
    layout: Layout,
    e: EditionView,
    dates: String,
    program: Vec<Day>,
    grid: Grid,
    /// Regional and international bodies, donors, organiser: (category, names).
    bodies: Vec<(String, Vec<String>)>,
    /// The recommendations each workshop made, by session code.
    recommendations: HashMap<String, Vec<WorkshopRecommendation>>,
}

/// A recommendation listed under the workshop it came from.
struct WorkshopRecommendation {
    code: String,
    title: String,
    status: String,
}

/// `17 mars 2021` / `17 March 2021`.
fn long_date(day: &str, lang: Lang) -> String {
    let Some(d) = iso_day::parse(day) else {
        return day.to_owned();
    };
    let month = Tr(lang).t(&format!("conference-month-{}", u8::from(d.month())));
    format!("{} {month} {}", d.day(), d.year())
}

fn dates(start: &str, end: &str, lang: Lang) -> String {
    if start == end {
        long_date(start, lang)
    } else {
        format!("{} – {}", long_date(start, lang), long_date(end, lang))
    }
}

/// `GET /conferences`.
pub async fn list(
    State(state): State<AppState>,
    ReaderLang(lang): ReaderLang,
    identity: Identity,
    uri: Uri,
) -> Result<Html<String>, PageError> {
    let err = page_error(lang);
    let editions = state
        .store()
        .conferences()
        .list()
        .await
        .map_err(|e| err(e.into()))?
        .iter()
        .map(|s| {
            let summary = EditionSummary::of(s, lang);
            let when = dates(&summary.start_date, &summary.end_date, lang);
            (summary, when)
        })
        .collect();
    let page = ListPage {
        layout: Layout::new(lang, &identity, &uri, state.config().demo),
        editions,
    };
    Ok(Html(page.render().map_err(|e| err(e.into()))?))
}

/// `GET /conferences/{id}`; 404 for an id that is not an edition's.
pub async fn show(
    State(state): State<AppState>,
    ReaderLang(lang): ReaderLang,
    identity: Identity,
    uri: Uri,
    Path(id): Path<String>,
) -> Result<Html<String>, PageError> {
    let err = page_error(lang);
    let e = edition(&state, &id, lang).await.map_err(&err)?;
    let tr = Tr(lang);
    let program = e
        .days
        .iter()
        .map(|day| Day {
            label: long_date(day, lang),
            sessions: e
                .sessions
                .iter()
                .filter(|s| &s.day == day)
                .cloned()
                .collect(),
        })
        .collect();
    let countries: Vec<String> = e
        .participants
        .iter()
        .filter_map(|p| p.country.clone())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let mut categories: Vec<&str> = Vec::new();
    let mut bodies: Vec<(String, Vec<String>)> = Vec::new();
    for p in &e.participants {
        if p.country.is_some() {
            if !categories.contains(&p.category) {
                categories.push(p.category);
            }
            continue;
        }
        let kind = tr.t(&format!("kind-{}", p.category));
        let name = p.label.clone().unwrap_or_default();
        match bodies.iter_mut().find(|(k, _)| *k == kind) {
            Some((_, names)) => names.push(name),
            None => bodies.push((kind, vec![name])),
        }
    }
    let rows = categories
        .iter()
        .map(|category| {
            let cells = countries
                .iter()
                .map(|country| {
                    e.participants
                        .iter()
                        .filter(|p| p.category == *category && p.country.as_ref() == Some(country))
                        .map(|p| p.expected.map_or_else(|| "✓".to_owned(), |n| n.to_string()))
                        .next()
                        .unwrap_or_default()
                })
                .collect();
            (tr.t(&format!("kind-{category}")), cells)
        })
        .collect();
    let prefix = format!("{}/", e.summary.number);
    let mut recommendations: HashMap<String, Vec<WorkshopRecommendation>> = HashMap::new();
    let filter = RecommendationFilter {
        conference: Some(e.summary.number),
        ..RecommendationFilter::default()
    };
    for r in state
        .store()
        .recommendations()
        .list(&filter)
        .await
        .map_err(|e| err(e.into()))?
    {
        let Some(code) = r.workshop.as_deref().and_then(|w| w.strip_prefix(&prefix)) else {
            continue;
        };
        recommendations
            .entry(code.to_owned())
            .or_default()
            .push(WorkshopRecommendation {
                title: lang.pick(&r.title_fr, &r.title_en).to_owned(),
                status: label(&r.status, lang),
                code: r.code,
            });
    }
    let page = EditionPage {
        layout: Layout::new(lang, &identity, &uri, state.config().demo),
        recommendations,
        dates: dates(&e.summary.start_date, &e.summary.end_date, lang),
        program,
        grid: Grid { countries, rows },
        bodies,
        e,
    };
    Ok(Html(page.render().map_err(|e| err(e.into()))?))
}
