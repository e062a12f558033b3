//! Declassification: on the date the register set (`vigie declassify
//! --due`, and hourly inside `serve`), or on an authority's decision —
//! whole, or as a public version without some passages while the original
//! stays classified.

use time::{Date, OffsetDateTime};
use vigie_domain::Invalid;
use vigie_policy::{Action, Authorizer, Principal};

use super::authorize::refusal;
use super::logged;
use super::register::{Insert, insert_document};
use super::rows::document_state_in;
use crate::db::{BeginWrite, on_pool};
use crate::documents::Documents;
use crate::log::{Actor, Change, LogConn};
use crate::{Result, StoreError};

/// An authority's declassification.
#[derive(Debug, Clone, Default)]
pub struct Declassify {
    /// Why, in writing.
    pub reasons: String,
    /// Passages to remove: when given, a public version without them is
    /// published and the original stays classified.
    pub remove: Vec<String>,
}

/// What a declassification did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Declassified {
    /// The document.
    pub id: i64,
    /// Its country.
    pub country: String,
    /// Its reference.
    pub reference: String,
    /// The level it left (code).
    pub from_level: String,
    /// The public version made, when passages were removed.
    pub public_version: Option<i64>,
}

impl Documents<'_> {
    /// Declassifies a document on an authority's decision.
    pub async fn declassify(
        self,
        authorizer: &Authorizer,
        actor: &Actor,
        who: &Principal,
        id: i64,
        request: &Declassify,
    ) -> Result<Declassified> {
        if request.reasons.trim().is_empty() {
            return Err(StoreError::Invalid(Invalid {
                field: "reasons",
                value: request.reasons.clone(),
                reason: "a declassification must give its reasons in writing".into(),
            }));
        }
        let hidden = || StoreError::NotFound {
            kind: "document",
            key: id.to_string(),
        };
        let doc = self.load(id).await?.ok_or_else(hidden)?;
        let resource = doc.resource();
        let decision = authorizer.decide(who, Action::Declassify, &resource, Some(0));
        if !decision.permit {
            return Err(refusal(
                authorizer,
                who,
                &resource,
                "only a classification authority of the producing service declassifies it",
            ));
        }
        if doc.level.is_public() {
            return Err(StoreError::Conflict(format!(
                "document {id} is not classified"
            )));
        }
        let now = OffsetDateTime::now_utc();
        let schemes = self.schemes_of([doc.country()]).await?;
        let scheme = schemes.get(doc.country())?;
        let public_code = scheme
            .definition(scheme.public())
            .map(|d| d.code.clone())
            .unwrap_or_default();
        let version = if request.remove.is_empty() {
            None
        } else {
            self.may_read_to_redact(authorizer, who, &doc)?;
            let mut v = self
                .redacted_version(&doc, &request.remove, &format!("{}/PUB", doc.reference))
                .await?;
            v.level = public_code;
            v.title = format!("{} — version publique / public version", doc.title);
            Some(v.into_public())
        };
        let object_key = match &version {
            Some(v) => Some(self.vault()?.put(&v.content).await?),
            None => None,
        };
        let from_rank = i32::from(doc.level.rank());
        let written: Result<Option<i64>> = async {
            Ok(on_pool!(&self.store.db, pool => {
                let mut tx = pool.begin_write().await?;
                let mut changes = Vec::new();
                let public_version = match (&version, &object_key) {
                    (Some(v), Some(key)) => {
                        let ins = Insert {
                            new: v,
                            rank: 0,
                            dated: doc.dated,
                            declassify_on: None,
                            producing_service: doc.producing_service.clone(),
                            classified_by: who.id.clone(),
                            derived_from: Some(id),
                            object_key: key.clone(),
                            history: ("public_version", Some(from_rank), request.reasons.clone()),
                        };
                        let new_id = insert_document!(tx, &ins, now);
                        let state = document_state_in!(tx, new_id);
                        changes.push(Change::new("create", "document", new_id.to_string(), Some(state)));
                        sqlx::query(
                            "INSERT INTO document_history (document_id, at, action, actor, from_rank, to_rank, note) \
                             VALUES ($1, $2, 'public_version', $3, NULL, NULL, $4)",
                        )
                        .bind(id)
                        .bind(now)
                        .bind(&who.id)
                        .bind(format!("public version {new_id}"))
                        .execute(&mut *tx)
                        .await?;
                        Some(new_id)
                    }
                    _ => {
                        // Only from the level read above: of two decisions
                        // made at once, the second writes nothing.
                        let claimed = sqlx::query("UPDATE documents SET rank = 0, declassify_on = NULL WHERE id = $1 AND rank = $2")
                            .bind(id)
                            .bind(from_rank)
                            .execute(&mut *tx)
                            .await?
                            .rows_affected();
                        if claimed == 0 {
                            return Err(StoreError::Conflict(format!(
                                "document {id} changed meanwhile; reload it"
                            )));
                        }
                        sqlx::query(
                            "INSERT INTO document_history (document_id, at, action, actor, from_rank, to_rank, note) \
                             VALUES ($1, $2, 'declassify', $3, $4, 0, $5)",
                        )
                        .bind(id)
                        .bind(now)
                        .bind(&who.id)
                        .bind(from_rank)
                        .bind(&request.reasons)
                        .execute(&mut *tx)
                        .await?;
                        None
                    }
                };
                let state = document_state_in!(tx, id);
                let mut change = Change::new("declassify", "document", id.to_string(), Some(state));
                change.decision = Some(logged(&decision));
                changes.push(change);
                tx.append(actor, &changes).await?;
                tx.commit().await?;
                public_version
            }))
        }
        .await;
        let public_version = match written {
            Ok(v) => v,
            Err(e) => {
                if let Some(key) = object_key {
                    self.vault()?.delete(&key).await;
                }
                return Err(e);
            }
        };
        Ok(Declassified {
            id,
            country: doc.country().to_string(),
            reference: doc.reference,
            from_level: doc.level_code,
            public_version,
        })
    }

    /// Declassifies every document whose declassification date is on or
    /// before `as_of`, in one transaction, and says which.
    pub async fn declassify_due(self, actor: &Actor, as_of: Date) -> Result<Vec<Declassified>> {
        let now = OffsetDateTime::now_utc();
        let done = on_pool!(&self.store.db, pool => {
            let mut tx = pool.begin_write().await?;
            let due: Vec<(i64, String, String, i32, Date, String)> = sqlx::query_as(
                "SELECT d.id, d.country, d.reference, d.rank, d.declassify_on, l.code FROM documents d \
                 JOIN classification_levels l ON l.country = d.country AND l.rank = d.rank \
                 WHERE d.rank > 0 AND d.declassify_on <= $1 ORDER BY d.id",
            )
            .bind(as_of)
            .fetch_all(&mut *tx)
            .await?;
            let mut changes = Vec::new();
            let mut done = Vec::new();
            for (id, country, reference, rank, date, level) in due {
                let note = format!("declassification date {date} reached");
                // Another run (the server's hourly one and `vigie declassify
                // --due`) may have declassified it since the select.
                let claimed = sqlx::query("UPDATE documents SET rank = 0 WHERE id = $1 AND rank = $2")
                    .bind(id)
                    .bind(rank)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
                if claimed == 0 {
                    continue;
                }
                sqlx::query(
                    "INSERT INTO document_history (document_id, at, action, actor, from_rank, to_rank, note) \
                     VALUES ($1, $2, 'declassify_due', '@system', $3, 0, $4)",
                )
                .bind(id)
                .bind(now)
                .bind(rank)
                .bind(&note)
                .execute(&mut *tx)
                .await?;
                let state = document_state_in!(tx, id);
                let mut change = Change::new("declassify", "document", id.to_string(), Some(state));
                change.decision = Some(vigie_ledger::Decision {
                    permit: true,
                    policies: vec!["declassification-date".into()],
                    reasons: note,
                });
                changes.push(change);
                done.push(Declassified {
                    id,
                    country,
                    reference,
                    from_level: level,
                    public_version: None,
                });
            }
            tx.append(actor, &changes).await?;
            tx.commit().await?;
            done
        });
        Ok(done)
    }
}
