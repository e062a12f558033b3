//! The budget pages: `/budget` (the five countries side by side),
//! `/budget/{ISO3}` (trend, composition, execution funnel, programming-law
//! gap, PEFA, constant dollars), `/budget/import` (upload) and
//! `/budget/template.csv`. Built from the same [`BudgetView`] as the API:
//! a page never shows a line the JSON would not.

use std::collections::BTreeMap;

use askama::Template;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::{Uri, header};
use axum::response::{Html, IntoResponse, Response};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use serde::Deserialize;
use vigie_charts::{FunnelStep, Series, Texts};
use vigie_domain::budget::{EconomicNature, FORMULAS, Pi2, Scope, Score, Stage};
use vigie_domain::money::format_decimal;
use vigie_domain::{FiscalYear, Lang};
use vigie_store::ImportMode;
use vigie_store::budget::{BudgetView, Indicators, LineQuery, VisibleLine};

use super::api::budget::{country, summaries, view_for};
use super::caller::Caller;
use super::file_import::{self, Job, Problems, Upload, finished, may_import, run};
use crate::budget::indicator_tables::{letter, percent};
use crate::error::{PageError, page_error};
use crate::imports::{Finished, counter};
use crate::layout::Layout;
use crate::middleware::lang::ReaderLang;
use crate::pagination::{self, PageParams, Pager};
use crate::{AppState, Identity, WebError};

/// An amount in full, in the reader's way of writing numbers.
fn full(amount: Decimal, lang: Lang) -> String {
    format_decimal(amount.round(), 0, lang)
}

fn opt_full(amount: Option<Decimal>, lang: Lang) -> String {
    amount.map_or_else(|| "—".to_owned(), |a| full(a, lang))
}

/// Chart axis labels in billions (milliards): budgets of the five states
/// run from tens to hundreds of billions.
fn billions(lang: Lang) -> impl Fn(f64) -> String {
    move |v: f64| {
        let b = Decimal::from_f64_retain(v / 1e9).unwrap_or_default();
        format!(
            "{} {}",
            format_decimal(b.round_dp(1), 1, lang),
            lang.pick("Md", "bn")
        )
    }
}

fn f(amount: Decimal) -> f64 {
    amount.to_f64().unwrap_or(f64::NAN)
}

/// `?year=` of the country page.
#[derive(Debug, Default, Deserialize)]
pub struct YearParam {
    #[serde(default)]
    year: Option<String>,
}

/// A row of the totals table.
struct TotalRow {
    year: i32,
    cells: Vec<String>,
}

/// A PEFA indicator on the page.
struct PefaRow {
    id: &'static str,
    name: String,
    score: &'static str,
    /// Year, value, band, and the basis when a year is read on another
    /// stage than the indicator's (PI-1 on payments).
    years: Vec<(i32, String, String, Option<String>)>,
    formula: &'static str,
}

/// A visible line of the chosen year.
struct LineRow {
    section: String,
    program: String,
    action: String,
    nature: String,
    stage: String,
    amount: String,
    level: String,
}

