//! `/api/v1/institutions` and `/api/v1/assessments`: the inventory and the
//! assessments as JSON, CSV or XLSX (the same rows as the pages).

use axum::extract::{Query, State};
use axum::response::Response;
use serde::Deserialize;

use super::budget::file;
use crate::budget::Format;
use crate::budget::export::json_bytes;
use crate::budget::open_data::xlsx;
use crate::governance::assessments::assessed;
use crate::governance::country_param;
use crate::governance::inventory::{InventoryJson, entries, institutions_table, legal_bases_table};
use crate::{AppState, WebError};

/// `?country=ISO3`, `?year=`, `?format=csv|xlsx|json`.
#[derive(Debug, Default, Deserialize)]
pub struct GovernanceParams {
    #[serde(default)]
    pub country: Option<String>,
    #[serde(default)]
    pub year: Option<i32>,
    #[serde(default)]
    pub format: Option<String>,
}

impl GovernanceParams {
    fn format(&self) -> Result<Format, WebError> {
        Format::param(self.format.as_deref())
    }
}

/// `GET /api/v1/institutions[?country=ISO3]`: the institutions with their
/// profiles; CSV is the institutions table, XLSX adds the legal bases.
pub async fn institutions(
    State(state): State<AppState>,
    Query(params): Query<GovernanceParams>,
) -> Result<Response, WebError> {
    let format = params.format()?;
    let known = state.store().list_countries().await?;
    let country = country_param(params.country.as_deref(), &known, vigie_domain::Lang::En)?;
    let all = entries(&state, country).await?;
    let name = match country {
        Some(c) => format!("institutions-{c}"),
        None => "institutions".to_owned(),
    };
    let bytes = match format {
        Format::Json => json_bytes(&InventoryJson {
            country,
            institutions: &all,
        })?,
        Format::Csv => institutions_table(&all).to_csv()?,
        Format::Xlsx => xlsx(&[institutions_table(&all), legal_bases_table(&all)])?,
    };
    Ok(file(format, &name, bytes))
}

/// `GET /api/v1/assessments[?country=ISO3][&year=]`: the framework and its
/// assessments with their area and overall scores; CSV is the summary
/// (one row per country, year and area), XLSX adds every score.
pub async fn assessments(
    State(state): State<AppState>,
    Query(params): Query<GovernanceParams>,
) -> Result<Response, WebError> {
    let format = params.format()?;
    let known = state.store().list_countries().await?;
    let country = country_param(params.country.as_deref(), &known, vigie_domain::Lang::En)?;
    let a = match assessed(&state).await {
        Ok(a) => a,
        // No framework stored yet: an empty list, not an error.
        Err(WebError::NotFound) if format == Format::Json => {
            let empty = serde_json::json!({"framework": null, "assessments": []});
            return Ok(file(format, "assessments", json_bytes(&empty)?));
        }
        Err(e) => return Err(e),
    };
    let keep = |x: &vigie_domain::governance::Assessment| {
        country.is_none_or(|c| c == x.country) && params.year.is_none_or(|y| y == x.year)
    };
    let bytes = match format {
        Format::Json => json_bytes(&a.json(keep))?,
        Format::Csv => a.summary_table(keep).to_csv()?,
        Format::Xlsx => xlsx(&[a.summary_table(keep), a.scores_table(keep)])?,
    };
    Ok(file(format, "assessments", bytes))
}
