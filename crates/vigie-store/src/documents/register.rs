//! Registering a document: the classify decision, the encrypted content,
//! the row, its history and its log entry.

use time::{Date, Duration, OffsetDateTime};
use vigie_domain::{ClassificationLevel, ClassificationScheme, CountryCode, Invalid};
use vigie_policy::{Action, Authorizer, Principal, Resource};

use super::rows::document_state_in;
use super::{HistoryStep, logged};
use crate::db::{BeginWrite, on_pool};
use crate::documents::Documents;
use crate::log::{Actor, Change, LogConn};
use crate::{Result, StoreError};

/// A document to register. The producing service is the registering
/// user's institution.
#[derive(Debug, Clone)]
pub struct NewDocument {
    /// Its country (the level is read in its scheme).
    pub country: CountryCode,
    /// Its reference, unique within the country.
    pub reference: String,
    /// Its title.
    pub title: String,
    /// The date it bears; today if not given.
    pub dated: Option<Date>,
    /// The level's code in the country's scheme (`SD`).
    pub level: String,
    /// Its category code.
    pub category: String,
    /// The legal basis of the classification.
    pub legal_basis: String,
    /// Why it is classified.
    pub justification: String,
    /// When to review the classification.
    pub review_on: Option<Date>,
    /// When it is declassified at the latest; by default the date plus the
    /// level's maximum duration, and never later.
    pub declassify_on: Option<Date>,
    /// The content's file name.
    pub file_name: String,
    /// The content's media type.
    pub media_type: String,
    /// The content.
    pub content: Vec<u8>,
}

impl NewDocument {
    /// This document as a public version of a classified one: it carries
    /// none of the original's classification record — legal basis,
    /// justification (which may say what the removed passages are about),
    /// review and declassification dates — since it is not classified and
    /// everyone reads it. The original keeps them; its history links the two.
    pub(crate) fn into_public(self) -> NewDocument {
        NewDocument {
            legal_basis: String::new(),
            justification: String::new(),
            review_on: None,
            declassify_on: None,
            ..self
        }
    }
}

fn invalid(field: &'static str, value: impl Into<String>, reason: impl Into<String>) -> StoreError {
    StoreError::Invalid(Invalid {
        field,
        value: value.into(),
        reason: reason.into(),
    })
}

/// Everything about a row to insert, checked.
#[derive(Debug)]
pub(crate) struct Insert<'a> {
    pub new: &'a NewDocument,
    pub rank: u8,
    pub dated: Date,
    pub declassify_on: Option<Date>,
    pub producing_service: String,
    pub classified_by: String,
    pub derived_from: Option<i64>,
    pub object_key: String,
    pub history: (&'static str, Option<i32>, String),
}

/// Inserts a document and its first history step inside `$tx`; evaluates
/// to the new id.
macro_rules! insert_document {
    ($tx:expr, $ins:expr, $now:expr) => {{
        let ins = $ins;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO documents (country, reference, title, dated, producing_service, rank, classified_by, \
             legal_basis, category, justification, review_on, declassify_on, derived_from, object_key, media_type, \
             file_name, size, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, \
             $16, $17, $18) RETURNING id",
        )
        .bind(ins.new.country.as_str())
        .bind(&ins.new.reference)
        .bind(&ins.new.title)
        .bind(ins.dated)
        .bind(&ins.producing_service)
        .bind(i32::from(ins.rank))
        .bind(&ins.classified_by)
        .bind(&ins.new.legal_basis)
        .bind(&ins.new.category)
        .bind(&ins.new.justification)
        .bind(ins.new.review_on)
        .bind(ins.declassify_on)
        .bind(ins.derived_from)
        .bind(&ins.object_key)
        .bind(&ins.new.media_type)
        .bind(&ins.new.file_name)
        .bind(i64::try_from(ins.new.content.len()).unwrap_or(i64::MAX))
        .bind($now)
        .fetch_one(&mut *$tx)
        .await
        .map_err(|e| match $crate::StoreError::from(e) {
            $crate::StoreError::Duplicate { .. } => $crate::StoreError::Conflict(format!(
                "a document with reference `{}` already exists in {}",
                ins.new.reference, ins.new.country
            )),
            other => other,
        })?;
        let (action, from, note) = &ins.history;
        sqlx::query(
            "INSERT INTO document_history (document_id, at, action, actor, from_rank, to_rank, note) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(id)
        .bind($now)
        .bind(*action)
        .bind(&ins.classified_by)
        .bind(*from)
        .bind(i32::from(ins.rank))
        .bind(note)
        .execute(&mut *$tx)
        .await?;
        id
    }};
}
pub(crate) use insert_document;

