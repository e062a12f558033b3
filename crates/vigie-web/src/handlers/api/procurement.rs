//! `/api/v1/procurement`: the contracting processes the caller may see, one
//! process (its redacted compiled release, what was withheld, its flags),
//! the derogatory-regime dashboard and the red flags, as JSON, CSV or XLSX.

use std::cmp::Reverse;

use axum::extract::{OriginalUri, Path, Query, State};
use axum::response::Response;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use vigie_store::procurement::dashboard::{Dashboard, SupplierTotal, YearShare};
use vigie_store::procurement::{ListKey, WithheldField};

use super::budget::{file, file_with};
use crate::budget::export::json_bytes;
use crate::budget::open_data::xlsx;
use crate::budget::{Format, Table};
use crate::handlers::caller::Caller;
use crate::pagination::{self, PageParams};
use crate::procurement::figures::{
    CountryFigures, ProcessRow, countries, country_param, flags_of, overview, percent_of,
    process_row,
};
use crate::procurement::stream::processes_csv;
use crate::procurement::tables::{self, FlagKey, FlagRow, flag_page, flag_rows};
use crate::{AppState, Identity, WebError};

/// `?country=ISO3` (any case) and `?format=csv|xlsx|json`.
#[derive(Debug, Default, Deserialize)]
pub struct ProcurementParams {
    #[serde(default)]
    pub country: Option<String>,
    #[serde(default)]
    pub format: Option<String>,
}

impl ProcurementParams {
    /// The format asked for; a 400 names the accepted ones.
    pub fn format(&self) -> Result<Format, WebError> {
        Format::param(self.format.as_deref())
    }
}

/// The bytes of tables: CSV (one table, or several as one long table),
/// XLSX (a sheet each), or `json` as given.
fn tables_file(
    format: Format,
    name: &str,
    tables: &[Table],
    json: impl FnOnce() -> Result<Vec<u8>, WebError>,
) -> Result<Response, WebError> {
    let bytes = match format {
        Format::Json => json()?,
        Format::Csv if tables.len() == 1 => tables[0].to_csv()?,
        Format::Csv => tables::long(name, tables).to_csv()?,
        Format::Xlsx => xlsx(tables)?,
    };
    Ok(file(format, name, bytes))
}

/// The most processes an XLSX download holds (a workbook is built whole in
/// memory); the CSV, streamed, holds them all.
pub const XLSX_MAX_PROCESSES: u64 = 100_000;

/// The processes list of the API.
#[derive(Serialize)]
struct ProcessList<'a> {
    country: Option<String>,
    /// Whether a field of some process is withheld from the caller.
    partial: bool,
    processes: &'a [ProcessRow],
    /// The next page (decision 0023), or `null` on the last.
    next: Option<&'a str>,
}

