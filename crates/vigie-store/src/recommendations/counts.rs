//! The dashboard's figures from the counts kept per set of countries,
//! theme, source and status (migration 0021): a few rows, whatever the
//! number of recommendations.

use vigie_domain::recommendation::{Dashboard, DashboardItem};

use super::{RecommendationFilter, Recommendations, dashboard_items};
use crate::Result;
use crate::db::on_pool;

impl Recommendations<'_> {
    /// The dashboard of the recommendations `filter` matches: exactly
    /// `Dashboard::of` over them (kinds whose codes no longer parse are
    /// left out, as `dashboard_items` leaves such rows out).
    pub async fn dashboard(self, filter: &RecommendationFilter) -> Result<Dashboard> {
        // The counts know no conference: an edition's few are counted.
        if filter.conference.is_some() {
            return Ok(Dashboard::of(&dashboard_items(&self.list(filter).await?)));
        }
        let rows: Vec<(String, String, String, String, i64)> = on_pool!(&self.store.db, pool => {
            sqlx::query_as(
                "SELECT countries, theme, source, status, n FROM recommendation_counts \
                 WHERE n <> 0 AND ($1 IS NULL OR status = $1) AND ($2 IS NULL OR theme = $2) \
                 AND ($3 IS NULL OR source = $3)",
            )
            .bind(filter.status.as_deref())
            .bind(filter.theme.as_deref())
            .bind(filter.source.as_deref())
            .fetch_all(pool)
            .await?
        });
        let items: Vec<(DashboardItem, u32)> = rows
            .into_iter()
            .filter_map(|(countries, theme, source, status, n)| {
                let countries: Vec<&str> = countries.split(',').filter(|c| !c.is_empty()).collect();
                if let Some(wanted) = filter.country.as_deref()
                    && !countries.contains(&wanted)
                {
                    return None;
                }
                Some((
                    DashboardItem {
                        countries: countries.iter().filter_map(|c| c.parse().ok()).collect(),
                        theme: theme.parse().ok()?,
                        source: source.parse().ok()?,
                        status: status.parse().ok()?,
                    },
                    u32::try_from(n).ok()?,
                ))
            })
            .collect();
        Ok(Dashboard::of_counted(items.iter().map(|(i, n)| (i, *n))))
    }
}
