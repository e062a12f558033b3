//! Reading findings: the public list and the statistics per country and
//! year (year of the report).

use crate::db::{Placeholders, on_pool};
use crate::findings::Findings;
use crate::{Result, page};

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
        Ok(self.page(country, None, usize::MAX).await?.0)
    }

    /// A page of at most `limit` findings, newest report first, of one
    /// country or all, after the key `after` (a report's date and a code,
    /// the last of the page before), and the key of this page's last
    /// finding when another page follows. The database seeks the key in
    /// its index (`findings_listed`, `findings_country`).
    pub async fn page(
        self,
        country: Option<&str>,
        after: Option<&(String, String)>,
        limit: usize,
    ) -> Result<(Vec<FindingRow>, Option<(String, String)>)> {
        let sql = format!(
            "SELECT {COLUMNS} FROM findings WHERE ($1 IS NULL OR country = $1) \
             AND ($2 IS NULL OR reported_on < $2 OR (reported_on = $2 AND code > $3)) \
             ORDER BY reported_on DESC, code LIMIT $4"
        );
        let (on, code) = after.map(|(on, code)| (on.as_str(), code.as_str())).unzip();
        let mut rows: Vec<FindingRow> = on_pool!(&self.store.db, pool => {
            sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
                .bind(country)
                .bind(on)
                .bind(code)
                .bind(page::read_limit(limit))
                .fetch_all(pool)
                .await?
        });
        let next = page::cut(&mut rows, limit, |f| {
            (f.reported_on.clone(), f.code.clone())
        });
        Ok((rows, next))
    }

    /// The referrals of the findings `codes`, by finding then in the order
    /// they were made.
    pub async fn referrals_of(self, codes: &[&str]) -> Result<Vec<ReferralRow>> {
        if codes.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!(
            "SELECT f.code AS finding, r.court, r.referred_on, r.case_ref, r.outcome, r.outcome_on, \
             r.recovered_minor, r.recovered_currency FROM finding_referrals r JOIN findings f ON f.id = r.finding_id \
             WHERE f.code IN ({}) ORDER BY f.code, r.id",
            Placeholders::of(&self.store.db).list(1, codes.len())
        );
        Ok(on_pool!(&self.store.db, pool => {
            let mut query = sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()));
            for code in codes {
                query = query.bind(*code);
            }
            query.fetch_all(pool).await?
        }))
    }

    /// The statistics per country and year of report, read from the rows
    /// the writes keep (`finding_statistics`, migration 0023; decision
    /// 0030). Amounts are never summed across currencies: a country and
    /// year whose amounts are in one currency (the case of every state,
    /// which has one) is one line, with its findings without an amount; in
    /// several, one line per currency, and one for the findings without.
    pub async fn statistics(self) -> Result<Vec<FindingStatistics>> {
        let rows: Vec<StatisticsRow> = on_pool!(&self.store.db, pool => {
            sqlx::query_as(
                "SELECT country, year, currency, findings, at_stake_minor, referrals, pending, dismissed, \
                 convicted, acquitted, recovered_minor FROM finding_statistics ORDER BY country, year, currency",
            )
            .fetch_all(pool)
            .await?
        });
        let mut out: Vec<FindingStatistics> = Vec::with_capacity(rows.len());
        for group in rows.chunk_by(|a, b| (&a.country, a.year) == (&b.country, b.year)) {
            if group.iter().filter(|r| !r.currency.is_empty()).count() <= 1 {
                let mut merged = FindingStatistics::default();
                group.iter().for_each(|r| merged.add(r));
                out.push(merged);
            } else {
                out.extend(group.iter().map(|r| {
                    let mut one = FindingStatistics::default();
                    one.add(r);
                    one
                }));
            }
        }
        Ok(out)
    }
}

/// A row of `finding_statistics`.
#[derive(sqlx::FromRow)]
struct StatisticsRow {
    country: String,
    year: i32,
    currency: String,
    findings: i64,
    at_stake_minor: i64,
    referrals: i64,
    pending: i64,
    dismissed: i64,
    convicted: i64,
    acquitted: i64,
    recovered_minor: i64,
}

impl FindingStatistics {
    /// Adds a kept row (of this line's country, year and currency, or of
    /// no currency).
    fn add(&mut self, r: &StatisticsRow) {
        let count = |n: i64| u32::try_from(n).unwrap_or(u32::MAX);
        self.country.clone_from(&r.country);
        self.year = r.year;
        if !r.currency.is_empty() {
            self.currency.clone_from(&r.currency);
        }
        self.findings += count(r.findings);
        self.amount_at_stake_minor += r.at_stake_minor;
        self.referrals += count(r.referrals);
        self.pending += count(r.pending);
        self.dismissed += count(r.dismissed);
        self.convicted += count(r.convicted);
        self.acquitted += count(r.acquitted);
        self.recovered_minor += r.recovered_minor;
    }
}
