//! `vigie import budget`: a ministry's table into the store, all or nothing.
//!
//! The file is read as a stream (a million lines in bounded memory) inside
//! one transaction: rows are checked as they come, written in batches while
//! no error has been found, and the transaction is rolled back at the end if
//! any row was wrong — after every row was checked, so that the person
//! importing gets every error at once, not one per attempt.

use std::collections::hash_map::Entry;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::{Read, Seek};

use rust_decimal::Decimal;
use vigie_domain::budget::BudgetLine;
use vigie_domain::{ClassificationLevel, ClassificationScheme, CountryCode, Currency};
use vigie_import::budget::{self as parser, Duplicates};
use vigie_import::{ImportError, ParsedLine};
use vigie_policy::{Action, Resource};

use super::Budget;
use super::rows::{COLUMNS, LineRow, by_year, year_id, year_state};
use crate::db::{BeginWrite, Placeholders, on_pool};
use crate::log::{Actor, Change, LogConn};
use crate::pipeline::list_warnings;
use crate::{ImportMode, Result, StoreError, Writer};

/// Lines written per statement: 13 parameters each, well under both
/// backends' limits (SQLite 32,766, PostgreSQL 65,535).
const BATCH: usize = 500;

/// What an import did (or, dry, would do).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct BudgetImport {
    /// Lines read.
    pub lines: u64,
    /// New lines.
    pub inserted: u64,
    /// Lines whose amount or classification changed.
    pub updated: u64,
    /// Lines already stored as they are in the file.
    pub unchanged: u64,
    /// The country-years that changed (`BFA:2023`), each one log entry.
    pub changed_years: Vec<String>,
    /// How the reader interpreted what it read (an accountant's negative…),
    /// the lines' in file order, then those that belong to no line (a total
    /// row skipped, text read as Windows-1252):
    /// the first [`MAX_LISTED_WARNINGS`](crate::MAX_LISTED_WARNINGS).
    #[serde(skip)]
    pub warnings: Vec<ImportError>,
    /// Every warning, listed or not.
    pub warnings_total: u64,
}

impl BudgetImport {
    /// Counts warnings, and lists them while there is room.
    fn warn(&mut self, warnings: Vec<ImportError>) {
        list_warnings(&mut self.warnings, &mut self.warnings_total, warnings);
    }
}

/// A line ready for the database: values as stored.
struct Ready {
    country: CountryCode,
    year: i32,
    scope: &'static str,
    section: String,
    program: String,
    action: String,
    nature: &'static str,
    cofog: String,
    stage: &'static str,
    law: String,
    amount_minor: i64,
    currency: &'static str,
    rank: i32,
}

/// What the store knows that the file must agree with: each country's
/// currency and classification scheme; and the file's names of the columns
/// the store checks, for its errors.
struct Reference {
    currencies: HashMap<CountryCode, Currency>,
    schemes: HashMap<CountryCode, Option<ClassificationScheme>>,
    columns: CheckedColumns,
    /// For a user's import, each country-year the file touches: the stored
    /// rank of each of its lines by heading, once the policies let the
    /// user write that year; or why they do not.
    years: HashMap<(CountryCode, i32), std::result::Result<HashMap<Heading, i32>, String>>,
    /// Whether a line was refused for what its writer may not write: the
    /// file is then [`StoreError::Refused`], not merely rejected.
    refused: bool,
}

/// A line's natural key within its country-year (decision 0010).
type Heading = [String; 8];

fn heading(r: &Ready) -> Heading {
    [
        r.scope.to_owned(),
        r.section.clone(),
        r.program.clone(),
        r.action.clone(),
        r.nature.to_owned(),
        r.cofog.clone(),
        r.stage.to_owned(),
        r.law.clone(),
    ]
}

/// The headers, as the file writes them (`devise` in a French file), of the
/// columns the store checks: its errors name them as the parser's do.
struct CheckedColumns {
    country: String,
    amount: String,
    currency: String,
    classification: String,
}

