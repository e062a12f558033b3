//! Reading documents from the database, and their state as the log hashes it.

use std::collections::HashMap;

use time::{Date, OffsetDateTime};
use vigie_domain::{ClassificationScheme, CountryCode};

use super::Document;
use crate::documents::Documents;
use crate::{Result, StoreError};

/// The columns of a document, with its level's names and its category's
/// treatment; followed by a filter.
macro_rules! select_documents {
    ($tail:expr) => {
        concat!(
            "SELECT d.id, d.country, d.reference, d.title, d.dated, d.producing_service, d.rank, ",
            "d.classified_by, d.legal_basis, d.category, d.justification, d.review_on, d.declassify_on, ",
            "d.derived_from, d.object_key, d.media_type, d.file_name, d.size, d.created_at, ",
            "l.code AS level_code, l.name_fr AS level_name_fr, l.name_en AS level_name_en, ",
            "c.treatment AS treatment ",
            "FROM documents d ",
            "JOIN classification_levels l ON l.country = d.country AND l.rank = d.rank ",
            "JOIN classification_categories c ON c.code = d.category ",
            $tail
        )
    };
}
pub(crate) use select_documents;

#[derive(Debug, sqlx::FromRow)]
pub(crate) struct DocumentRow {
    id: i64,
    country: String,
    reference: String,
    title: String,
    dated: Date,
    producing_service: String,
    rank: i32,
    classified_by: String,
    legal_basis: String,
    category: String,
    justification: String,
    review_on: Option<Date>,
    declassify_on: Option<Date>,
    derived_from: Option<i64>,
    object_key: String,
    media_type: String,
    file_name: String,
    size: i64,
    created_at: OffsetDateTime,
    level_code: String,
    level_name_fr: String,
    level_name_en: String,
    treatment: String,
}

impl DocumentRow {
    /// The document's country.
    pub(crate) fn country(&self) -> Result<CountryCode> {
        Ok(self.country.parse()?)
    }
}

/// The classification schemes of the countries at hand, to type stored levels.
#[derive(Debug, Default)]
pub(crate) struct Schemes(HashMap<CountryCode, ClassificationScheme>);

impl Schemes {
    pub(crate) fn get(&self, country: CountryCode) -> Result<&ClassificationScheme> {
        self.0.get(&country).ok_or_else(|| StoreError::NotFound {
            kind: "classification scheme",
            key: country.to_string(),
        })
    }

    pub(crate) fn document(&self, row: DocumentRow) -> Result<Document> {
        let country = row.country()?;
        let rank = u8::try_from(row.rank)
            .map_err(|_| StoreError::Corrupt(format!("document {}: rank {}", row.id, row.rank)))?;
        let level = self.get(country)?.at_rank(rank).ok_or_else(|| {
            StoreError::Corrupt(format!("document {}: no level {rank} in {country}", row.id))
        })?;
        Ok(Document {
            id: row.id,
            reference: row.reference,
            title: row.title,
            dated: row.dated,
            producing_service: row.producing_service,
            level,
            level_code: row.level_code,
            level_name_fr: row.level_name_fr,
            level_name_en: row.level_name_en,
            classified_by: row.classified_by,
            legal_basis: row.legal_basis,
            category: row.category,
            justification: row.justification,
            review_on: row.review_on,
            declassify_on: row.declassify_on,
            derived_from: row.derived_from,
            media_type: row.media_type,
            file_name: row.file_name,
            size: row.size,
            created_at: row.created_at,
            presumption_of_disclosure: row.treatment == "presumption_of_disclosure",
            object_key: row.object_key,
        })
    }
}

impl<'s> Documents<'s> {
    /// The classification schemes of some countries (each read once).
    pub(crate) async fn schemes_of(
        self,
        countries: impl IntoIterator<Item = CountryCode>,
    ) -> Result<Schemes> {
        let mut map = HashMap::new();
        for country in countries {
            if map.contains_key(&country) {
                continue;
            }
            if let Some(s) = self.store.classification_scheme(country).await? {
                map.insert(country, s);
            }
        }
        Ok(Schemes(map))
    }

    /// A document by id, whoever asks: for this module's decisions only.
    pub(crate) async fn load(self, id: i64) -> Result<Option<Document>> {
        let row: Option<DocumentRow> = crate::db::on_pool!(&self.store.db, pool => {
            sqlx::query_as(select_documents!("WHERE d.id = $1")).bind(id).fetch_optional(pool).await?
        });
        let Some(row) = row else { return Ok(None) };
        let schemes = self.schemes_of([row.country()?]).await?;
        Ok(Some(schemes.document(row)?))
    }

    /// The encrypted content of a document, decrypted.
    pub(crate) async fn open_content(self, doc: &Document) -> Result<Vec<u8>> {
        self.vault()?.get(&doc.object_key).await
    }

    pub(crate) fn vault(self) -> Result<&'s super::Vault> {
        self.store.vault.as_deref().ok_or_else(|| {
            StoreError::Unavailable("no document store is configured for this instance".into())
        })
    }
}

/// Every column of every row a query returns, as text: the log hashes
/// stored rows this way on write and on verify alike.
macro_rules! text_rows {
    ($conn:expr, $sql:expr, $id:expr) => {{
        use sqlx::{Column as _, Row as _};
        let rows = sqlx::query($sql).bind($id).fetch_all(&mut *$conn).await?;
        let mut out: Vec<Vec<(String, String)>> = Vec::new();
        for row in &rows {
            let mut fields = Vec::new();
            for (i, col) in row.columns().iter().enumerate() {
                let value: Option<String> = row.try_get(i)?;
                fields.push((col.name().to_owned(), value.unwrap_or_default()));
            }
            out.push(fields);
        }
        out
    }};
}
pub(crate) use text_rows;

