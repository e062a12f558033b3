//! `vigie import findings`: a JSON file of findings and their referrals,
//! all or nothing (every problem listed, nothing written if any).

use std::collections::BTreeSet;

use rust_decimal::Decimal;
use time::Date;
use vigie_domain::{CountryCode, Currency, InstitutionKind, Money};
use vigie_import::ImportError;

use super::finding_state;
use crate::ImportMode;
use crate::db::{BeginWrite, on_pool};
use vigie_domain::Bilingual;

use crate::json_file::{JsonFile, blank, parse_date};
use crate::log::{Actor, Change, LogConn};
use crate::reference::InstitutionIndex;
use crate::{Result, Store, StoreError};

/// What an import did (or, dry, would do).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct FindingImport {
    /// The findings written, by code.
    pub findings: Vec<String>,
}

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

struct Checker<'a> {
    file: &'a JsonFile<'a>,
    countries: &'a BTreeSet<CountryCode>,
    institutions: &'a InstitutionIndex,
    errors: Vec<ImportError>,
}

impl Checker<'_> {
    fn fail(&mut self, line: u64, pointer: String, reason: impl Into<String>) {
        self.errors.push(self.file.error(line, &pointer, reason));
    }

    fn date(&mut self, line: u64, pointer: String, text: &str) -> Option<Date> {
        parse_date(text)
            .map_err(|e| self.fail(line, pointer, e))
            .ok()
    }

    fn check(&mut self, line: u64, at: &str, f: FindingInput) -> Option<Checked> {
        let before = self.errors.len();
        if f.code.trim().is_empty() {
            self.fail(
                line,
                format!("{at}/code"),
                "empty: every finding has a code",
            );
        }
        let country = match f.country.parse::<CountryCode>() {
            Ok(c) if self.countries.contains(&c) => Some(c),
            Ok(c) => {
                self.fail(
                    line,
                    format!("{at}/country"),
                    format!("{c} is not a country of this instance"),
                );
                None
            }
            Err(e) => {
                self.fail(line, format!("{at}/country"), e.to_string());
                None
            }
        };
        match self.institutions.get(&f.institution) {
            None => self.fail(
                line,
                format!("{at}/institution"),
                format!("unknown institution `{}`", f.institution),
            ),
            Some((_, Some(c))) if Some(*c) != country => {
                self.fail(
                    line,
                    format!("{at}/institution"),
                    format!(
                        "`{}` is an institution of {c}, not of {}",
                        f.institution, f.country
                    ),
                );
            }
            Some(_) => {}
        }
        let source = f
            .source
            .parse::<vigie_domain::recommendation::FindingSource>()
            .map_err(|e| self.fail(line, format!("{at}/source"), e.reason))
            .ok();
        if let Some(reason) = blank(&f.title) {
            self.fail(line, format!("{at}/title"), reason);
        }
        let amount = f.amount_at_stake.as_ref().and_then(|m| {
            money(m)
                .map_err(|e| self.fail(line, format!("{at}/amount_at_stake"), e))
                .ok()
        });
        if f.period.from.trim().is_empty()
            || f.period.to.trim().is_empty()
            || f.period.from > f.period.to
        {
            self.fail(
                line,
                format!("{at}/period"),
                format!(
                    "expected `from` ≤ `to` (years or dates), got {} – {}",
                    f.period.from, f.period.to
                ),
            );
        }
        let reported_on = self.date(line, format!("{at}/reported_on"), &f.reported_on);
        let mut referrals = Vec::new();
        for (i, r) in f.referrals.into_iter().enumerate() {
            let rat = format!("{at}/referrals/{i}");
            match self.institutions.get(&r.court) {
                None => self.fail(
                    line,
                    format!("{rat}/court"),
                    format!("unknown institution `{}`", r.court),
                ),
                Some((kind, _)) if *kind != InstitutionKind::Court => self.fail(
                    line,
                    format!("{rat}/court"),
                    format!("`{}` is a {kind}, not a court", r.court),
                ),
                Some(_) => {}
            }
            let referred_on = self.date(line, format!("{rat}/referred_on"), &r.referred_on);
            let outcome = r
                .outcome
                .parse::<vigie_domain::recommendation::Outcome>()
                .map_err(|e| self.fail(line, format!("{rat}/outcome"), e.reason))
                .ok();
            let outcome_on = r
                .outcome_on
                .as_deref()
                .and_then(|d| self.date(line, format!("{rat}/outcome_on"), d));
            if let (Some(on), Some(referred)) = (outcome_on, referred_on)
                && on < referred
            {
                self.fail(
                    line,
                    format!("{rat}/outcome_on"),
                    format!("before the referral ({referred})"),
                );
            }
            let recovered = r.amount_recovered.as_ref().and_then(|m| {
                money(m)
                    .map_err(|e| self.fail(line, format!("{rat}/amount_recovered"), e))
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
        if self.errors.len() > before {
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
}

impl Store {
    /// Imports a findings file (`{"findings": [ … ]}`): every finding is
    /// checked, then all are written with their referrals in one
    /// transaction, or none.
    pub async fn import_findings(
        &self,
        actor: &Actor,
        file_name: &str,
        text: &str,
        mode: ImportMode,
    ) -> Result<FindingImport> {
        let file = JsonFile {
            name: file_name,
            text,
        };
        let elements = file
            .elements("findings")
            .map_err(|e| StoreError::Rejected(vec![e]))?;
        let countries: BTreeSet<CountryCode> = self
            .list_countries()
            .await?
            .into_iter()
            .map(|c| c.code)
            .collect();
        let institutions = self.institution_index().await?;
        let stored: BTreeSet<String> = on_pool!(&self.db, pool => {
            sqlx::query_scalar::<_, String>("SELECT code FROM findings").fetch_all(pool).await?.into_iter().collect()
        });
        let mut checker = Checker {
            file: &file,
            countries: &countries,
            institutions: &institutions,
            errors: Vec::new(),
        };
        let mut seen = BTreeSet::new();
        let mut checked = Vec::new();
        for e in &elements {
            let input: FindingInput = match file.parse(e.line, &e.pointer, e.raw) {
                Ok(input) => input,
                Err(error) => {
                    checker.errors.push(error);
                    continue;
                }
            };
            if stored.contains(&input.code) {
                checker.fail(
                    e.line,
                    format!("{}/code", e.pointer),
                    format!("finding `{}` already exists", input.code),
                );
            } else if !seen.insert(input.code.clone()) {
                checker.fail(
                    e.line,
                    format!("{}/code", e.pointer),
                    format!("finding `{}` appears twice in the file", input.code),
                );
            }
            if let Some(c) = checker.check(e.line, &e.pointer, input) {
                checked.push(c);
            }
        }
        if !checker.errors.is_empty() {
            return Err(StoreError::Rejected(checker.errors));
        }
        let mut report = FindingImport::default();
        on_pool!(&self.db, pool => {
            let mut tx = pool.begin_write().await?;
            let mut changes = Vec::new();
            for f in &checked {
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
                .fetch_one(&mut *tx)
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
                    .execute(&mut *tx)
                    .await?;
                }
                let (code, h) = finding_state!(&mut *tx, id);
                changes.push(Change::new("import", "finding", code.clone(), Some(h)));
                report.findings.push(code);
            }
            tx.append(actor, &changes).await?;
            match mode {
                ImportMode::Apply => tx.commit().await?,
                ImportMode::DryRun => tx.rollback().await?,
            }
        });
        Ok(report)
    }
}