impl Documents<'_> {
    /// Checks a new document against its country's scheme and categories;
    /// returns its rank, date, declassification date and whether its
    /// category is presumed public.
    pub(crate) async fn check_new(
        self,
        new: &NewDocument,
        today: Date,
    ) -> Result<(ClassificationLevel, Date, Option<Date>, bool)> {
        let scheme = self
            .store
            .classification_scheme(new.country)
            .await?
            .ok_or_else(|| {
                invalid(
                    "country",
                    new.country.to_string(),
                    "no classification scheme for this country",
                )
            })?;
        let presumption = self
            .store
            .list_categories()
            .await?
            .into_iter()
            .find(|c| c.code == new.category)
            .map(|c| c.treatment == vigie_domain::Treatment::PresumptionOfDisclosure)
            .ok_or_else(|| invalid("category", new.category.as_str(), "unknown category"))?;
        let (level, dated, declassify_on) = checked(new, &scheme, today)?;
        Ok((level, dated, declassify_on, presumption))
    }

    /// Registers a document: `who` must be allowed to classify it at its
    /// level (the `classify` policies), the content is encrypted into the
    /// document store, and the row, its history and the log entry (with the
    /// decision) are written in one transaction.
    pub async fn create(
        self,
        authorizer: &Authorizer,
        actor: &Actor,
        who: &Principal,
        new: &NewDocument,
    ) -> Result<i64> {
        let now = OffsetDateTime::now_utc();
        let (level, dated, declassify_on, presumption) = self.check_new(new, now.date()).await?;
        let rank = level.rank();
        let resource = Resource {
            id: String::new(),
            level,
            category: new.category.clone(),
            presumption_of_disclosure: presumption,
            producing_service: who.institution.clone(),
            year: dated.year(),
        };
        let decision = authorizer.decide(who, Action::Classify, &resource, Some(rank));
        if !decision.permit {
            return Err(StoreError::Forbidden(format!(
                "you may not classify this document at {}{}",
                new.level,
                if decision.policies.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", decision.policies.join(", "))
                }
            )));
        }
        let object_key = self.vault()?.put(&new.content).await?;
        let ins = Insert {
            new,
            rank,
            dated,
            declassify_on,
            producing_service: who.institution.clone(),
            classified_by: who.id.clone(),
            derived_from: None,
            object_key: object_key.clone(),
            history: ("classify", None, new.justification.clone()),
        };
        let written: Result<i64> = async {
            Ok(on_pool!(&self.store.db, pool => {
                let mut tx = pool.begin_write().await?;
                let id = insert_document!(tx, &ins, now);
                let state = document_state_in!(tx, id);
                let mut change = Change::new("create", "document", id.to_string(), Some(state));
                change.decision = Some(logged(&decision));
                tx.append(actor, std::slice::from_ref(&change)).await?;
                tx.commit().await?;
                id
            }))
        }
        .await;
        if written.is_err() {
            self.vault()?.delete(&object_key).await;
        }
        written
    }

    /// A document's history, oldest first.
    pub(crate) async fn history_of(self, id: i64) -> Result<Vec<HistoryStep>> {
        Ok(on_pool!(&self.store.db, pool => {
            sqlx::query_as(
                "SELECT at, action, actor, from_rank, to_rank, note FROM document_history \
                 WHERE document_id = $1 ORDER BY id",
            )
            .bind(id)
            .fetch_all(pool)
            .await?
        }))
    }
}

/// Checks a new document against its country's scheme: the level exists,
/// and the declassification date is after the document's date and within
/// the level's maximum duration (which it defaults to).
pub(crate) fn checked(
    new: &NewDocument,
    scheme: &ClassificationScheme,
    today: Date,
) -> Result<(ClassificationLevel, Date, Option<Date>)> {
    for (field, value) in [("reference", &new.reference), ("title", &new.title)] {
        if value.trim().is_empty() {
            return Err(invalid(field, value.as_str(), "must not be empty"));
        }
    }
    if new.content.is_empty() {
        return Err(invalid("file", "", "the file is empty"));
    }
    let level = scheme.level(&new.level).ok_or_else(|| {
        let codes: Vec<String> = scheme
            .levels()
            .filter_map(|l| scheme.definition(l).map(|d| d.code.clone()))
            .collect();
        invalid(
            "level",
            new.level.as_str(),
            format!("not a level of {}: {}", new.country, codes.join(", ")),
        )
    })?;
    let dated = new.dated.unwrap_or(today);
    let max_years = scheme.definition(level).and_then(|d| d.max_years);
    let declassify_on = match (level.is_public(), max_years) {
        (true, _) => None,
        (false, None) => new.declassify_on,
        (false, Some(years)) => {
            let limit = dated
                .replace_year(dated.year() + i32::from(years))
                .unwrap_or_else(|_| dated + Duration::days(365 * i64::from(years)));
            match new.declassify_on {
                Some(d) if d > limit => {
                    return Err(invalid(
                        "declassify_on",
                        d.to_string(),
                        format!(
                            "{} may last {years} years at most: {limit} at the latest",
                            new.level
                        ),
                    ));
                }
                Some(d) => Some(d),
                None => Some(limit),
            }
        }
    };
    if let Some(d) = declassify_on.filter(|d| *d <= dated) {
        return Err(invalid(
            "declassify_on",
            d.to_string(),
            "must be after the document's date",
        ));
    }
    Ok((level, dated, declassify_on))
}