pub(crate) const DOCUMENT_STATE: &str = "SELECT CAST(id AS TEXT) AS id, country, reference, title, \
     CAST(dated AS TEXT) AS dated, producing_service, CAST(rank AS TEXT) AS rank, classified_by, \
     legal_basis, category, justification, CAST(review_on AS TEXT) AS review_on, \
     CAST(declassify_on AS TEXT) AS declassify_on, CAST(derived_from AS TEXT) AS derived_from, \
     object_key, media_type, file_name, CAST(size AS TEXT) AS size, CAST(created_at AS TEXT) AS created_at \
     FROM documents WHERE id = $1";
pub(crate) const HISTORY_STATE: &str = "SELECT CAST(at AS TEXT) AS at, action, actor, \
     CAST(from_rank AS TEXT) AS from_rank, CAST(to_rank AS TEXT) AS to_rank, note \
     FROM document_history WHERE document_id = $1 ORDER BY id";
pub(crate) const REQUEST_STATE: &str = "SELECT CAST(id AS TEXT) AS id, country, producing_service, \
     CAST(document_id AS TEXT) AS document_id, category, CAST(requester_id AS TEXT) AS requester_id, \
     legal_basis, purpose, CAST(created_at AS TEXT) AS created_at, CAST(due_on AS TEXT) AS due_on, \
     status, appeal_reasons FROM access_requests WHERE id = $1";
pub(crate) const DECISIONS_STATE: &str = "SELECT CAST(decided_at AS TEXT) AS decided_at, decided_by, \
     decision, reasons, CASE WHEN on_appeal THEN 'true' ELSE 'false' END AS on_appeal \
     FROM access_decisions WHERE request_id = $1 ORDER BY id";
pub(crate) const GRANTS_STATE: &str = "SELECT CAST(user_id AS TEXT) AS user_id, \
     CAST(document_id AS TEXT) AS document_id, CAST(ends_at AS TEXT) AS ends_at \
     FROM access_grants WHERE request_id = $1 ORDER BY id";

/// The state of a document with its history, read inside `$conn`.
macro_rules! document_state_in {
    ($conn:expr, $id:expr) => {{
        let doc = $crate::documents::rows::text_rows!(
            $conn,
            $crate::documents::rows::DOCUMENT_STATE,
            $id
        );
        let history =
            $crate::documents::rows::text_rows!($conn, $crate::documents::rows::HISTORY_STATE, $id);
        $crate::log::state::rows("document", &[doc, history])
    }};
}
pub(crate) use document_state_in;

/// The state of an access request with its decisions and grants.
macro_rules! request_state_in {
    ($conn:expr, $id:expr) => {{
        let request =
            $crate::documents::rows::text_rows!($conn, $crate::documents::rows::REQUEST_STATE, $id);
        let decisions = $crate::documents::rows::text_rows!(
            $conn,
            $crate::documents::rows::DECISIONS_STATE,
            $id
        );
        let grants =
            $crate::documents::rows::text_rows!($conn, $crate::documents::rows::GRANTS_STATE, $id);
        $crate::log::state::rows("access_request", &[request, decisions, grants])
    }};
}
pub(crate) use request_state_in;

pub(crate) const MANDATE_STATE: &str = "SELECT institution, service, CAST(year_from AS TEXT) AS year_from, \
     CAST(year_to AS TEXT) AS year_to, reference, CASE WHEN illustrative THEN 'true' ELSE 'false' END AS illustrative \
     FROM mandates WHERE id = $1";
pub(crate) const ACCESS_RULE_STATE: &str = "SELECT country, CAST(answer_days AS TEXT) AS answer_days, \
     CAST(appeal_days AS TEXT) AS appeal_days, CAST(grant_days AS TEXT) AS grant_days, \
     CASE WHEN illustrative THEN 'true' ELSE 'false' END AS illustrative, source \
     FROM access_rules WHERE country = $1";

impl Documents<'_> {
    /// The state of every document, request, mandate and access rule, for
    /// `vigie log verify`: computed exactly as the writes computed it.
    pub(crate) async fn states(self) -> Result<Vec<(&'static str, String, [u8; 32])>> {
        let mut out = Vec::new();
        crate::db::on_pool!(&self.store.db, pool => {
            let mut conn = pool.acquire().await?;
            let ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM documents ORDER BY id").fetch_all(&mut *conn).await?;
            for id in ids {
                let h = document_state_in!(conn, id);
                out.push(("document", id.to_string(), h));
            }
            let ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM access_requests ORDER BY id").fetch_all(&mut *conn).await?;
            for id in ids {
                let h = request_state_in!(conn, id);
                out.push(("access_request", id.to_string(), h));
            }
            let ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM mandates ORDER BY id").fetch_all(&mut *conn).await?;
            for id in ids {
                let h = crate::log::state::rows("mandate", &[text_rows!(conn, MANDATE_STATE, id)]);
                out.push(("mandate", id.to_string(), h));
            }
            let countries: Vec<String> = sqlx::query_scalar("SELECT country FROM access_rules ORDER BY country").fetch_all(&mut *conn).await?;
            for country in countries {
                let h = crate::log::state::rows("access_rule", &[text_rows!(conn, ACCESS_RULE_STATE, &country)]);
                out.push(("access_rule", country, h));
            }
        });
        Ok(out)
    }
}
