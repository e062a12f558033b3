//! `GET /procurement[?country=ISO3]`: the five countries side by side, and
//! for one country the derogatory share by year, the leading suppliers, the
//! flags by indicator and the list of processes.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::Uri;
use axum::response::Html;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use vigie_charts::{Series, Texts};
use vigie_domain::Lang;
use vigie_domain::money::format_decimal;

use super::{method_name, yes_no};
use crate::error::{PageError, page_error};
use crate::handlers::api::procurement::ProcurementParams;
use crate::handlers::caller::Caller;
use crate::layout::Layout;
use crate::middleware::lang::ReaderLang;
use crate::procurement::figures::{
    countries, country_param, flags_of, names, overview, percent_of, process_row, supplier_years,
};
use crate::procurement::release::{currency_symbol, format_amount, percent};
use crate::{AppState, Identity};

/// How many suppliers the chart and the table show.
const TOP: usize = 10;
/// How many of them the chart draws (more would not read on a phone).
const CHARTED: usize = 5;

struct CountryCell {
    code: String,
    name: String,
    processes: u64,
    derogatory: u64,
    share: String,
    selected: bool,
}

struct YearRow {
    year: i32,
    processes: u64,
    derogatory: u64,
    value: String,
    derogatory_value: String,
    share: String,
}

struct SupplierRow {
    id: String,
    name: String,
    processes: u64,
    value: String,
    derogatory_value: String,
}

struct FlagCount {
    code: String,
    name: String,
    explanation: String,
    processes: usize,
    buyers: usize,
    suppliers: usize,
}

struct ProcessLine {
    ocid: String,
    date: String,
    buyer: String,
    title: String,
    method: String,
    derogatory: String,
    is_derogatory: bool,
    value: String,
    flags: usize,
    withheld: bool,
}

struct Selected {
    code: String,
    name: String,
    partial: bool,
    trend_svg: String,
    suppliers_svg: String,
    years: Vec<YearRow>,
    suppliers: Vec<SupplierRow>,
    flags: Vec<FlagCount>,
    processes: Vec<ProcessLine>,
    /// Processes not listed on the page (all are in the downloads).
    more_processes: usize,
}

#[derive(Template)]
#[template(path = "procurement.html")]
struct DashboardPage {
    layout: Layout,
    countries: Vec<CountryCell>,
    region_svg: String,
    selected: Option<Selected>,
}

fn share_axis(lang: Lang) -> impl Fn(f64) -> String {
    move |v: f64| percent(Decimal::from_f64_retain(v), lang)
}

