//! The recommendations pages: `GET /recommendations` (the public dashboard:
//! progress by country, theme, source and status, with charts, filters, the
//! list and downloads), `GET /recommendations/{id}` (milestones with the
//! overdue ones marked, evidence, history, and for those who may act the
//! status form), the two form posts, and `GET /findings`.

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::Uri;
use axum::response::{Html, Redirect};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use serde::Deserialize;
use vigie_charts::{FunnelStep, Texts};
use vigie_domain::Lang;
use vigie_domain::money::format_decimal;
use vigie_domain::recommendation::{RecommendationStatus, SourceKind, StatusCounts, Theme};
use vigie_store::recommendations::{
    RecommendationDetail, RecommendationFilter, RecommendationRow, may_change_status,
};

use crate::error::{PageError, page_error};
use crate::handlers::api::recommendations::{EvidenceBody, StatusBody, id_of, now};
use crate::handlers::caller::Caller;
use crate::layout::Layout;
use crate::middleware::lang::ReaderLang;
use crate::pagination::{self, PageParams, Pager};
use crate::recommendations::{RecommendationParams, label};
use crate::{AppState, Identity, WebError};

/// One line of a figures table: a key, its label, counts and rate.
pub struct FigureRow {
    pub key: String,
    pub label: String,
    pub counts: Vec<u32>,
    pub total: u32,
    pub rate: String,
}

/// A choice of a filter.
pub struct Choice {
    pub code: String,
    pub label: String,
    pub selected: bool,
}

/// One dimension of the dashboard: its chart and table.
struct Section {
    id: &'static str,
    heading: &'static str,
    svg: String,
    rows: Vec<FigureRow>,
}

struct ListLine {
    id: i64,
    code: String,
    title: String,
    status: String,
    status_code: String,
    theme: String,
    source: String,
    countries: String,
    illustrative: bool,
}

#[derive(Template)]
#[template(path = "recommendations.html")]
struct DashboardPage {
    layout: Layout,
    pager: Pager,
    countries: Vec<Choice>,
    statuses: Vec<Choice>,
    themes: Vec<Choice>,
    sources: Vec<Choice>,
    status_labels: Vec<String>,
    overall: FigureRow,
    sections: Vec<Section>,
    status_svg: String,
    list: Vec<ListLine>,
    query: String,
}

/// The rate as a percentage, or `—` when undefined.
fn rate_text(rate: Option<Decimal>, lang: Lang) -> String {
    rate.map_or_else(
        || "—".to_owned(),
        |r| {
            format!(
                "{}\u{a0}%",
                format_decimal((r * Decimal::ONE_HUNDRED).round_dp(1), 1, lang)
            )
        },
    )
}

fn figure_row(key: String, label: String, c: &StatusCounts, lang: Lang) -> FigureRow {
    FigureRow {
        key,
        label,
        counts: RecommendationStatus::ALL
            .iter()
            .map(|s| c.get(*s))
            .collect(),
        total: c.total(),
        rate: rate_text(c.implementation_rate(), lang),
    }
}

/// Horizontal bars of the implementation rate, one per row.
fn rate_chart(
    layout: &Layout,
    title: &str,
    rows: &[FigureRow],
    rates: &[Option<Decimal>],
) -> String {
    let steps: Vec<FunnelStep> = rows
        .iter()
        .zip(rates)
        .filter_map(|(r, rate)| {
            let v = (rate.as_ref()? * Decimal::ONE_HUNDRED).to_f64()?;
            Some(FunnelStep::new(r.label.clone(), v, r.rate.clone()))
        })
        .collect();
    vigie_charts::funnel(
        &Texts::new(
            layout.t(title),
            layout.t("rec-chart-rate-desc"),
            layout.t("rec-chart-empty"),
        ),
        &steps,
        &|v| format!("{v:.0}\u{a0}%"),
    )
}

fn choices<T: Copy>(
    all: &[T],
    selected: Option<&str>,
    code: impl Fn(T) -> String,
    label: impl Fn(T) -> String,
) -> Vec<Choice> {
    all.iter()
        .map(|v| Choice {
            code: code(*v),
            label: label(*v),
            selected: selected == Some(code(*v).as_str()),
        })
        .collect()
}

