//! Reading findings: the public list and the statistics per country and
//! year (year of the report).

use std::collections::BTreeMap;

use crate::Result;
use crate::db::on_pool;
use crate::findings::Findings;

/// A finding as pages and the API show it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, sqlx::FromRow)]
pub struct FindingRow {
    /// Database id.
    pub id: i64,
    /// Stable code.
    pub code: String,
    /// ISO3.
    pub country: String,
    /// The body that found it.
    pub institution: String,
    /// `audit`, `inspection`, `parliamentary_inquiry`.
    pub source: String,
    /// Title in French.
    pub title_fr: String,
    /// Title in English.
    pub title_en: String,
    /// The audited body, as the report names it.
    pub audited_institution: Option<String>,
    /// Amount at stake in minor units.
    pub amount_minor: Option<i64>,
    /// Its currency.
    pub currency: Option<String>,
    /// Period covered, from.
    pub period_from: String,
    /// Period covered, to.
    pub period_to: String,
    /// Date of the report.
    pub reported_on: String,
    /// An invented record.
    pub illustrative: bool,
    /// Source or note.
    pub source_note: String,
}

/// A referral as pages and the API show it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, sqlx::FromRow)]
pub struct ReferralRow {
    /// The finding's code.
    pub finding: String,
    /// The court (institution code).
    pub court: String,
    /// Date referred.
    pub referred_on: String,
    /// Case reference.
    pub case_ref: String,
    /// `pending`, `dismissed`, `convicted`, `acquitted`.
    pub outcome: String,
    /// Date of the outcome.
    pub outcome_on: Option<String>,
    /// Recovered, minor units.
    pub recovered_minor: Option<i64>,
    /// Its currency.
    pub recovered_currency: Option<String>,
}

/// The public statistics of one country and year.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct FindingStatistics {
    /// ISO3.
    pub country: String,
    /// Year of the reports.
    pub year: i32,
    /// Findings reported.
    pub findings: u32,
    /// Sum of the amounts at stake, minor units (one currency per country).
    pub amount_at_stake_minor: i64,
    /// The currency of the amounts (empty when none was given).
    pub currency: String,
    /// Referrals made of those findings.
    pub referrals: u32,
    /// Referrals pending.
    pub pending: u32,
    /// Dismissed.
    pub dismissed: u32,
    /// Convicted.
    pub convicted: u32,
    /// Acquitted.
    pub acquitted: u32,
    /// Sum recovered, minor units.
    pub recovered_minor: i64,
}

const COLUMNS: &str = "id, code, country, institution, source, title_fr, title_en, audited_institution, amount_minor, \
                       currency, period_from, period_to, reported_on, illustrative, source_note";

impl Findings<'_> {
    /// Every finding, newest report first, optionally of one country.
    pub async fn list(self, country: Option<&str>) -> Result<Vec<FindingRow>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM findings WHERE ($1 IS NULL OR country = $1) ORDER BY reported_on DESC, code"
        );
        Ok(on_pool!(&self.store.db, pool => {
            sqlx::query_as(sqlx::AssertSqlSafe(sql.clone())).bind(country).fetch_all(pool).await?
        }))
    }

    /// Every referral, optionally of one finding (by code).
    pub async fn referrals(self, finding: Option<&str>) -> Result<Vec<ReferralRow>> {
        Ok(on_pool!(&self.store.db, pool => {
            sqlx::query_as(
                "SELECT f.code AS finding, r.court, r.referred_on, r.case_ref, r.outcome, r.outcome_on, \
                 r.recovered_minor, r.recovered_currency FROM finding_referrals r JOIN findings f ON f.id = r.finding_id \
                 WHERE ($1 IS NULL OR f.code = $1) ORDER BY f.code, r.id",
            )
            .bind(finding)
            .fetch_all(pool)
            .await?
        }))
    }

    /// The statistics per country and year of report.
    pub async fn statistics(self) -> Result<Vec<FindingStatistics>> {
        let findings = self.list(None).await?;
        let referrals = self.referrals(None).await?;
        let mut by_key: BTreeMap<(String, i32), FindingStatistics> = BTreeMap::new();
        let mut key_of: BTreeMap<String, (String, i32)> = BTreeMap::new();
        for f in &findings {
            let year: i32 = f
                .reported_on
                .get(..4)
                .and_then(|y| y.parse().ok())
                .unwrap_or(0);
            let key = (f.country.clone(), year);
            key_of.insert(f.code.clone(), key.clone());
            let s = by_key.entry(key).or_insert_with(|| FindingStatistics {
                country: f.country.clone(),
                year,
                ..FindingStatistics::default()
            });
            s.findings += 1;
            if let (Some(m), Some(c)) = (f.amount_minor, &f.currency) {
                s.amount_at_stake_minor += m;
                s.currency.clone_from(c);
            }
        }
        for r in &referrals {
            let Some(s) = key_of.get(&r.finding).and_then(|k| by_key.get_mut(k)) else {
                continue;
            };
            s.referrals += 1;
            match r.outcome.as_str() {
                "pending" => s.pending += 1,
                "dismissed" => s.dismissed += 1,
                "convicted" => s.convicted += 1,
                "acquitted" => s.acquitted += 1,
                _ => {}
            }
            s.recovered_minor += r.recovered_minor.unwrap_or(0);
        }
        Ok(by_key.into_values().collect())
    }
}