impl CheckedColumns {
    fn of<R>(rows: &parser::Rows<R>) -> Self {
        let name = |en: &str| {
            parser::COLUMNS
                .iter()
                .find(|c| c.en == en)
                .map_or(en, |c| rows.column_name(c))
                .to_owned()
        };
        CheckedColumns {
            country: name("country"),
            amount: name("amount"),
            currency: name("currency"),
            classification: name("classification"),
        }
    }
}

/// Writes a batch with one upsert that leaves identical lines untouched and
/// returns how many it inserted or changed, noting their country-years.
macro_rules! upsert {
    ($tx:expr, $batch:expr, $placeholders:expr, $touched:expr, $missing:expr, $changes:expr) => {{
        let batch: &[Ready] = $batch;
        // A reference country the file names is stored with its first lines.
        for r in batch {
            crate::reference::insert_missing_country!($tx, $missing, &r.country, $changes);
        }
        let sql = upsert_sql(batch.len(), $placeholders);
        let mut query = sqlx::query_as::<_, (String, i32)>(sqlx::AssertSqlSafe(sql));
        for r in batch {
            query = query
                .bind(r.country.as_str())
                .bind(r.year)
                .bind(r.scope)
                .bind(&r.section)
                .bind(&r.program)
                .bind(&r.action)
                .bind(r.nature)
                .bind(&r.cofog)
                .bind(r.stage)
                .bind(&r.law)
                .bind(r.amount_minor)
                .bind(r.currency)
                .bind(r.rank);
        }
        let written = query.fetch_all(&mut *$tx).await?;
        let n = written.len() as u64;
        $touched.extend(written);
        n
    }};
}

/// Rows parsed ahead of the database.
const CHANNEL: usize = 256;

/// What the parser sends: one row, or the errors of one row.
type Row = std::result::Result<parser::ParsedLine, Vec<ImportError>>;

/// Opens and parses `reader` on a blocking thread (a workbook is read whole
/// when opened, and every row is CPU work): the header's column names come
/// back first, then the rows through a bounded channel, so that parsing
/// never holds up the runtime's threads and runs at most `CHANNEL` rows
/// ahead of the writes.
async fn spawn_reader<R: Read + Seek + Send + 'static>(
    file_name: String,
    reader: R,
) -> Result<(CheckedColumns, Reading)> {
    let (header_tx, header_rx) = tokio::sync::oneshot::channel();
    let (tx, rx) = tokio::sync::mpsc::channel(CHANNEL);
    let broken = broken_parser(&file_name);
    let parser = tokio::task::spawn_blocking(move || {
        let mut rows = match parser::read(&file_name, reader) {
            Ok(rows) => rows,
            Err(errors) => {
                let _ = header_tx.send(Err(errors));
                return Vec::new();
            }
        };
        if header_tx.send(Ok(CheckedColumns::of(&rows))).is_err() {
            return Vec::new();
        }
        for row in rows.by_ref() {
            // The importer stopped listening: stop reading.
            if tx.blocking_send(row).is_err() {
                return Vec::new();
            }
        }
        rows.take_notes()
    });
    match header_rx.await {
        Ok(Ok(columns)) => Ok((
            columns,
            Reading {
                rows: rx,
                parser,
                broken,
            },
        )),
        Ok(Err(errors)) => Err(StoreError::Rejected(errors)),
        Err(_) => Err(broken),
    }
}

/// The rows coming from the parser's thread.
struct Reading {
    rows: tokio::sync::mpsc::Receiver<Row>,
    /// Ends with the warnings that belong to no line.
    parser: tokio::task::JoinHandle<Vec<ImportError>>,
    broken: StoreError,
}

impl Reading {
    /// The next row, or `None` at the end of the file.
    async fn recv(&mut self) -> Option<Row> {
        self.rows.recv().await
    }