/// The page of recommendations `paging` asks for, by code, and the link to
/// the next.
pub(crate) async fn page_of(
    state: &AppState,
    filter: &RecommendationFilter,
    paging: &PageParams,
    uri: &Uri,
) -> Result<(Vec<RecommendationRow>, Option<String>), WebError> {
    let after: Option<String> = paging.after()?;
    let (rows, next) = state
        .store()
        .recommendations()
        .page(filter, after.as_deref(), Some(paging.limit()?))
        .await?;
    let next = next.map(|code| pagination::next_after(uri, &code));
    Ok((rows, next))
}

/// `GET /recommendations`.
pub async fn dashboard(
    State(state): State<AppState>,
    ReaderLang(lang): ReaderLang,
    identity: Identity,
    uri: Uri,
    Query(params): Query<RecommendationParams>,
    Query(paging): Query<PageParams>,
) -> Result<Html<String>, PageError> {
    let err = page_error(lang);
    let known = state
        .store()
        .list_countries()
        .await
        .map_err(|e| err(e.into()))?;
    let filter = params.filter(&known).map_err(&err)?;
    let d = state
        .store()
        .recommendations()
        .dashboard(&filter)
        .await
        .map_err(|e| err(e.into()))?;
    let layout = Layout::new(lang, &identity, &uri, state.config().demo);
    let country_name = |code: &str| {
        known.iter().find(|c| c.code.as_str() == code).map_or_else(
            || code.to_owned(),
            |c| lang.pick(&c.name_fr, &c.name_en).to_owned(),
        )
    };
    let by_country: Vec<FigureRow> = d
        .by_country
        .iter()
        .map(|(k, v)| figure_row(k.to_string(), country_name(k.as_str()), v, lang))
        .collect();
    let by_theme: Vec<FigureRow> = d
        .by_theme
        .iter()
        .map(|(k, v)| figure_row(k.code().into(), k.label(lang).into(), v, lang))
        .collect();
    let by_source: Vec<FigureRow> = d
        .by_source
        .iter()
        .map(|(k, v)| figure_row(k.code().into(), k.label(lang).into(), v, lang))
        .collect();
    let total = f64::from(d.overall.total().max(1));
    let status_steps: Vec<FunnelStep> = RecommendationStatus::ALL
        .iter()
        .map(|s| {
            let n = d.overall.get(*s);
            FunnelStep::new(
                s.label(lang),
                f64::from(n),
                format!("{:.0}\u{a0}%", f64::from(n) * 100.0 / total),
            )
        })
        .collect();
    let status_svg = vigie_charts::funnel(
        &Texts::new(
            layout.t("rec-chart-status"),
            layout.t("rec-chart-status-desc"),
            layout.t("rec-chart-empty"),
        ),
        &status_steps,
        &|v| format!("{v:.0}"),
    );
    let rates = |m: &mut dyn Iterator<Item = &StatusCounts>| -> Vec<Option<Decimal>> {
        m.map(StatusCounts::implementation_rate).collect()
    };
    let country_svg = rate_chart(
        &layout,
        "rec-chart-country",
        &by_country,
        &rates(&mut d.by_country.values()),
    );
    let theme_svg = rate_chart(
        &layout,
        "rec-chart-theme",
        &by_theme,
        &rates(&mut d.by_theme.values()),
    );
    let source_svg = rate_chart(
        &layout,
        "rec-chart-source",
        &by_source,
        &rates(&mut d.by_source.values()),
    );
    // The figures are of every matching recommendation; the list, a page.
    let (rows, next) = page_of(&state, &filter, &paging, &uri)
        .await
        .map_err(&err)?;
    let pager = Pager::new(&uri, &paging, next);
    let list = rows.iter().map(|r| list_line(r, lang)).collect();
    let query = serde_urlencoded::to_string([
        ("country", filter.country.clone().unwrap_or_default()),
        ("status", filter.status.clone().unwrap_or_default()),
        ("theme", filter.theme.clone().unwrap_or_default()),
        ("source", filter.source.clone().unwrap_or_default()),
    ])
    .unwrap_or_default();
    let page = DashboardPage {
        pager,
        countries: known
            .iter()
            .map(|c| Choice {
                code: c.code.to_string(),
                label: lang.pick(&c.name_fr, &c.name_en).to_owned(),
                selected: filter.country.as_deref() == Some(c.code.as_str()),
            })
            .collect(),
        statuses: choices(
            RecommendationStatus::ALL,
            filter.status.as_deref(),
            |s| s.code().into(),
            |s| s.label(lang).into(),
        ),
        themes: choices(
            Theme::ALL,
            filter.theme.as_deref(),
            |s| s.code().into(),
            |s| s.label(lang).into(),
        ),
        sources: choices(
            SourceKind::ALL,
            filter.source.as_deref(),
            |s| s.code().into(),
            |s| s.label(lang).into(),
        ),
        status_labels: RecommendationStatus::ALL
            .iter()
            .map(|s| s.label(lang).to_owned())
            .collect(),
        overall: figure_row(String::new(), layout.t("rec-overall"), &d.overall, lang),
        sections: vec![
            Section {
                id: "rec-by-country",
                heading: "rec-chart-country",
                svg: country_svg,
                rows: by_country,
            },
            Section {
                id: "rec-by-theme",
                heading: "rec-chart-theme",
                svg: theme_svg,
                rows: by_theme,
            },
            Section {
                id: "rec-by-source",
                heading: "rec-chart-source",
                svg: source_svg,
                rows: by_source,
            },
        ],
        status_svg,
        list,
        query,
        layout,
    };
    Ok(Html(page.render().map_err(|e| err(e.into()))?))
}