/// `GET /procurement`.
pub async fn show(
    State(state): State<AppState>,
    ReaderLang(lang): ReaderLang,
    identity: Identity,
    uri: Uri,
    Query(params): Query<ProcurementParams>,
) -> Result<Html<String>, PageError> {
    let err = page_error(lang);
    let known = state
        .store()
        .list_countries()
        .await
        .map_err(|e| err(e.into()))?;
    let country = country_param(params.country.as_deref(), &known).map_err(&err)?;
    let caller = Caller::of(&state, &identity).await.map_err(&err)?;
    let overview = overview(&state, &caller).await.map_err(&err)?;
    let all = countries(&overview, &known);
    let layout = Layout::new(lang, &identity, &uri, state.config().demo);
    let texts = |title: &str, desc: &str| {
        Texts::new(
            layout.t(title),
            layout.t(desc),
            layout.t("procurement-chart-empty"),
        )
    };

    let region: Vec<Series> = all
        .iter()
        .zip(&known)
        .map(|(f, c)| Series {
            name: lang.pick(&f.name_fr, &f.name_en).to_owned(),
            points: overview
                .country(c.code)
                .dashboard
                .years
                .iter()
                .filter_map(|y| Some((y.year, percent_of(y.derogatory_value, y.value)?.to_f64()?)))
                .collect(),
        })
        .collect();
    let region_svg = vigie_charts::line_chart(
        &texts(
            "procurement-region-chart-title",
            "procurement-region-chart-desc",
        ),
        &region,
        &share_axis(lang),
    );
    let cells = all
        .iter()
        .map(|f| CountryCell {
            code: f.country.clone(),
            name: lang.pick(&f.name_fr, &f.name_en).to_owned(),
            processes: f.processes,
            derogatory: f.derogatory,
            share: percent(f.derogatory_value_percent, lang),
            selected: country.is_some_and(|c| c.as_str() == f.country),
        })
        .collect();

    let mut selected = None;
    if let Some(code) = country {
        let figures = all
            .iter()
            .find(|f| f.country == code.as_str())
            .ok_or_else(|| err(crate::WebError::NotFound))?;
        let mine = overview.country(code);
        let d = &mine.dashboard;
        let f = flags_of(&overview, Some(code));
        let currency = d.currency.clone().unwrap_or_default();
        let money = |a: Decimal| format_amount(a, &currency, lang);
        let trend_svg = vigie_charts::line_chart(
            &texts("procurement-trend-title", "procurement-trend-desc"),
            &[
                Series::new(
                    layout.t("procurement-share-value"),
                    d.years
                        .iter()
                        .filter_map(|y| {
                            Some((y.year, percent_of(y.derogatory_value, y.value)?.to_f64()?))
                        })
                        .collect(),
                ),
                Series::new(
                    layout.t("procurement-share-count"),
                    d.years
                        .iter()
                        .filter_map(|y| {
                            let n = percent_of(
                                Decimal::from(y.derogatory),
                                Decimal::from(y.processes),
                            )?;
                            Some((y.year, n.to_f64()?))
                        })
                        .collect(),
                ),
            ],
            &share_axis(lang),
        );
        let leaders: Vec<Series> = d
            .suppliers
            .iter()
            .filter(|s| !s.derogatory_value.is_zero())
            .take(CHARTED)
            .map(|s| Series::new(s.name.clone(), supplier_years(mine, &s.id)))
            .collect();
        let symbol = currency_symbol(&currency, lang);
        let axis = move |v: f64| {
            let m = Decimal::from_f64_retain(v / 1e6)
                .unwrap_or_default()
                .round_dp(0);
            format!("{} M\u{a0}{symbol}", format_decimal(m, 0, lang))
        };
        let suppliers_svg = vigie_charts::stacked_bars(
            &texts(
                "procurement-suppliers-chart-title",
                "procurement-suppliers-chart-desc",
            ),
            &leaders,
            &axis,
        );
        let more_processes = (mine.processes as usize).saturating_sub(mine.recent.len());
        let processes = mine
            .recent
            .iter()
            .map(|p| {
                let r = process_row(p, f.processes.get(p.ocid()));
                ProcessLine {
                    date: r.date,
                    buyer: r.buyer_name,
                    title: r.title,
                    method: method_name(&r.method, lang),
                    derogatory: yes_no(r.derogatory, lang),
                    is_derogatory: r.derogatory,
                    value: r
                        .value
                        .map_or_else(|| "—".to_owned(), |v| format_amount(v, &r.currency, lang)),
                    flags: f.processes.get(&r.ocid).map_or(0, Vec::len),
                    withheld: r.withheld_fields > 0,
                    ocid: r.ocid,
                }
            })
            .collect();
        selected = Some(Selected {
            code: code.to_string(),
            name: lang.pick(&figures.name_fr, &figures.name_en).to_owned(),
            partial: figures.partial,
            trend_svg,
            suppliers_svg,
            years: d
                .years
                .iter()
                .rev()
                .map(|y| YearRow {
                    year: y.year,
                    processes: y.processes,
                    derogatory: y.derogatory,
                    value: money(y.value),
                    derogatory_value: money(y.derogatory_value),
                    share: percent(percent_of(y.derogatory_value, y.value), lang),
                })
                .collect(),
            suppliers: d
                .suppliers
                .iter()
                .take(TOP)
                .map(|s| SupplierRow {
                    id: s.id.clone(),
                    name: s.name.clone(),
                    processes: s.processes,
                    value: money(s.value),
                    derogatory_value: money(s.derogatory_value),
                })
                .collect(),
            flags: mine
                .flag_counts
                .iter()
                .map(|(code, &[processes, buyers, suppliers])| {
                    let (name, explanation) = names(code, lang);
                    FlagCount {
                        code: (*code).to_owned(),
                        name,
                        explanation,
                        processes,
                        buyers,
                        suppliers,
                    }
                })
                .collect(),
            processes,
            more_processes,
        });
    }
    let page = DashboardPage {
        layout,
        countries: cells,
        region_svg,
        selected,
    };
    Ok(Html(page.render().map_err(|e| err(e.into()))?))
}
