//! `GET /assessments`: the framework, and its assessments compared across
//! countries (bars for each country's latest year) and years (a line per
//! country); `GET /assessments/{ISO3}/{year}`: one assessment, question by
//! question, with the band each score stands for, its evidence and notes.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::Uri;
use axum::response::Html;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use vigie_charts::{Series, Texts};
use vigie_domain::Lang;
use vigie_domain::governance::{Framework, summarize};
use vigie_domain::money::format_decimal;

use crate::error::{PageError, page_error};
use crate::governance::assessments::assessed;
use crate::layout::Layout;
use crate::middleware::lang::ReaderLang;
use crate::{AppState, Identity, Tr, WebError};

fn score_text(score: Option<Decimal>, lang: Lang) -> String {
    score.map_or_else(|| "—".to_owned(), |s| format_decimal(s, 2, lang))
}

struct BandView {
    score: i32,
    criterion: String,
}

struct QuestionView {
    code: String,
    text: String,
    guidance: String,
    evidence: String,
    bands: Vec<BandView>,
}

struct AreaView {
    code: String,
    title: String,
    questions: Vec<QuestionView>,
}

fn areas(f: &Framework, lang: Lang) -> Vec<AreaView> {
    f.areas
        .iter()
        .map(|a| AreaView {
            code: a.code.clone(),
            title: a.title.get(lang).to_owned(),
            questions: a
                .questions
                .iter()
                .map(|q| QuestionView {
                    code: q.code.clone(),
                    text: q.text.get(lang).to_owned(),
                    guidance: q.guidance.get(lang).to_owned(),
                    evidence: q.evidence.get(lang).to_owned(),
                    bands: q
                        .bands
                        .iter()
                        .map(|b| BandView {
                            score: b.score,
                            criterion: b.criterion.get(lang).to_owned(),
                        })
                        .collect(),
                })
                .collect(),
        })
        .collect()
}

struct MatrixRow {
    code: String,
    name: String,
    /// (year, overall score text, whether assessed)
    cells: Vec<(i32, String, bool)>,
}

#[derive(Template)]
#[template(path = "assessments.html")]
struct OverviewPage {
    layout: Layout,
    title: String,
    description: String,
    version: i32,
    illustrative: bool,
    latest_svg: String,
    trend_svg: String,
    years: Vec<i32>,
    rows: Vec<MatrixRow>,
    areas: Vec<AreaView>,
}

/// `GET /assessments`.
pub async fn overview(
    State(state): State<AppState>,
    ReaderLang(lang): ReaderLang,
    identity: Identity,
    uri: Uri,
) -> Result<Html<String>, PageError> {
    let err = page_error(lang);
    let layout = Layout::new(lang, &identity, &uri, state.config().demo);
    let a = match assessed(&state).await {
        Ok(a) => a,
        // No framework stored yet: the page says so.
        Err(WebError::NotFound) => {
            let page = OverviewPage {
                title: String::new(),
                description: layout.t("assessment-chart-empty"),
                version: 0,
                illustrative: false,
                latest_svg: String::new(),
                trend_svg: String::new(),
                years: Vec::new(),
                rows: Vec::new(),
                areas: Vec::new(),
                layout,
            };
            return Ok(Html(page.render().map_err(|e| err(e.into()))?));
        }
        Err(e) => return Err(err(e)),
    };
    let known = state
        .store()
        .list_countries()
        .await
        .map_err(|e| err(e.into()))?;
    let name = |code: &str| {
        known
            .iter()
            .find(|c| c.code.as_str() == code)
            .map_or_else(|| code.to_owned(), |c| c.name(lang).to_owned())
    };
    let texts = |title: &str, desc: &str| {
        Texts::new(
            layout.t(title),
            layout.t(desc),
            layout.t("assessment-chart-empty"),
        )
    };
    let axis =
        move |v: f64| format_decimal(Decimal::from_f64_retain(v).unwrap_or_default(), 1, lang);
    let latest_year = a.matrix.years.last().copied();
    let latest: Vec<Series> = a
        .matrix
        .countries
        .iter()
        .map(|c| {
            let points = latest_year
                .and_then(|y| Some((y, a.matrix.get(*c, y)?.overall?.to_f64()?)))
                .into_iter()
                .collect();
            Series::new(name(c.as_str()), points)
        })
        .collect();
    let trend: Vec<Series> = a
        .matrix
        .countries
        .iter()
        .map(|c| {
            let points = a
                .matrix
                .years
                .iter()
                .filter_map(|y| Some((*y, a.matrix.get(*c, *y)?.overall?.to_f64()?)))
                .collect();
            Series::new(name(c.as_str()), points)
        })
        .collect();
    let rows = a
        .matrix
        .countries
        .iter()
        .map(|c| MatrixRow {
            code: c.as_str().to_owned(),
            name: name(c.as_str()),
            cells: a
                .matrix
                .years
                .iter()
                .map(|y| match a.matrix.get(*c, *y) {
                    Some(s) => (*y, score_text(s.overall, lang), true),
                    None => (*y, "—".to_owned(), false),
                })
                .collect(),
        })
        .collect();
    let page = OverviewPage {
        title: a.framework.title.get(lang).to_owned(),
        description: a.framework.description.get(lang).to_owned(),
        version: a.framework.version,
        illustrative: a.framework.illustrative || a.assessments.iter().any(|x| x.illustrative),
        latest_svg: vigie_charts::grouped_bars(
            &texts(
                "assessment-latest-chart-title",
                "assessment-latest-chart-desc",
            ),
            &latest,
            &axis,
        ),
        trend_svg: vigie_charts::line_chart(
            &texts(
                "assessment-trend-chart-title",
                "assessment-trend-chart-desc",
            ),
            &trend,
            &axis,
        ),
        years: a.matrix.years.clone(),
        rows,
        areas: areas(&a.framework, lang),
        layout,
    };
    Ok(Html(page.render().map_err(|e| err(e.into()))?))
}