fn list_line(r: &RecommendationRow, lang: Lang) -> ListLine {
    ListLine {
        id: r.id,
        code: r.code.clone(),
        title: lang.pick(&r.title_fr, &r.title_en).to_owned(),
        status: label(&r.status, lang),
        status_code: r.status.clone(),
        theme: label(&r.theme, lang),
        source: label(&r.source, lang),
        countries: r.countries.join(", "),
        illustrative: r.illustrative,
    }
}

#[derive(Template)]
#[template(path = "recommendation.html")]
struct DetailPage {
    layout: Layout,
    r: RecommendationDetail,
    title: String,
    text: String,
    status: String,
    theme: String,
    source: String,
    priority: String,
    may_act: bool,
    next: Vec<Choice>,
    today: String,
    /// The follow-up meetings that advanced it: (code, date, title).
    meetings: Vec<(String, String, String)>,
    /// The workshop it came from, on its edition's page.
    workshop_href: Option<String>,
}

impl DetailPage {
    fn pick<'a>(&self, fr: &'a str, en: &'a str) -> &'a str {
        self.layout.lang.pick(fr, en)
    }

    fn label(&self, code: &str) -> String {
        label(code, self.layout.lang)
    }
}

/// `GET /recommendations/{id}` (numeric id or code).
pub async fn show(
    State(state): State<AppState>,
    ReaderLang(lang): ReaderLang,
    identity: Identity,
    uri: Uri,
    Path(key): Path<String>,
) -> Result<Html<String>, PageError> {
    let err = page_error(lang);
    let r = state
        .store()
        .recommendations()
        .get(&key, now())
        .await
        .map_err(|e| err(e.into()))?
        .ok_or_else(|| err(WebError::NotFound))?;
    let may_act = identity
        .user()
        .is_some_and(|u| may_change_status(u, &r.row.addressees));
    let current: Option<RecommendationStatus> = r.row.status.parse().ok();
    let next = RecommendationStatus::ALL
        .iter()
        .filter(|s| {
            current.is_some_and(|c| vigie_domain::recommendation::check_transition(c, **s).is_ok())
        })
        .map(|s| Choice {
            code: s.code().into(),
            label: s.label(lang).into(),
            selected: false,
        })
        .collect();
    let meetings = state
        .store()
        .meetings()
        .advancing(&r.row.code)
        .await
        .map_err(|e| err(e.into()))?
        .into_iter()
        .map(|m| (m.code, m.held_on.to_string(), m.title.get(lang).to_owned()))
        .collect();
    let workshop_href = match r.row.workshop.as_deref().and_then(|w| w.split_once('/')) {
        Some((number, code)) => match number.parse() {
            Ok(number) => state
                .store()
                .conferences()
                .by_number(number)
                .await
                .map_err(|e| err(e.into()))?
                .map(|e| format!("/conferences/{}#session-{code}", e.id)),
            Err(_) => None,
        },
        None => None,
    };
    let page = DetailPage {
        layout: Layout::new(lang, &identity, &uri, state.config().demo),
        meetings,
        workshop_href,
        title: lang.pick(&r.row.title_fr, &r.row.title_en).to_owned(),
        text: lang.pick(&r.text_fr, &r.text_en).to_owned(),
        status: label(&r.row.status, lang),
        theme: label(&r.row.theme, lang),
        source: label(&r.row.source, lang),
        priority: label(&r.row.priority, lang),
        may_act,
        next,
        today: now().date().to_string(),
        r,
    };
    Ok(Html(page.render().map_err(|e| err(e.into()))?))
}