/// `GET /api/v1/procurement/processes?country=ISO3`: one row per process,
/// the most recent first. JSON comes in pages (`limit`, `after`, `next`);
/// CSV and XLSX are the whole list.
pub async fn processes(
    State(state): State<AppState>,
    identity: Identity,
    OriginalUri(uri): OriginalUri,
    Query(params): Query<ProcurementParams>,
    Query(paging): Query<PageParams>,
) -> Result<Response, WebError> {
    let format = params.format()?;
    let known = state.store().list_countries().await?;
    let country = country_param(params.country.as_deref(), &known)?;
    let caller = Caller::of(&state, &identity).await?;
    let overview = overview(&state, &caller).await?;
    let name = country.map_or_else(
        || "procurement-processes".to_owned(),
        |c| format!("procurement-processes-{c}"),
    );
    let procurement = state.store().procurement();
    let (authorizer, actor, who) = (state.authorizer(), &caller.actor, &caller.principal);
    if format == Format::Json {
        // A page read by seeking its key: the list is never read whole.
        let after: Option<ListKey> = paging.after()?;
        let (processes, next) = procurement
            .page(
                authorizer,
                actor,
                who,
                country,
                after.as_ref(),
                paging.limit()?,
            )
            .await?;
        let rows: Vec<ProcessRow> = processes
            .iter()
            .map(|p| process_row(p, overview.process_flags(p.ocid())))
            .collect();
        let next = next.map(|key| pagination::next_after(&uri, &key));
        let partial = match country {
            Some(c) => overview.country(c).partial,
            None => known.iter().any(|c| overview.country(c.code).partial),
        };
        let bytes = json_bytes(&ProcessList {
            country: country.map(|c| c.to_string()),
            partial,
            processes: &rows,
            next: next.as_deref(),
        })?;
        let response = file(format, &name, bytes);
        return Ok(pagination::with_next(response, next.as_deref()));
    }
    if format == Format::Csv {
        let body = processes_csv(state.clone(), actor.clone(), who.clone(), overview, country);
        return Ok(file_with(format, &name, body));
    }
    // A workbook is built whole in memory: bounded, counted beforehand.
    let count: u64 = match country {
        Some(c) => overview.country(c).processes,
        None => known
            .iter()
            .map(|c| overview.country(c.code).processes)
            .sum(),
    };
    if count > XLSX_MAX_PROCESSES {
        return Err(WebError::BadRequest(format!(
            "{count} processes: an XLSX holds at most {XLSX_MAX_PROCESSES}; ask for format=csv, or one country"
        )));
    }
    let rows: Vec<ProcessRow> = procurement
        .each(authorizer, actor, who, country, |p| {
            process_row(&p, overview.process_flags(p.ocid()))
        })
        .await?;
    Ok(file(format, &name, xlsx(&[tables::processes(&rows)])?))
}

/// One process in the API.
#[derive(Serialize)]
struct ProcessJson<'a> {
    ocid: &'a str,
    country: String,
    /// The compiled release without the fields withheld from the caller.
    release: &'a Value,
    withheld: &'a [WithheldField],
    flags: Vec<FlagRow>,
}

/// `GET /api/v1/procurement/processes/{ocid}`: the redacted compiled release,
/// the withheld fields (path and level) and the flags raised on it. CSV is
/// the release's fields by JSON pointer (`path,value,level`); XLSX adds the
/// flags sheet.
pub async fn process(
    State(state): State<AppState>,
    identity: Identity,
    Path(ocid): Path<String>,
    Query(params): Query<ProcurementParams>,
) -> Result<Response, WebError> {
    let format = params.format()?;
    let caller = Caller::of(&state, &identity).await?;
    let p = state
        .store()
        .procurement()
        .process(state.authorizer(), &caller.actor, &caller.principal, &ocid)
        .await?;
    let overview = overview(&state, &caller).await?;
    let mut only = vigie_store::procurement::flags::Flags::default();
    if let Some(list) = overview.process_flags(p.ocid()) {
        only.processes.insert(p.ocid().to_owned(), list.clone());
    }
    let flags = flag_rows(&only);
    let name = format!("procurement-{}", safe_name(p.ocid()));
    let sheets = [
        tables::fields(p.release(), p.withheld()),
        tables::flags(&flags),
    ];
    let csv_only = if format == Format::Csv {
        &sheets[..1]
    } else {
        &sheets[..]
    };
    tables_file(format, &name, csv_only, || {
        json_bytes(&ProcessJson {
            ocid: p.ocid(),
            country: p.country().to_string(),
            release: p.release(),
            withheld: p.withheld(),
            flags,
        })
    })
}

/// An ocid as a file name: letters, digits, `-`, `_` and `.` only.
fn safe_name(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// The dashboard in the API.
#[derive(Serialize)]
struct DashboardJson<'a> {
    /// Every country side by side.
    countries: Vec<&'a CountryFigures>,
    /// The country asked for, if any, and its figures.
    country: Option<String>,
    currency: Option<&'a str>,
    years: Vec<YearJson<'a>>,
    /// A page of the country's suppliers, by derogatory value.
    suppliers: &'a [SupplierTotal],
    /// The next page of suppliers (decision 0023), or `null` on the last.
    next: Option<&'a str>,
}

#[derive(Serialize)]
struct YearJson<'a> {
    #[serde(flatten)]
    year: &'a YearShare,
    derogatory_value_percent: Option<rust_decimal::Decimal>,
}

