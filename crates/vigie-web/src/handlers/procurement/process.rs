//! `GET /procurement/processes/{ocid}`: one contracting process as a
//! register entry, from planning to payment. Each classified field the
//! reader may not see is shown as "withheld (level CD)", never left out
//! silently: the reader knows what is missing and at what level.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::Uri;
use axum::response::Html;
use serde_json::Value;
use vigie_store::procurement::dashboard::{is_derogatory, party_name};

use super::method_name;
use crate::error::{PageError, page_error};
use crate::handlers::caller::Caller;
use crate::layout::Layout;
use crate::middleware::lang::ReaderLang;
use crate::procurement::figures::{FlagText, flag_texts, overview};
use crate::procurement::release::{Field, Reading};
use crate::{AppState, Identity};

/// A party linked to its page.
struct PartyLink {
    id: String,
    name: String,
}

struct BidRow {
    tenderers: Vec<PartyLink>,
    value: Field,
    status: Field,
    date: Field,
}

struct AwardRow {
    id: Field,
    date: Field,
    status: Field,
    value: Field,
    suppliers: Vec<PartyLink>,
}

struct AmendmentRow {
    date: Field,
    rationale: Field,
    previous: Field,
    new: Field,
}

struct MilestoneRow {
    title: Field,
    kind: Field,
    status: Field,
    due: Field,
    met: Field,
}

struct PaymentRow {
    date: Field,
    value: Field,
}

struct ContractBlock {
    id: Field,
    award: Field,
    value: Field,
    signed: Field,
    start: Field,
    end: Field,
    amendments: Vec<AmendmentRow>,
    milestones: Vec<MilestoneRow>,
    payments: Vec<PaymentRow>,
}

/// The derogatory-regime block.
struct Exemption {
    legal_basis: Field,
    justification: Field,
    authority: Field,
    opinion_body: Field,
    opinion_date: Field,
    opinion_reference: Field,
}

/// `planning`: why the purchase, and the budget it is paid from.
struct Planning {
    rationale: Field,
    budget: Field,
    budget_description: Field,
    project: Field,
}

#[derive(Template)]
#[template(path = "procurement_process.html")]
struct ProcessPage {
    layout: Layout,
    ocid: String,
    country: String,
    title: Field,
    buyer: PartyLink,
    date: Field,
    method: String,
    method_details: Field,
    tender_value: Field,
    tender_start: Field,
    tender_end: Field,
    derogatory: bool,
    planning: Option<Planning>,
    exemption: Option<Exemption>,
    withheld: Vec<(String, String)>,
    bids: Vec<BidRow>,
    awards: Vec<AwardRow>,
    contracts: Vec<ContractBlock>,
    suppliers: Vec<PartyLink>,
    flags: Vec<FlagText>,
    buyer_flags: Vec<FlagText>,
}

/// The parties named in an OCDS array of organization references.
fn links(r: &Reading<'_>, pointer: &str) -> Vec<PartyLink> {
    r.release
        .pointer(pointer)
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|o| {
            let id = o.get("id").and_then(Value::as_str)?;
            let name = party_name(r.release, id)
                .or_else(|| o.get("name").and_then(Value::as_str))
                .unwrap_or(id);
            Some(PartyLink {
                id: id.to_owned(),
                name: name.to_owned(),
            })
        })
        .collect()
}

fn contract(r: &Reading<'_>, i: usize) -> ContractBlock {
    let c = format!("/contracts/{i}");
    let implementation = format!("{c}/implementation");
    ContractBlock {
        id: r.text(&format!("{c}/id")),
        award: r.text(&format!("{c}/awardID")),
        value: r.money(&format!("{c}/value")),
        signed: r.date(&format!("{c}/dateSigned")),
        start: r.date(&format!("{c}/period/startDate")),
        end: r.date(&format!("{c}/period/endDate")),
        amendments: (0..r.len(&format!("{c}/amendments")))
            .map(|j| {
                let a = format!("{c}/amendments/{j}");
                AmendmentRow {
                    date: r.date(&format!("{a}/date")),
                    rationale: r.text(&format!("{a}/rationale")),
                    previous: r.money(&format!("{a}/previousValue")),
                    new: r.money(&format!("{a}/newValue")),
                }
            })
            .collect(),
        milestones: (0..r.len(&format!("{implementation}/milestones")))
            .map(|j| {
                let m = format!("{implementation}/milestones/{j}");
                MilestoneRow {
                    title: r.text(&format!("{m}/title")),
                    kind: r.text(&format!("{m}/type")),
                    status: r.text(&format!("{m}/status")),
                    due: r.date(&format!("{m}/dueDate")),
                    met: r.date(&format!("{m}/dateMet")),
                }
            })
            .collect(),
        payments: (0..r.len(&format!("{implementation}/transactions")))
            .map(|j| {
                let t = format!("{implementation}/transactions/{j}");
                PaymentRow {
                    date: r.date(&format!("{t}/date")),
                    value: r.money(&format!("{t}/value")),
                }
            })
            .collect(),
    }
}