    /// Whether the parser reached the end of the file, rather than stopping
    /// on a panic (which also closes the channel, and must not be taken for
    /// the end of the file); if so, the warnings that belong to no line.
    async fn finished(self) -> Result<Vec<ImportError>> {
        self.parser.await.map_err(|_| self.broken)
    }
}

/// The error of a parser that stopped on a bug rather than on the file.
fn broken_parser(file_name: &str) -> StoreError {
    StoreError::Rejected(vec![ImportError {
        file: file_name.to_owned(),
        location: vigie_import::Location::File,
        column: String::new(),
        reason: "the file could not be read to its end (a fault of the reader, not of the file); nothing was imported".to_owned(),
        ..Default::default()
    }])
}

impl Budget<'_> {
    /// Imports a budget file (CSV or XLSX, either language; see
    /// `vigie_import::budget`) as the operator, for any country. Every
    /// problem is returned at once as [`StoreError::Rejected`], and then
    /// nothing is stored. `progress` is called with the number of lines read
    /// so far.
    pub async fn import<R: Read + Seek + Send + 'static>(
        self,
        actor: &Actor,
        file_name: &str,
        reader: R,
        mode: ImportMode,
        progress: &mut (dyn FnMut(u64) + Send),
    ) -> Result<BudgetImport> {
        self.import_by(Writer::Operator, actor, file_name, reader, mode, progress)
            .await
    }

    /// [`Budget::import`] by `writer`: a user's import is refused (as
    /// errors of the file, named by line) where the policies do not let
    /// them write a country-year (another country's; one holding lines above
    /// their clearance, which they could otherwise overwrite or detect by
    /// the counts of a dry run) or change a line's level.
    pub async fn import_by<R: Read + Seek + Send + 'static>(
        self,
        writer: Writer<'_>,
        actor: &Actor,
        file_name: &str,
        reader: R,
        mode: ImportMode,
        progress: &mut (dyn FnMut(u64) + Send),
    ) -> Result<BudgetImport> {
        let (columns, mut rows) = spawn_reader(file_name.to_owned(), reader).await?;
        let stored = self.store.list_countries().await?;
        // The five reference states are known without the demo: one that is
        // not stored yet is added with its first lines (and goes if the
        // import fails).
        let mut missing = self.store.missing_reference_countries(&stored).await?;
        let mut currencies: HashMap<CountryCode, Currency> =
            stored.iter().map(|c| (c.code, c.currency)).collect();
        currencies.extend(
            missing
                .values()
                .map(|m| (m.country.code, m.country.currency)),
        );
        let mut reference = Reference {
            currencies,
            schemes: HashMap::new(),
            columns,
            years: HashMap::new(),
            refused: false,
        };
        let mut errors: Vec<ImportError> = Vec::new();
        let mut duplicates = Duplicates::new(file_name);
        let mut report = BudgetImport::default();
        let mut batch: Vec<Ready> = Vec::with_capacity(BATCH);
        let mut touched: BTreeSet<(String, i32)> = BTreeSet::new();

        let placeholders = Placeholders::of(&self.store.db);
        on_pool!(&self.store.db, pool => {
            let mut tx = pool.begin_write().await?;
            let mut changes = Vec::new();
            let before: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM budget_lines").fetch_one(&mut *tx).await?;
            let mut changed: u64 = 0;
            while let Some(row) = rows.recv().await {
                report.lines += 1;
                if report.lines % 1000 == 0 {
                    progress(report.lines);
                }
                let mut parsed = match row {
                    Ok(parsed) => parsed,
                    Err(mut e) => {
                        errors.append(&mut e);
                        continue;
                    }
                };
                report.warn(std::mem::take(&mut parsed.warnings));
                if let Err(e) = duplicates.check(&parsed) {
                    errors.push(e);
                    continue;
                }
                let ready = match self.ready(&mut reference, writer, file_name, &parsed).await {
                    Ok(ready) => ready,
                    Err(mut e) => {
                        errors.append(&mut e);
                        continue;
                    }
                };
                // Once a row is wrong the import will be rolled back: keep
                // checking, stop writing.
                if errors.is_empty() {
                    batch.push(ready);
                    if batch.len() == BATCH {
                        changed += upsert!(tx, &batch, placeholders, touched, missing, changes);
                        batch.clear();
                    }
                }
            }
            progress(report.lines);
            match rows.finished().await {
                Ok(notes) => report.warn(notes),
                Err(e) => {
                    tx.rollback().await?;
                    return Err(e);
                }
            }
            if !errors.is_empty() {
                tx.rollback().await?;
                return Err(if reference.refused { StoreError::Refused(errors) } else { StoreError::Rejected(errors) });
            }
            if !batch.is_empty() {
                changed += upsert!(tx, &batch, placeholders, touched, missing, changes);
            }
            let after: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM budget_lines").fetch_one(&mut *tx).await?;
            report.inserted = u64::try_from(after - before).unwrap_or(0);
            report.updated = changed.saturating_sub(report.inserted);
            report.unchanged = report.lines - changed;

            let sql = format!("SELECT {COLUMNS} FROM budget_lines WHERE country = $1 AND fiscal_year = $2");
            let mut negative = Vec::new();
            for (country, year) in &touched {
                let rows: Vec<LineRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql.clone())).bind(country).bind(year).fetch_all(&mut *tx).await?;
                negative.extend(negative_totals(file_name, &rows));
                for ((country, year), rows) in by_year(&rows) {
                    let id = year_id(&country, year);
                    changes.push(Change::new("import", "budget_year", id.clone(), Some(year_state(&country, year, &rows))));
                    report.changed_years.push(id);
                }
            }
            if !negative.is_empty() {
                tx.rollback().await?;
                return Err(StoreError::Rejected(negative));
            }
            tx.append(actor, &changes).await?;
            match mode {
                ImportMode::Apply => tx.commit().await?,
                ImportMode::DryRun => tx.rollback().await?,
            }
        });
        self.store
            .db
            .analyze_after_import(mode, report.inserted + report.updated)
            .await;
        Ok(report)
    }

    /// Checks a parsed line against what the store knows (the country, its
    /// currency, its classification scheme) and prepares its stored values.
    async fn ready(
        self,
        reference: &mut Reference,
        writer: Writer<'_>,
        file_name: &str,
        parsed: &ParsedLine,
    ) -> std::result::Result<Ready, Vec<ImportError>> {
        let line: &BudgetLine = &parsed.line;
        let error = |column: &str, reason: String| ImportError {
            file: file_name.to_owned(),
            location: parsed.location.clone(),
            column: column.to_owned(),
            reason,
            ..Default::default()
        };
        let columns = &reference.columns;
        if let Some(own) = writer.country()
            && line.country != own
        {
            reference.refused = true;
            return Err(vec![error(
                &columns.country,
                format!(
                    "{}: your institution may import only its own country's budget ({own})",
                    line.country
                ),
            )]);
        }
        let mut errors = Vec::new();
        let Some(&currency) = reference.currencies.get(&line.country) else {
            return Err(vec![error(
                &columns.country,
                format!("{} is not a country of this instance", line.country),
            )]);
        };
        if line.amount.currency() != currency {
            errors.push(error(
                &columns.currency,
                format!(
                    "{}'s budget is in {currency}, not {}: convert before importing",
                    line.country,
                    line.amount.currency()
                ),
            ));
        }
        let mut rank = 0;
        if let Entry::Vacant(slot) = reference.schemes.entry(line.country) {
            let scheme = self
                .store
                .classification_scheme(line.country)
                .await
                .map_err(|e| vec![error(&columns.classification, e.to_string())])?;
            slot.insert(scheme);
        }
        if let Some(code) = &line.classification {
            match reference.schemes.get(&line.country).and_then(Option::as_ref) {
                None => errors.push(error(
                    &columns.classification,
                    format!(
                        "{} has no classification scheme: import one with `vigie classification import`",
                        line.country
                    ),
                )),
                Some(scheme) => match scheme.level(code) {
                    Some(level) => rank = i32::from(level.rank()),
                    None => {
                        let codes: Vec<String> = scheme
                            .levels()
                            .filter_map(|l| scheme.definition(l).map(|d| d.code.clone()))
                            .collect();
                        errors.push(error(
                            &columns.classification,
                            format!(
                                "`{code}` is not a level of {}: {}",
                                line.country,
                                codes.join(", ")
                            ),
                        ));
                    }
                },
            }
        }
        let amount_minor = line.amount.to_minor().unwrap_or_else(|e| {
            errors.push(error(&columns.amount, e.to_string()));
            0
        });
        if !errors.is_empty() {
            return Err(errors);
        }
        let ready = Ready {
            country: line.country,
            year: line.year.year(),
            scope: line.scope.code(),
            section: line.section.clone(),
            program: line.program.clone(),
            action: line.action.clone(),
            nature: line.nature.map(|n| n.code()).unwrap_or_default(),
            cofog: line
                .function
                .as_ref()
                .map(|f| f.as_str().to_owned())
                .unwrap_or_default(),
            stage: line.stage.code(),
            law: line.law.clone().unwrap_or_default(),
            amount_minor,
            currency: currency.code(),
            rank,
        };
        if let Writer::User { .. } = writer {
            let column = columns.classification.clone();
            if let Err(reason) = self.authorize_line(reference, writer, &ready).await {
                reference.refused = true;
                return Err(vec![error(&column, reason)]);
            }
        }
        Ok(ready)
    }

    /// A user's line: the policies must let them write its country-year
    /// (decided once per year, against the highest level stored in it) and
    /// change its level from the stored one, if it changes.
    async fn authorize_line(
        self,
        reference: &mut Reference,
        writer: Writer<'_>,
        ready: &Ready,
    ) -> std::result::Result<(), String> {
        let country = ready.country;
        let scheme = reference.schemes.get(&country).and_then(Option::as_ref);
        let level_at = |rank: i32| -> std::result::Result<ClassificationLevel, String> {
            let rank = u8::try_from(rank).map_err(|_| format!("rank {rank}"))?;
            match scheme {
                Some(s) => s
                    .at_rank(rank)
                    .ok_or_else(|| format!("rank {rank} is not a level of {country}")),
                None if rank == 0 => Ok(ClassificationLevel::public_of(country)),
                None => Err(format!("{country} has no classification scheme")),
            }
        };
        let key = (country, ready.year);
        if let Entry::Vacant(slot) = reference.years.entry(key) {
            let stored = self
                .stored_ranks(country, ready.year)
                .await
                .map_err(|e| e.to_string())?;
            let highest = stored.values().copied().max().unwrap_or(0);
            let mut year = Resource::budget_line(0, level_at(highest)?, ready.year);
            year.id = format!("budget-year:{country}:{}", ready.year);
            let access = match writer.decide(Action::Write, &year, None) {
                Ok(()) => Ok(stored),
                Err(_) => Err(format!(
                    "{country} {}: your account may not write this year's budget: \
                     only a producer of {country} cleared for every line of the year may",
                    ready.year
                )),
            };
            slot.insert(access);
        }
        let stored = match &reference.years[&key] {
            Ok(stored) => stored,
            Err(reason) => return Err(reason.clone()),
        };
        let from = stored.get(&heading(ready)).copied().unwrap_or(0);
        let mut line = Resource::budget_line(0, level_at(from)?, ready.year);
        line.id = format!("budget-line:{country}:{}", ready.year);
        let to = u8::try_from(ready.rank).unwrap_or(u8::MAX);
        writer.decide_level(&line, to).map_err(|_| {
            let verb = if to > line.level.rank() {
                "classify"
            } else {
                "declassify"
            };
            let code = scheme
                .and_then(|s| level_at(ready.rank).ok().and_then(|l| s.definition(l)))
                .map_or_else(|| ready.rank.to_string(), |d| d.code.clone());
            format!(
                "`{code}`: your account may not {verb} this line (the classification rules let \
                 only a classification authority of {country}, within its clearance)"
            )
        })
    }

    /// The rank of every stored line of a country-year, by heading.
    async fn stored_ranks(self, country: CountryCode, year: i32) -> Result<HashMap<Heading, i32>> {
        type Row = (
            String,
            String,
            String,
            String,
            String,
            String,
            String,
            String,
            i32,
        );
        let rows: Vec<Row> = on_pool!(&self.store.db, pool => {
            sqlx::query_as(
                "SELECT scope, section, program, action, nature, cofog, stage, law, rank FROM budget_lines \
                 WHERE country = $1 AND fiscal_year = $2",
            )
            .bind(country.as_str())
            .bind(year)
            .fetch_all(pool)
            .await?
        });
        Ok(rows
            .into_iter()
            .map(
                |(scope, section, program, action, nature, cofog, stage, law, rank)| {
                    (
                        [scope, section, program, action, nature, cofog, stage, law],
                        rank,
                    )
                },
            )
            .collect())
    }
}