/// `GET /api/v1/procurement/dashboard?country=ISO3`: every country's
/// processes, derogatory count and derogatory share of value; with a
/// country, its years and its suppliers by derogatory value, a page of
/// them in JSON (`limit`, `after`, `next`). CSV is one long table (`table`
/// first); XLSX a sheet per table; both with every supplier.
pub async fn dashboard(
    State(state): State<AppState>,
    identity: Identity,
    OriginalUri(uri): OriginalUri,
    Query(params): Query<ProcurementParams>,
    Query(paging): Query<PageParams>,
) -> Result<Response, WebError> {
    let format = params.format()?;
    let known = state.store().list_countries().await?;
    let country = country_param(params.country.as_deref(), &known)?;
    let caller = Caller::of(&state, &identity).await?;
    let overview = overview(&state, &caller).await?;
    let figures = countries(&overview, &known);
    let empty = Dashboard::default();
    let selected: &Dashboard = country.map_or(&empty, |c| &overview.country(c).dashboard);
    let mut sheets = vec![tables::countries(&figures)];
    if let Some(c) = country {
        sheets.extend(tables::dashboard(c.as_str(), selected));
    }
    let name = country.map_or_else(
        || "procurement-dashboard".to_owned(),
        |c| format!("procurement-dashboard-{c}"),
    );
    // The dashboard's own order: derogatory value, then value, then id.
    let key = |s: &SupplierTotal| (Reverse(s.derogatory_value), Reverse(s.value), s.id.clone());
    let suppliers = pagination::page(selected.suppliers.clone(), key, &paging, &uri)?;
    let response = tables_file(format, &name, &sheets, || {
        json_bytes(&DashboardJson {
            countries: figures.iter().collect(),
            country: country.map(|c| c.to_string()),
            currency: selected.currency.as_deref(),
            years: selected
                .years
                .iter()
                .map(|y| YearJson {
                    year: y,
                    derogatory_value_percent: percent_of(y.derogatory_value, y.value),
                })
                .collect(),
            suppliers: &suppliers.rows,
            next: suppliers.next.as_deref(),
        })
    })?;
    // CSV and XLSX hold every supplier: no next page.
    let next = suppliers.next.as_deref().filter(|_| format == Format::Json);
    Ok(pagination::with_next(response, next))
}

#[derive(Serialize)]
struct FlagsJson {
    country: Option<String>,
    flags: Vec<FlagRow>,
    /// The next page (decision 0023), or `null` on the last.
    next: Option<String>,
}

/// `GET /api/v1/procurement/flags?country=ISO3`: one row per (group, id,
/// indicator, value); groups `process` (ocid), `buyer`, `supplier`. JSON
/// comes in pages (`limit`, `after`, `next`), in that order: a national
/// register raises millions; CSV and XLSX are the whole list.
pub async fn flags(
    State(state): State<AppState>,
    identity: Identity,
    OriginalUri(uri): OriginalUri,
    Query(params): Query<ProcurementParams>,
    Query(paging): Query<PageParams>,
) -> Result<Response, WebError> {
    let format = params.format()?;
    let known = state.store().list_countries().await?;
    let country = country_param(params.country.as_deref(), &known)?;
    let caller = Caller::of(&state, &identity).await?;
    let overview = overview(&state, &caller).await?;
    let flags = flags_of(&overview, country);
    let name = country.map_or_else(
        || "procurement-flags".to_owned(),
        |c| format!("procurement-flags-{c}"),
    );
    if format == Format::Json {
        let after: Option<FlagKey> = paging.after()?;
        let (rows, last) = flag_page(&flags, after.as_ref(), paging.limit()?);
        let next = last.map(|key| pagination::next_after(&uri, &key));
        let bytes = json_bytes(&FlagsJson {
            country: country.map(|c| c.to_string()),
            flags: rows,
            next: next.clone(),
        })?;
        let response = file(format, &name, bytes);
        return Ok(pagination::with_next(response, next.as_deref()));
    }
    let table = tables::flags(&flag_rows(&flags));
    let bytes = match format {
        Format::Xlsx => xlsx(&[table])?,
        _ => table.to_csv()?,
    };
    Ok(file(format, &name, bytes))
}