/// `GET /procurement/processes/{ocid}`; 404 for an unknown process.
pub async fn show(
    State(state): State<AppState>,
    ReaderLang(lang): ReaderLang,
    identity: Identity,
    uri: Uri,
    Path(ocid): Path<String>,
) -> Result<Html<String>, PageError> {
    let err = page_error(lang);
    let caller = Caller::of(&state, &identity).await.map_err(&err)?;
    let p = state
        .store()
        .procurement()
        .process(state.authorizer(), &caller.actor, &caller.principal, &ocid)
        .await
        .map_err(|e| err(e.into()))?;
    let overview = overview(&state, &caller).await.map_err(&err)?;
    let r = Reading {
        release: p.release(),
        withheld: p.withheld(),
        lang,
    };
    let derogatory = is_derogatory(p.release());
    let exemption = (derogatory || r.has_withheld_under("/tender/exemption")).then(|| Exemption {
        legal_basis: r.text("/tender/exemption/legalBasis"),
        justification: r.text("/tender/exemption/justification"),
        authority: r.text("/tender/exemption/approvingAuthority/name"),
        opinion_body: r.text("/tender/exemption/opinion/body"),
        opinion_date: r.date("/tender/exemption/opinion/date"),
        opinion_reference: r.text("/tender/exemption/opinion/reference"),
    });
    let planning =
        (r.release.get("planning").is_some() || r.has_withheld_under("/planning")).then(|| {
            Planning {
                rationale: r.text("/planning/rationale"),
                budget: r.money("/planning/budget/amount"),
                budget_description: r.text("/planning/budget/description"),
                project: r.text("/planning/budget/project"),
            }
        });
    let bids = (0..r.len("/bids/details"))
        .map(|i| {
            let b = format!("/bids/details/{i}");
            BidRow {
                tenderers: links(&r, &format!("{b}/tenderers")),
                value: r.money(&format!("{b}/value")),
                status: r.text(&format!("{b}/status")),
                date: r.date(&format!("{b}/date")),
            }
        })
        .collect();
    let awards: Vec<AwardRow> = (0..r.len("/awards"))
        .map(|i| {
            let a = format!("/awards/{i}");
            AwardRow {
                id: r.text(&format!("{a}/id")),
                date: r.date(&format!("{a}/date")),
                status: r.text(&format!("{a}/status")),
                value: r.money(&format!("{a}/value")),
                suppliers: links(&r, &format!("{a}/suppliers")),
            }
        })
        .collect();
    let mut suppliers: Vec<PartyLink> = Vec::new();
    for a in &awards {
        for s in &a.suppliers {
            if !suppliers.iter().any(|x| x.id == s.id) {
                suppliers.push(PartyLink {
                    id: s.id.clone(),
                    name: s.name.clone(),
                });
            }
        }
    }
    let buyer_id = r.raw("/buyer/id").to_owned();
    let title = ["/tender/title", "/awards/0/title", "/contracts/0/title"]
        .iter()
        .map(|ptr| r.text(ptr))
        .find(|t| t.withheld || t.text != "—")
        .unwrap_or_else(|| r.text("/tender/title"));
    let page = ProcessPage {
        ocid: p.ocid().to_owned(),
        country: p.country().to_string(),
        title,
        buyer: PartyLink {
            name: r.raw("/buyer/name").to_owned(),
            id: buyer_id.clone(),
        },
        date: r.date("/date"),
        method: method_name(r.raw("/tender/procurementMethod"), lang),
        method_details: r.text("/tender/procurementMethodDetails"),
        tender_value: r.money("/tender/value"),
        tender_start: r.date("/tender/tenderPeriod/startDate"),
        tender_end: r.date("/tender/tenderPeriod/endDate"),
        derogatory,
        planning,
        exemption,
        withheld: p
            .withheld()
            .iter()
            .map(|w| (w.path.clone(), w.level.clone()))
            .collect(),
        bids,
        awards,
        contracts: (0..r.len("/contracts")).map(|i| contract(&r, i)).collect(),
        suppliers,
        flags: overview
            .process_flags(p.ocid())
            .map(|l| flag_texts(l, lang))
            .unwrap_or_default(),
        buyer_flags: overview
            .buyer_flags(&buyer_id)
            .map(|l| flag_texts(l, lang))
            .unwrap_or_default(),
        layout: Layout::new(lang, &identity, &uri, state.config().demo),
    };
    Ok(Html(page.render().map_err(|e| err(e.into()))?))
}
