//! `GET /procurement/suppliers/{supplier}`: a company as the register knows
//! it: identifiers, beneficial owners, founding date, the processes it won
//! (those the reader may see), its totals by currency and the flags on it.

use std::cmp::Reverse;
use std::collections::BTreeMap;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::Uri;
use axum::response::Html;
use rust_decimal::Decimal;
use serde_json::Value;
use vigie_store::procurement::award_supplier_ids;
use vigie_store::procurement::dashboard::{is_derogatory, ocds_amount};

use super::yes_no;
use crate::error::{PageError, page_error};
use crate::handlers::caller::Caller;
use crate::layout::Layout;
use crate::middleware::lang::ReaderLang;
use crate::pagination::{self, PageParams, Pager};
use crate::procurement::figures::{FlagText, flag_texts, overview, process_row};
use crate::procurement::release::{Field, Reading, format_amount};
use crate::{AppState, Identity, WebError};

struct WonRow {
    ocid: String,
    date: String,
    buyer: String,
    title: String,
    derogatory: String,
    value: String,
}

struct TotalRow {
    currency: String,
    processes: u64,
    value: String,
    derogatory_value: String,
}

#[derive(Template)]
#[template(path = "procurement_supplier.html")]
struct SupplierPage {
    layout: Layout,
    id: String,
    name: String,
    identifier: Field,
    scheme: Field,
    legal_name: Field,
    locality: Field,
    country_name: Field,
    founded: Field,
    owners: Vec<Field>,
    owners_withheld: Option<Field>,
    won: Vec<WonRow>,
    pager: Pager,
    totals: Vec<TotalRow>,
    flags: Vec<FlagText>,
}

/// `GET /procurement/suppliers/{supplier}`; 404 when no process the reader
/// may see names it.
pub async fn show(
    State(state): State<AppState>,
    ReaderLang(lang): ReaderLang,
    identity: Identity,
    uri: Uri,
    Path(id): Path<String>,
    Query(paging): Query<PageParams>,
) -> Result<Html<String>, PageError> {
    let err = page_error(lang);
    let caller = Caller::of(&state, &identity).await.map_err(&err)?;
    let won = state
        .store()
        .procurement()
        .supplier(state.authorizer(), &caller.actor, &caller.principal, &id)
        .await
        .map_err(|e| err(e.into()))?;
    // A tenderer that never won is still a party of the register (and may
    // carry flags): look for it in every process the reader may see. A
    // publication without `parties` (OCDS 1.0, many real files) names its
    // suppliers only in the awards: the reference is what is known then.
    let overview = overview(&state, &caller).await.map_err(&err)?;
    let described = match overview.party_process(&id) {
        Some(ocid) => Some(
            state
                .store()
                .procurement()
                .process(state.authorizer(), &caller.actor, &caller.principal, ocid)
                .await
                .map_err(|e| err(e.into()))?,
        ),
        None => None,
    };
    let is_it = |x: &Value| x.get("id").and_then(Value::as_str) == Some(id.as_str());
    let party = described.as_ref().and_then(|p| {
        let parties = p.release().get("parties").and_then(Value::as_array)?;
        let i = parties.iter().position(is_it)?;
        Some((p, format!("/parties/{i}")))
    });
    let reference = || {
        won.processes().iter().find_map(|p| {
            let awards = p.release().get("awards").and_then(Value::as_array)?;
            awards.iter().enumerate().find_map(|(a, award)| {
                let suppliers = award.get("suppliers").and_then(Value::as_array)?;
                let s = suppliers.iter().position(is_it)?;
                Some((p, format!("/awards/{a}/suppliers/{s}")))
            })
        })
    };
    let Some((p, party)) = party.or_else(reference) else {
        return Err(err(WebError::NotFound));
    };
    let r = Reading {
        release: p.release(),
        withheld: p.withheld(),
        lang,
    };
    let at = |s: &str| format!("{party}{s}");
    let owners_path = at("/beneficialOwners");
    let owners_withheld = r.withheld_level(&owners_path).map(|_| r.text(&owners_path));
    let owners = (0..r.len(&owners_path))
        .map(|j| r.text(&format!("{owners_path}/{j}/name")))
        .collect();

    let mut totals: BTreeMap<String, (u64, Decimal, Decimal)> = BTreeMap::new();
    let mut rows = Vec::new();
    for p in won.processes() {
        let release = p.release();
        let derogatory = is_derogatory(release);
        let mut mine: BTreeMap<String, Decimal> = BTreeMap::new();
        for award in release
            .get("awards")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let named: Vec<&str> = award_supplier_ids(award).collect();
            let Some(value) = award.get("value") else {
                continue;
            };
            if let (true, Some(a)) = (named.contains(&id.as_str()), ocds_amount(value)) {
                let currency = value
                    .get("currency")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_owned();
                // A consortium shares the award equally, as in the dashboard.
                *mine.entry(currency).or_default() += a / Decimal::from(named.len());
            }
        }
        for (currency, a) in &mine {
            let t = totals.entry(currency.clone()).or_default();
            t.0 += 1;
            t.1 += a;
            if derogatory {
                t.2 += a;
            }
        }
        let row = process_row(p, overview.process_flags(p.ocid()));
        rows.push(WonRow {
            date: row.date,
            buyer: row.buyer_name,
            title: row.title,
            derogatory: yes_no(derogatory, lang),
            value: mine
                .iter()
                .map(|(c, a)| format_amount(*a, c, lang))
                .collect::<Vec<_>>()
                .join(" ; "),
            ocid: row.ocid,
        });
    }
    // The totals are of every process won; the list, a page.
    let rows = pagination::page(
        rows,
        |r| (Reverse(r.date.clone()), r.ocid.clone()),
        &paging,
        &uri,
    )
    .map_err(&err)?;
    let page = SupplierPage {
        pager: Pager::new(&uri, &paging, rows.next.clone()),
        name: Some(r.raw(&at("/name")))
            .filter(|n| !n.is_empty())
            .unwrap_or(&id)
            .to_owned(),
        identifier: r.text(&at("/identifier/id")),
        scheme: r.text(&at("/identifier/scheme")),
        legal_name: r.text(&at("/identifier/legalName")),
        locality: r.text(&at("/address/locality")),
        country_name: r.text(&at("/address/countryName")),
        founded: r.date(&at("/details/foundingDate")),
        owners,
        owners_withheld,
        won: rows.rows,
        totals: totals
            .into_iter()
            .map(|(currency, (processes, value, derogatory))| TotalRow {
                processes,
                value: format_amount(value, &currency, lang),
                derogatory_value: format_amount(derogatory, &currency, lang),
                currency,
            })
            .collect(),
        flags: overview
            .supplier_flags(&id)
            .map(|l| flag_texts(l, lang))
            .unwrap_or_default(),
        id,
        layout: Layout::new(lang, &identity, &uri, state.config().demo),
    };
    Ok(Html(page.render().map_err(|e| err(e.into()))?))
}
