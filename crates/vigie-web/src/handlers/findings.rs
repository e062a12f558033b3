//! `GET /findings`: findings of audits, inspections and parliamentary
//! inquiries, their referrals and outcomes, with public statistics per
//! country and year.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::Uri;
use axum::response::Html;
use rust_decimal::Decimal;
use vigie_domain::Lang;
use vigie_domain::money::format_decimal;
use vigie_store::findings::{FindingRow, ReferralRow};

use crate::error::{PageError, page_error};
use crate::handlers::api::recommendations::findings_page;
use crate::layout::Layout;
use crate::middleware::lang::ReaderLang;
use crate::pagination::{PageParams, Pager};
use crate::recommendations::label;
use crate::{AppState, Identity};

struct StatLine {
    country: String,
    year: i32,
    findings: u32,
    amount: String,
    referrals: u32,
    pending: u32,
    dismissed: u32,
    convicted: u32,
    acquitted: u32,
    recovered: String,
}

struct FindingLine {
    f: FindingRow,
    title: String,
    source: String,
    amount: String,
    referrals: Vec<(ReferralRow, String, String)>,
}

#[derive(Template)]
#[template(path = "findings.html")]
struct FindingsPage {
    layout: Layout,
    pager: Pager,
    stats: Vec<StatLine>,
    findings: Vec<FindingLine>,
}

/// An amount in minor units of `currency`, as the reader writes it.
fn amount(minor: Option<i64>, currency: Option<&str>, lang: Lang) -> String {
    let (Some(minor), Some(currency)) = (minor, currency.filter(|c| !c.is_empty())) else {
        return "—".to_owned();
    };
    let digits = if currency == "MRU" { 2 } else { 0 };
    let value = Decimal::new(minor, digits);
    format!("{}\u{a0}{currency}", format_decimal(value, digits, lang))
}

/// `GET /findings`.
pub async fn show(
    State(state): State<AppState>,
    ReaderLang(lang): ReaderLang,
    identity: Identity,
    uri: Uri,
    Query(paging): Query<PageParams>,
) -> Result<Html<String>, PageError> {
    let err = page_error(lang);
    let store = state.store();
    let stats = store
        .findings()
        .statistics()
        .await
        .map_err(|e| err(e.into()))?;
    // The statistics are of every finding; the list, a page.
    let (findings, referrals, next) = findings_page(&state, None, &paging, &uri)
        .await
        .map_err(&err)?;
    let page = FindingsPage {
        layout: Layout::new(lang, &identity, &uri, state.config().demo),
        pager: Pager::new(&uri, &paging, next),
        stats: stats
            .iter()
            .map(|s| StatLine {
                country: s.country.clone(),
                year: s.year,
                findings: s.findings,
                amount: amount(Some(s.amount_at_stake_minor), Some(&s.currency), lang),
                referrals: s.referrals,
                pending: s.pending,
                dismissed: s.dismissed,
                convicted: s.convicted,
                acquitted: s.acquitted,
                recovered: amount(
                    Some(s.recovered_minor).filter(|m| *m > 0),
                    Some(&s.currency),
                    lang,
                ),
            })
            .collect(),
        findings: findings
            .into_iter()
            .map(|f| FindingLine {
                title: lang.pick(&f.title_fr, &f.title_en).to_owned(),
                source: label(&f.source, lang),
                amount: amount(f.amount_minor, f.currency.as_deref(), lang),
                referrals: referrals
                    .iter()
                    .filter(|r| r.finding == f.code)
                    .map(|r| {
                        let recovered =
                            amount(r.recovered_minor, r.recovered_currency.as_deref(), lang);
                        (r.clone(), label(&r.outcome, lang), recovered)
                    })
                    .collect(),
                f,
            })
            .collect(),
    };
    Ok(Html(page.render().map_err(|e| err(e.into()))?))
}
