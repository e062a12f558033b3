//! `vigie import findings`: a JSON file of findings and their referrals,
//! all or nothing (every problem listed, nothing written if any).

use std::collections::BTreeSet;

use rust_decimal::Decimal;
use time::Date;
use vigie_domain::{Bilingual, CountryCode, Currency, InstitutionKind, Money};

use super::finding_state;
use crate::db::on_pool;
use crate::findings::Findings;
use crate::log::Actor;
use crate::pipeline::{Problems, RecordKind, Records, Tx, blank, code, date, on_tx};
use crate::reference::InstitutionIndex;
use crate::{ImportOptions, RecordImport, Result};

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct MoneyInput {
    amount: Decimal,
    currency: String,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct PeriodInput {
    from: String,
    to: String,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct ReferralInput {
    court: String,
    referred_on: String,
    case_ref: String,
    outcome: String,
    #[serde(default)]
    outcome_on: Option<String>,
    #[serde(default)]
    amount_recovered: Option<MoneyInput>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct FindingInput {
    code: String,
    country: String,
    institution: String,
    source: String,
    title: Bilingual,
    #[serde(default)]
    audited_institution: Option<String>,
    #[serde(default)]
    amount_at_stake: Option<MoneyInput>,
    period: PeriodInput,
    reported_on: String,
    illustrative: bool,
    source_note: String,
    #[serde(default)]
    referrals: Vec<ReferralInput>,
}

/// A finding that passed every check, ready to write.
struct Checked {
    code: String,
    country: CountryCode,
    institution: String,
    source: &'static str,
    title: Bilingual,
    audited_institution: Option<String>,
    amount: Option<(i64, Currency)>,
    period: (String, String),
    reported_on: Date,
    illustrative: bool,
    source_note: String,
    referrals: Vec<CheckedReferral>,
}

struct CheckedReferral {
    court: String,
    referred_on: Date,
    case_ref: String,
    outcome: &'static str,
    outcome_on: Option<Date>,
    recovered: Option<(i64, Currency)>,
}

/// An amount in one of the five states' currencies, in minor units.
fn money(input: &MoneyInput) -> std::result::Result<(i64, Currency), String> {
    let currency: Currency = input
        .currency
        .parse()
        .map_err(|e: vigie_domain::Invalid| e.reason)?;
    if !matches!(currency, Currency::Xof | Currency::Xaf | Currency::Mru) {
        return Err(format!(
            "{currency}: expected XOF, XAF or MRU, the currencies of the five states"
        ));
    }
    if input.amount.is_sign_negative() {
        return Err(format!("{} is negative", input.amount));
    }
    let m = Money::new(input.amount, currency).map_err(|e| e.to_string())?;
    Ok((m.to_minor().map_err(|e| e.to_string())?, currency))
}

/// Findings, as the import pipeline reads them: only ever created (a
/// stored code is refused), checked against the countries and
/// institutions the store knows.
struct FindingKind {
    countries: BTreeSet<CountryCode>,
    institutions: InstitutionIndex,
    stored: BTreeSet<String>,
}

impl RecordKind for FindingKind {
    type Input = FindingInput;
    type Checked = Checked;
    const RECORDS: Records = Records::List("findings");
    const NOUN: &'static str = "finding";
    const TRAIL: &'static str = "finding";
    const KEY_AT: &'static str = "/code";

    fn key(&self, f: &FindingInput) -> String {
        f.code.clone()
    }

    fn check(&self, problems: &mut Problems<'_>, f: FindingInput) -> Option<Checked> {
        if self.stored.contains(&f.code) {
            problems.error("/code", format!("finding `{}` already exists", f.code));
        }
        if f.code.trim().is_empty() {
            problems.error("/code", "empty: every finding has a code");
        }
        let country = match code::<CountryCode>(problems, "/country", &f.country) {
            Some(c) if self.countries.contains(&c) => Some(c),
            Some(c) => {
                problems.error("/country", format!("{c} is not a country of this instance"));
                None
            }
            None => None,
        };
        match self.institutions.get(&f.institution) {
            None => problems.error(
                "/institution",
                format!("unknown institution `{}`", f.institution),
            ),
            Some((_, Some(c))) if Some(*c) != country => {
                problems.error(
                    "/institution",
                    format!(
                        "`{}` is an institution of {c}, not of {}",
                        f.institution, f.country
                    ),
                );
            }
            Some(_) => {}
        }
        let source =
            code::<vigie_domain::recommendation::FindingSource>(problems, "/source", &f.source);
        if let Some(reason) = blank(&f.title) {
            problems.error("/title", reason);
        }
        let amount = f.amount_at_stake.as_ref().and_then(|m| {
            money(m)
                .map_err(|e| problems.error("/amount_at_stake", e))
                .ok()
        });
        if f.period.from.trim().is_empty()
            || f.period.to.trim().is_empty()
            || f.period.from > f.period.to
        {
            problems.error(
                "/period",
                format!(
                    "expected `from` ≤ `to` (years or dates), got {} – {}",
                    f.period.from, f.period.to
                ),
            );
        }
        let reported_on = date(problems, "/reported_on", &f.reported_on);
        let mut referrals = Vec::new();
        for (i, r) in f.referrals.into_iter().enumerate() {
            let rat = format!("/referrals/{i}");
            match self.institutions.get(&r.court) {
                None => problems.error(
                    &format!("{rat}/court"),
                    format!("unknown institution `{}`", r.court),
                ),
                Some((kind, _)) if *kind != InstitutionKind::Court => problems.error(
                    &format!("{rat}/court"),
                    format!("`{}` is a {kind}, not a court", r.court),
                ),
                Some(_) => {}
            }
            let referred_on = date(problems, &format!("{rat}/referred_on"), &r.referred_on);
            let outcome = code::<vigie_domain::recommendation::Outcome>(
                problems,
                &format!("{rat}/outcome"),
                &r.outcome,
            );
            let outcome_on = r
                .outcome_on
                .as_deref()
                .and_then(|d| date(problems, &format!("{rat}/outcome_on"), d));
            if let (Some(on), Some(referred)) = (outcome_on, referred_on)
                && on < referred
            {
                problems.error(
                    &format!("{rat}/outcome_on"),
                    format!("before the referral ({referred})"),
                );
            }
            let recovered = r.amount_recovered.as_ref().and_then(|m| {
                money(m)
                    .map_err(|e| problems.error(&format!("{rat}/amount_recovered"), e))
                    .ok()
            });
            if let (Some(referred_on), Some(outcome)) = (referred_on, outcome) {
                referrals.push(CheckedReferral {
                    court: r.court,
                    referred_on,
                    case_ref: r.case_ref,
                    outcome: outcome.code(),
                    outcome_on,
                    recovered,
                });
            }
        }
        if problems.has_errors() {
            return None;
        }
        Some(Checked {
            code: f.code,
            country: country?,
            institution: f.institution,
            source: source?.code(),
            title: f.title,
            audited_institution: f.audited_institution,
            amount,
            period: (f.period.from, f.period.to),
            reported_on: reported_on?,
            illustrative: f.illustrative,
            source_note: f.source_note,
            referrals,
        })
    }

    async fn write(&self, tx: &mut Tx, f: &Checked) -> Result<[u8; 32]> {
        on_tx!(tx, conn => {
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO findings (code, country, institution, source, title_fr, title_en, audited_institution, \
                 amount_minor, currency, period_from, period_to, reported_on, illustrative, source_note) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id",
            )
            .bind(&f.code)
            .bind(f.country.as_str())
            .bind(&f.institution)
            .bind(f.source)
            .bind(f.title.fr.trim())
            .bind(f.title.en.trim())
            .bind(&f.audited_institution)
            .bind(f.amount.map(|(m, _)| m))
            .bind(f.amount.map(|(_, c)| c.code()))
            .bind(&f.period.0)
            .bind(&f.period.1)
            .bind(f.reported_on.to_string())
            .bind(f.illustrative)
            .bind(&f.source_note)
            .fetch_one(&mut *conn)
            .await?;
            for r in &f.referrals {
                sqlx::query(
                    "INSERT INTO finding_referrals (finding_id, court, referred_on, case_ref, outcome, outcome_on, \
                     recovered_minor, recovered_currency) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                )
                .bind(id)
                .bind(&r.court)
                .bind(r.referred_on.to_string())
                .bind(&r.case_ref)
                .bind(r.outcome)
                .bind(r.outcome_on.map(|d| d.to_string()))
                .bind(r.recovered.map(|(m, _)| m))
                .bind(r.recovered.map(|(_, c)| c.code()))
                .execute(&mut *conn)
                .await?;
            }
            let (_, state) = finding_state!(&mut *conn, id);
            Ok(state)
        })
    }
}

impl Findings<'_> {
    /// Imports a findings file (`{"findings": [ … ]}`): every finding is
    /// checked, then all are written with their referrals in one
    /// transaction, or none.
    pub async fn import(
        self,
        actor: &Actor,
        file_name: &str,
        text: &str,
        options: impl Into<ImportOptions>,
    ) -> Result<RecordImport> {
        let stored: BTreeSet<String> = on_pool!(&self.store.db, pool => {
            sqlx::query_scalar::<_, String>("SELECT code FROM findings").fetch_all(pool).await?.into_iter().collect()
        });
        let kind = FindingKind {
            countries: self
                .store
                .list_countries()
                .await?
                .into_iter()
                .map(|c| c.code)
                .collect(),
            institutions: self.store.institution_index().await?,
            stored,
        };
        self.store
            .import_records(actor, file_name, text, options, kind)
            .await
    }
}