struct ScoreView {
    code: String,
    text: String,
    score: i32,
    max: i32,
    criterion: String,
    evidence: Vec<(String, String)>,
    note: String,
}

struct AreaScoreView {
    code: String,
    title: String,
    score: String,
    questions: Vec<ScoreView>,
}

#[derive(Template)]
#[template(path = "assessment.html")]
struct DetailPage {
    layout: Layout,
    country: String,
    country_name: String,
    year: i32,
    framework: String,
    assessor: String,
    illustrative: bool,
    overall: String,
    areas: Vec<AreaScoreView>,
}

/// `GET /assessments/{ISO3}/{year}`; 404 when that country and year were not assessed.
pub async fn detail(
    State(state): State<AppState>,
    ReaderLang(lang): ReaderLang,
    identity: Identity,
    uri: Uri,
    Path((code, year)): Path<(String, String)>,
) -> Result<Html<String>, PageError> {
    let err = page_error(lang);
    let known = state
        .store()
        .list_countries()
        .await
        .map_err(|e| err(e.into()))?;
    let country = crate::governance::country_param(Some(&code), &known, lang)
        .map_err(&err)?
        .ok_or_else(|| err(WebError::NotFound))?;
    let year: i32 = year.parse().map_err(|_| err(WebError::NotFound))?;
    let a = assessed(&state).await.map_err(&err)?;
    let found = a
        .assessments
        .iter()
        .find(|x| x.country == country && x.year == year)
        .ok_or_else(|| {
            err(WebError::NotFoundWith(Tr(lang).t_with(
                "assessment-not-found",
                &[
                    ("country", country.as_str().to_owned()),
                    ("year", year.to_string()),
                ],
            )))
        })?;
    let summary = summarize(&a.framework, found);
    let names = crate::governance::inventory::names(&state)
        .await
        .map_err(&err)?;
    let areas = a
        .framework
        .areas
        .iter()
        .zip(&summary.areas)
        .map(|(area, s)| AreaScoreView {
            code: area.code.clone(),
            title: area.title.get(lang).to_owned(),
            score: score_text(s.score, lang),
            questions: area
                .questions
                .iter()
                .filter_map(|q| {
                    let s = found.score(&q.code)?;
                    Some(ScoreView {
                        code: q.code.clone(),
                        text: q.text.get(lang).to_owned(),
                        score: s.score,
                        max: q.max_score(),
                        criterion: q
                            .band(s.score)
                            .map(|b| b.criterion.get(lang).to_owned())
                            .unwrap_or_default(),
                        evidence: s
                            .evidence
                            .iter()
                            .map(|e| {
                                let href = match (&e.url, e.document) {
                                    // Checked at import; checked again so that a
                                    // stored non-web address is never a link.
                                    (Some(u), _) => vigie_domain::WebLink::parse("url", u)
                                        .map(|l| l.to_string())
                                        .unwrap_or_default(),
                                    (None, Some(d)) => format!("/documents/{d}"),
                                    (None, None) => String::new(),
                                };
                                (e.title.clone(), href)
                            })
                            .collect(),
                        note: s.note.clone(),
                    })
                })
                .collect(),
        })
        .collect();
    let page = DetailPage {
        country: country.as_str().to_owned(),
        country_name: known
            .iter()
            .find(|c| c.code == country)
            .map_or_else(String::new, |c| c.name(lang).to_owned()),
        year,
        framework: format!("{} ({})", a.framework.title.get(lang), a.framework.key()),
        assessor: names.get(found.assessor.as_str()).map_or_else(
            || found.assessor.to_string(),
            |(fr, en)| lang.pick(fr, en).to_owned(),
        ),
        illustrative: found.illustrative,
        overall: score_text(summary.overall, lang),
        areas,
        layout: Layout::new(lang, &identity, &uri, state.config().demo),
    };
    Ok(Html(page.render().map_err(|e| err(e.into()))?))
}