#[derive(Template)]
#[template(path = "budget.html")]
struct CountryPage {
    layout: Layout,
    code: String,
    name: String,
    currency: String,
    years: Vec<i32>,
    year: i32,
    to: i32,
    trend_svg: String,
    composition_svg: String,
    funnel_svg: String,
    gap_svg: String,
    has_plan: bool,
    stage_names: Vec<String>,
    totals: Vec<TotalRow>,
    pefa: Vec<PefaRow>,
    usd: Vec<(i32, String, String, String, String, String)>,
    usd_source: &'static str,
    lines: Vec<LineRow>,
    pager: Pager,
    withheld: u64,
    formulas: Vec<(String, &'static str)>,
}

/// `GET /budget/{ISO3}`.
pub async fn country_page(
    State(state): State<AppState>,
    ReaderLang(lang): ReaderLang,
    identity: Identity,
    uri: Uri,
    Path(code): Path<String>,
    Query(params): Query<YearParam>,
    Query(paging): Query<PageParams>,
) -> Result<Html<String>, PageError> {
    let err = page_error(lang);
    let country = country(&code).map_err(&err)?;
    let view = view_for(&state, &identity, country).await.map_err(&err)?;
    let name = state
        .store()
        .list_countries()
        .await
        .map_err(|e| err(e.into()))?
        .into_iter()
        .find(|c| c.code == country)
        .map(|c| c.name(lang).to_owned())
        .unwrap_or_else(|| country.to_string());
    let last = view.default_to().ok_or_else(|| err(WebError::NotFound))?;
    let year = match params.year.as_deref() {
        Some(y) => y
            .parse::<FiscalYear>()
            .map_err(|e| err(WebError::BadRequest(e.to_string())))?,
        None => last,
    };
    let ind = state
        .store()
        .budget()
        .indicators(&view, year)
        .await
        .map_err(|e| err(e.into()))?;
    // The year's sector lines, a page at a time.
    let lines = state
        .store()
        .budget()
        .lines(
            &view,
            &LineQuery {
                year: Some(year),
                scope: Some(Scope::Sector),
                after: paging.after().map_err(&err)?,
                limit: Some(paging.limit().map_err(&err)?),
            },
        )
        .await
        .map_err(|e| err(e.into()))?;
    let next = lines.next.map(|id| pagination::next_after(&uri, &id));
    let mut page = country_page_for(
        lang,
        Layout::new(lang, &identity, &uri, state.config().demo),
        &view,
        &ind,
        &lines.lines,
        name,
        year,
    );
    page.pager = Pager::new(&uri, &paging, next);
    Ok(Html(page.render().map_err(|e| err(e.into()))?))
}

fn country_page_for(
    lang: Lang,
    layout: Layout,
    view: &BudgetView,
    ind: &Indicators,
    lines: &[VisibleLine],
    name: String,
    year: FiscalYear,
) -> CountryPage {
    let tr = |k: &str| layout.t(k);
    let totals = view.totals();
    let years: Vec<FiscalYear> = view.years();
    let fmt = billions(lang);

    let series = |stage: Stage| Series {
        name: stage.label(lang).to_owned(),
        points: totals
            .iter()
            .filter(|((_, s), _)| *s == stage)
            .map(|((y, _), a)| (y.year(), f(*a)))
            .collect(),
    };
    let trend_svg = vigie_charts::line_chart(
        &Texts::new(
            tr("budget-trend-title"),
            tr("budget-trend-desc"),
            tr("budget-chart-empty"),
        ),
        &[
            series(Stage::Initial),
            series(Stage::Revised),
            series(Stage::Paid),
        ],
        &fmt,
    );

    // Composition of the initial appropriation by economic nature: visible
    // lines, plus one bucket for withheld lines when it stands for two or
    // more (see `Withheld::amount`).
    // One pass over the visible lines: the initial appropriation by year
    // and nature.
    let mut initial: BTreeMap<(FiscalYear, EconomicNature), Decimal> = BTreeMap::new();
    for l in view.visible_sums() {
        if let (Stage::Initial, Scope::Sector, Some(nature)) = (l.stage, l.scope, l.nature) {
            *initial.entry((l.year, nature)).or_default() += l.amount.amount();
        }
    }
    let mut by_nature: Vec<Series> = EconomicNature::ALL
        .iter()
        .map(|n| Series {
            name: n.label(lang).to_owned(),
            points: years
                .iter()
                .map(|y| {
                    (
                        y.year(),
                        f(initial.get(&(*y, *n)).copied().unwrap_or_default()),
                    )
                })
                .collect(),
        })
        .collect();
    let withheld_series = Series {
        name: tr("budget-withheld-bucket"),
        points: view
            .withheld()
            .iter()
            .filter(|w| w.stage == Stage::Initial)
            .filter_map(|w| Some((w.year.year(), f(w.amount?.amount()))))
            .collect(),
    };
    if !withheld_series.points.is_empty() {
        by_nature.push(withheld_series);
    }
    let composition_svg = vigie_charts::stacked_bars(
        &Texts::new(
            tr("budget-composition-title"),
            tr("budget-composition-desc"),
            tr("budget-chart-empty"),
        ),
        &by_nature,
        &fmt,
    );

    let execution = ind.execution.iter().find(|e| e.year == year);
    let mut steps = Vec::new();
    if let Some(e) = execution {
        steps.push(FunnelStep::new(
            Stage::Initial.label(lang),
            e.initial.map_or(0.0, f),
            String::new(),
        ));
        steps.push(FunnelStep::new(
            Stage::Revised.label(lang),
            e.revised.map_or(0.0, f),
            String::new(),
        ));
        for s in &e.stages {
            steps.push(FunnelStep::new(
                s.stage.label(lang),
                s.amount.map_or(0.0, f),
                percent(s.rate, lang),
            ));
        }
    }
    let funnel_svg = vigie_charts::funnel(
        &Texts::new(
            layout.t1("budget-funnel-title", "year", &year.to_string()),
            tr("budget-funnel-desc"),
            tr("budget-chart-empty"),
        ),
        &steps,
        &fmt,
    );

    let plan = |pick: &dyn Fn(&vigie_domain::budget::ProgrammingGap) -> Option<Decimal>,
                name: String| Series {
        name,
        points: ind
            .programming
            .iter()
            .filter_map(|p| Some((p.year.year(), f(pick(p)?))))
            .collect(),
    };
    let has_plan = !ind.programming.is_empty();
    let gap_svg = vigie_charts::grouped_bars(
        &Texts::new(
            tr("budget-gap-title"),
            tr("budget-gap-desc"),
            tr("budget-chart-empty"),
        ),
        &[
            plan(&|p| Some(p.planned), Stage::Planned.label(lang).to_owned()),
            plan(&|p| p.initial, Stage::Initial.label(lang).to_owned()),
            plan(&|p| p.paid, Stage::Paid.label(lang).to_owned()),
        ],
        &fmt,
    );

    let totals_rows = years
        .iter()
        .rev()
        .map(|y| TotalRow {
            year: y.year(),
            cells: Stage::CHAIN
                .iter()
                .map(|s| opt_full(totals.get(&(*y, *s)).copied(), lang))
                .collect(),
        })
        .collect();

    let formula = |key: &str| {
        FORMULAS
            .iter()
            .find(|(k, _)| *k == key)
            .map_or("", |(_, f)| f.text(lang))
    };
    let p = &ind.pefa;
    type PefaYear = (FiscalYear, Option<Decimal>, Option<Score>, Option<Stage>);
    let row = |id, name: &str, score, years: Vec<PefaYear>, key| PefaRow {
        id,
        name: tr(name),
        score: letter(score),
        years: years
            .into_iter()
            .map(|(y, value, band, basis)| {
                (
                    y.year(),
                    percent(value, lang),
                    band.map_or("—", |b| letter(Some(b))).to_owned(),
                    basis.map(|_| tr("budget-pefa-paid-basis")),
                )
            })
            .collect(),
        formula: formula(key),
    };
    let pi2_years = |pi2: &Pi2| {
        pi2.years
            .iter()
            .map(|y| (y.year, y.variance, y.band, None))
            .collect()
    };
    let pefa = vec![
        row(
            "pi1",
            "budget-pi1",
            p.pi1.score,
            p.pi1
                .years
                .iter()
                .map(|y| {
                    let basis = y.actual_stage.filter(|s| *s != p.pi1.actual_stage);
                    (y.year, y.outturn, y.band, basis)
                })
                .collect(),
            "pi1",
        ),
        row(
            "pi2-1",
            "budget-pi2-1",
            p.pi2_1.score,
            pi2_years(&p.pi2_1),
            "pi2",
        ),
        row(
            "pi2-2",
            "budget-pi2-2",
            p.pi2_2.score,
            pi2_years(&p.pi2_2),
            "pi2",
        ),
    ];

    let usd = ind
        .constant_usd
        .iter()
        .rev()
        .map(|s| {
            let dec = |d: Option<Decimal>, digits| {
                d.map_or_else(|| "—".to_owned(), |d| format_decimal(d, digits, lang))
            };
            (
                s.year.year(),
                opt_full(s.budget_local, lang),
                dec(s.factors.as_ref().map(|f| f.local_per_usd), 2),
                dec(s.budget_constant_usd, 1),
                dec(s.sipri_constant_usd, 1),
                percent(s.ratio, lang),
            )
        })
        .collect();

    let lines = lines
        .iter()
        .map(|v| LineRow {
            section: v.line.section.clone(),
            program: v.line.program.clone(),
            action: v.line.action.clone(),
            nature: v
                .line
                .nature
                .map(|n| n.label(lang).to_owned())
                .unwrap_or_default(),
            stage: v.line.stage.label(lang).to_owned(),
            amount: full(v.line.amount.amount(), lang),
            level: v.line.classification.clone().unwrap_or_default(),
        })
        .collect();
    let withheld = view
        .withheld()
        .iter()
        .filter(|w| w.year == year)
        .map(|w| w.lines)
        .sum();
    let formulas = FORMULAS
        .iter()
        .map(|(key, f)| {
            (
                layout.t(&format!("budget-formula-{}", key.replace('_', "-"))),
                f.text(lang),
            )
        })
        .collect();

    CountryPage {
        code: view.country().to_string(),
        name,
        currency: view.currency().symbol(lang).to_owned(),
        years: years.iter().rev().map(|y| y.year()).collect(),
        year: year.year(),
        to: ind.to.year(),
        trend_svg,
        composition_svg,
        funnel_svg,
        gap_svg,
        has_plan,
        stage_names: Stage::CHAIN
            .iter()
            .map(|s| s.label(lang).to_owned())
            .collect(),
        totals: totals_rows,
        pefa,
        usd,
        usd_source: vigie_domain::budget::SIPRI_FACTORS_SOURCE.text(lang),
        lines,
        pager: Pager::default(),
        withheld,
        formulas,
        layout,
    }
}

#[derive(Template)]
#[template(path = "budget_compare.html")]
struct ComparePage {
    layout: Layout,
    rows: Vec<CompareRow>,
    usd_svg: String,
}

/// One country on the comparison page, formatted.
struct CompareRow {
    code: String,
    name: String,
    year: i32,
    initial: String,
    paid: String,
    execution: String,
    share: String,
    pi1: &'static str,
    pi2_1: &'static str,
    pi2_2: &'static str,
    usd: String,
}

/// `GET /budget`: the countries side by side, in constant dollars.
pub async fn overview(
    State(state): State<AppState>,
    ReaderLang(lang): ReaderLang,
    identity: Identity,
    uri: Uri,
) -> Result<Html<String>, PageError> {
    let err = page_error(lang);
    let summaries = summaries(&state, &identity).await.map_err(&err)?;
    let dec = |d: Option<Decimal>| d.map_or_else(|| "—".to_owned(), |d| format_decimal(d, 1, lang));
    let rows = summaries
        .iter()
        .map(|(s, _)| CompareRow {
            code: s.country.clone(),
            name: s.name(lang).to_owned(),
            year: s.fiscal_year,
            initial: opt_full(s.initial, lang),
            paid: opt_full(s.paid, lang),
            execution: percent(s.execution_paid_percent, lang),
            share: percent(s.state_share_percent, lang),
            pi1: s.pi1,
            pi2_1: s.pi2_1,
            pi2_2: s.pi2_2,
            usd: dec(s.budget_constant_2022_usd_m),
        })
        .collect();
    let usd_series: Vec<Series> = summaries
        .iter()
        .map(|(s, ind)| Series {
            name: s.name(lang).to_owned(),
            points: ind
                .constant_usd
                .iter()
                .filter_map(|u| Some((u.year.year(), f(u.budget_constant_usd?))))
                .collect(),
        })
        .collect();
    let layout = Layout::new(lang, &identity, &uri, state.config().demo);
    let usd_fmt = move |v: f64| {
        format_decimal(
            Decimal::from_f64_retain(v).unwrap_or_default().round(),
            0,
            lang,
        )
    };
    let usd_svg = vigie_charts::line_chart(
        &Texts::new(
            layout.t("budget-compare-chart-title"),
            layout.t("budget-compare-chart-desc"),
            layout.t("budget-chart-empty"),
        ),
        &usd_series,
        &usd_fmt,
    );
    let page = ComparePage {
        layout,
        rows,
        usd_svg,
    };
    Ok(Html(page.render().map_err(|e| err(e.into()))?))
}

/// `?lang=` of the template download.
#[derive(Debug, Default, Deserialize)]
pub struct TemplateParam {
    #[serde(default)]
    lang: Option<String>,
}

/// `GET /budget/template.csv?lang=fr|en`: the template to fill (French by
/// default, or the reader's language when `lang` is absent).
pub async fn template(
    ReaderLang(reader): ReaderLang,
    Query(params): Query<TemplateParam>,
) -> Response {
    let lang = params
        .lang
        .as_deref()
        .and_then(|l| l.parse().ok())
        .unwrap_or(reader);
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!(
                    "attachment; filename=\"vigie-budget-template-{}.csv\"",
                    lang.code()
                ),
            ),
        ],
        vigie_import::budget::template(lang),
    )
        .into_response()
}