/// `POST /recommendations/{id}/status` (form, CSRF token): the page's
/// change of status, through the API's checks.
pub async fn change_status(
    State(state): State<AppState>,
    ReaderLang(lang): ReaderLang,
    identity: Identity,
    Path(key): Path<String>,
    Form(body): Form<StatusBody>,
) -> Result<Redirect, PageError> {
    let err = page_error(lang);
    let caller = Caller::of(&state, &identity).await.map_err(&err)?;
    let user = caller.signed_in().map_err(&err)?;
    let id = id_of(&state, &key).await.map_err(&err)?;
    let change = body.change().map_err(&err)?;
    state
        .store()
        .recommendations()
        .change_status(user, id, &change, now())
        .await
        .map_err(|e| err(e.into()))?;
    Ok(Redirect::to(&format!("/recommendations/{id}")))
}

/// `POST /recommendations/{id}/evidence` (form, CSRF token).
pub async fn add_evidence(
    State(state): State<AppState>,
    ReaderLang(lang): ReaderLang,
    identity: Identity,
    Path(key): Path<String>,
    Form(form): Form<EvidenceBody>,
) -> Result<Redirect, PageError> {
    let err = page_error(lang);
    let caller = Caller::of(&state, &identity).await.map_err(&err)?;
    let user = caller.signed_in().map_err(&err)?;
    let id = id_of(&state, &key).await.map_err(&err)?;
    state
        .store()
        .recommendations()
        .add_evidence(user, id, &form.title, &form.url, now())
        .await
        .map_err(|e| err(e.into()))?;
    Ok(Redirect::to(&format!("/recommendations/{id}")))
}

/// The "mark done" form.
#[derive(Debug, Deserialize)]
pub struct DoneForm {
    #[serde(default)]
    done_on: String,
}

/// `POST /recommendations/{id}/milestones/{position}/done`.
pub async fn milestone_done(
    State(state): State<AppState>,
    ReaderLang(lang): ReaderLang,
    identity: Identity,
    Path((key, position)): Path<(String, i32)>,
    Form(form): Form<DoneForm>,
) -> Result<Redirect, PageError> {
    let err = page_error(lang);
    let caller = Caller::of(&state, &identity).await.map_err(&err)?;
    let user = caller.signed_in().map_err(&err)?;
    let id = id_of(&state, &key).await.map_err(&err)?;
    let done_on = vigie_domain::iso_day::parse(&form.done_on).ok_or_else(|| {
        err(WebError::Unprocessable(format!(
            "done_on: `{}` is not a date (YYYY-MM-DD)",
            form.done_on
        )))
    })?;
    state
        .store()
        .recommendations()
        .mark_milestone_done(user, id, position, done_on)
        .await
        .map_err(|e| err(e.into()))?;
    Ok(Redirect::to(&format!("/recommendations/{id}")))
}