/// `INSERT … ON CONFLICT DO UPDATE … WHERE something differs RETURNING`
/// for `n` lines: both backends skip the update (and return nothing) for a
/// line stored exactly as given, which is what makes a re-import a no-op.
fn upsert_sql(n: usize, placeholders: Placeholders) -> String {
    let mut sql = String::with_capacity(200 + n * 70);
    sql.push_str(
        "INSERT INTO budget_lines (country, fiscal_year, scope, section, program, action, nature, cofog, \
         stage, law, amount_minor, currency, rank) VALUES ",
    );
    sql.push_str(&placeholders.rows(n, 13));
    sql.push_str(
        " ON CONFLICT (country, fiscal_year, scope, section, program, action, nature, cofog, stage, law) \
         DO UPDATE SET amount_minor = excluded.amount_minor, currency = excluded.currency, rank = excluded.rank \
         WHERE budget_lines.amount_minor <> excluded.amount_minor \
            OR budget_lines.currency <> excluded.currency \
            OR budget_lines.rank <> excluded.rank \
         RETURNING country, fiscal_year",
    );
    sql
}

/// The stages whose total for a country and year (per scope) the lines as
/// stored after the import make negative: regularisation lines may be
/// negative, a cumulative total may not. One error per stage, on the file.
fn negative_totals(file_name: &str, rows: &[LineRow]) -> Vec<ImportError> {
    let mut totals: BTreeMap<(&str, i32, &str, &str, &str), i128> = BTreeMap::new();
    for r in rows {
        *totals
            .entry((&r.country, r.fiscal_year, &r.scope, &r.stage, &r.currency))
            .or_default() += i128::from(r.amount_minor);
    }
    totals
        .into_iter()
        .filter(|(_, total)| *total < 0)
        .map(|((country, year, scope, stage, currency), total)| {
            let digits = currency.parse::<Currency>().map_or(0, |c| c.minor_digits());
            let amount = i64::try_from(total).map_or_else(
                |_| total.to_string(),
                |t| Decimal::new(t, digits).to_string(),
            );
            ImportError {
                file: file_name.to_owned(),
                location: vigie_import::Location::File,
                column: String::new(),
                reason: format!(
                    "{country} {year}, {scope} lines, stage {stage}: the total would be \
                     {amount} {currency}; regularisation lines may be negative, but not a \
                     stage's total, which is cumulative"
                ),
                ..Default::default()
            }
        })
        .collect()
}
