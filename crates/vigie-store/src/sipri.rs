//! The SIPRI military expenditure series, as published.

use rust_decimal::Decimal;
use vigie_domain::CountryCode;

use crate::budget::Budget;
use crate::db::on_pool;
use crate::{Result, StoreError};

/// One published figure: a country, a year, an indicator, a value.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SipriObservation {
    /// The country.
    pub country: CountryCode,
    /// Calendar year (also the fiscal year for the five demo states).
    pub year: i32,
    /// Indicator code, e.g. `milex_constant_2022_usd`.
    pub indicator: String,
    /// Which release: `sipri-2023` or `owid-2024`.
    pub dataset: String,
    /// The value exactly as published.
    pub value: Decimal,
    /// Its unit, e.g. `USD million, constant 2022 prices and exchange rates`.
    pub unit: String,
    /// `sipri_estimate(blue)` when SIPRI marks the figure as its own estimate.
    pub flag: Option<String>,
    /// SIPRI's country note symbol (†, §, ¶), if any.
    pub note_symbol: Option<String>,
    /// Full citation.
    pub source: String,
}

#[derive(sqlx::FromRow)]
struct ObservationRow {
    country: String,
    year: i32,
    indicator: String,
    dataset: String,
    value: String,
    unit: String,
    flag: Option<String>,
    note_symbol: Option<String>,
    source: String,
}

impl Budget<'_> {
    /// One indicator's series for a country, oldest year first.
    pub async fn sipri_series(
        self,
        country: CountryCode,
        indicator: &str,
    ) -> Result<Vec<SipriObservation>> {
        let rows: Vec<ObservationRow> = on_pool!(&self.store.db, pool => {
            sqlx::query_as(
                "SELECT country, year, indicator, dataset, value, unit, flag, note_symbol, source \
                 FROM sipri_observations WHERE country = $1 AND indicator = $2 ORDER BY year, dataset",
            )
            .bind(country.as_str())
            .bind(indicator)
            .fetch_all(pool)
            .await?
        });
        rows.into_iter().map(to_observation).collect()
    }

    /// How many SIPRI observations are stored.
    pub async fn sipri_count(self) -> Result<i64> {
        let n = on_pool!(&self.store.db, pool => {
            sqlx::query_scalar("SELECT COUNT(*) FROM sipri_observations").fetch_one(pool).await?
        });
        Ok(n)
    }
}

fn to_observation(r: ObservationRow) -> Result<SipriObservation> {
    let value = r
        .value
        .parse::<Decimal>()
        .map_err(|e| StoreError::BadData {
            file: "sipri_observations".into(),
            line: 0,
            field: "value".into(),
            reason: format!("stored value `{}` is not a decimal: {e}", r.value),
        })?;
    Ok(SipriObservation {
        country: r.country.parse()?,
        year: r.year,
        indicator: r.indicator,
        dataset: r.dataset,
        value,
        unit: r.unit,
        flag: r.flag,
        note_symbol: r.note_symbol,
        source: r.source,
    })
}