#[derive(Template)]
#[template(path = "budget_import.html")]
struct ImportPage {
    layout: Layout,
    columns: Vec<(&'static str, &'static str, bool, &'static str)>,
    may_import: bool,
    result: Option<String>,
    /// What the import found; a file with warnings landed.
    problems: Problems,
    more_key: &'static str,
}

/// The largest budget file accepted from the web (a million lines is about
/// 100 MB; larger files go through `vigie import budget`).
pub const MAX_IMPORT: usize = 200 * 1024 * 1024;

fn import_page(lang: Lang, layout: Layout, may_import: bool) -> ImportPage {
    ImportPage {
        layout,
        columns: vigie_import::budget::COLUMNS
            .iter()
            .map(|c| (c.en, c.fr, c.required, lang.pick(c.doc_fr, c.doc_en)))
            .collect(),
        may_import,
        result: None,
        problems: Problems::default(),
        more_key: "budget-import-more",
    }
}

/// `GET /budget/import`: the template, documented, and the upload form.
pub async fn import_form(
    State(state): State<AppState>,
    ReaderLang(lang): ReaderLang,
    identity: Identity,
    uri: Uri,
) -> Result<Html<String>, PageError> {
    let err = page_error(lang);
    let caller = Caller::of(&state, &identity).await.map_err(&err)?;
    let layout = Layout::new(lang, &identity, &uri, state.config().demo);
    let page = import_page(lang, layout, may_import(&caller));
    Ok(Html(page.render().map_err(|e| err(e.into()))?))
}

/// `POST /budget/import`: the file (multipart field `file`, `dry_run` to
/// check only). All or nothing; the page lists every error.
pub async fn import_submit(
    State(state): State<AppState>,
    ReaderLang(lang): ReaderLang,
    identity: Identity,
    uri: Uri,
    multipart: Multipart,
) -> Result<Response, PageError> {
    let err = page_error(lang);
    let caller = Caller::of(&state, &identity).await.map_err(&err)?;
    let upload = Upload::read(&caller, multipart, "budget.csv")
        .await
        .map_err(&err)?;
    let answer = run(&state, &caller, upload, "/budget/import", import)
        .await
        .map_err(&err)?;
    let layout = Layout::new(lang, &identity, &uri, state.config().demo);
    file_import::answer(layout, answer, outcome_page(lang)).map_err(&err)
}

/// The import itself, on its own task.
async fn import(mut job: Job) -> Finished {
    // The file's bytes go to the reader; the rest stays for the summary.
    let bytes = std::mem::take(&mut job.upload.bytes);
    let (name, mode) = (&job.upload.name, job.upload.mode);
    let outcome = job
        .state
        .store()
        .budget()
        .import_by(
            job.writer(),
            &job.actor,
            name,
            std::io::Cursor::new(bytes),
            mode,
            &mut counter(&job.read),
        )
        .await;
    finished(
        outcome,
        |report| {
            let key = match mode {
                ImportMode::DryRun => "budget-import-dry",
                ImportMode::Apply => "budget-import-done",
            };
            (
                key,
                vec![
                    ("file", name.clone()),
                    ("lines", report.lines.to_string()),
                    ("inserted", report.inserted.to_string()),
                    ("updated", report.updated.to_string()),
                    ("unchanged", report.unchanged.to_string()),
                ],
            )
        },
        |report| (&report.warnings, report.warnings_total),
    )
}

/// `GET /budget/import/{id}`: the caller's import, running (how far,
/// refreshing itself) or finished (its result, as the form shows it).
pub async fn import_follow(
    State(state): State<AppState>,
    ReaderLang(lang): ReaderLang,
    identity: Identity,
    uri: Uri,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let err = page_error(lang);
    let caller = Caller::of(&state, &identity).await.map_err(&err)?;
    let layout = Layout::new(lang, &identity, &uri, state.config().demo);
    file_import::follow(&state, &caller, &id, layout, outcome_page(lang)).map_err(&err)
}

/// The import page with an import's outcome (only importers see one).
fn outcome_page(lang: Lang) -> impl FnOnce(Layout, Option<String>, Problems) -> ImportPage {
    move |layout, result, problems| ImportPage {
        result,
        problems,
        ..import_page(lang, layout, true)
    }
}
