//! Answering a request — grant, grant in part through a redacted version,
//! refuse — and appealing an answer.

use time::{Duration, OffsetDateTime};
use vigie_policy::{Action, Authorizer, Principal};

use super::{AccessRequest, Answer, RequestStatus, RequestTarget, invalid};
use crate::db::{BeginWrite, on_pool};
use crate::documents::Documents;
use crate::documents::register::{Insert, NewDocument, insert_document};
use crate::documents::rows::{document_state_in, request_state_in};
use crate::documents::{Document, logged};
use crate::log::{Actor, Change, LogConn};
use crate::{Result, StoreError, User};

impl Documents<'_> {
    /// Answers a request, with written reasons (refused without). The
    /// policies must allow `decide_request` on its target. A grant opens
    /// the document(s) to the requester for the country's grant period; a
    /// partial grant first makes a redacted version of the document, at the
    /// same level, and opens that.
    pub async fn decide_request(
        self,
        authorizer: &Authorizer,
        actor: &Actor,
        who: &Principal,
        id: i64,
        answer: &Answer,
        reasons: &str,
    ) -> Result<AccessRequest> {
        if reasons.trim().is_empty() {
            return Err(invalid(
                "reasons",
                reasons,
                "a decision must give its reasons in writing",
            ));
        }
        let request = self.load_request(id).await?;
        // Whoever may not answer it learns nothing of the request (its
        // status, its target, even that it exists: issue 14, class 4),
        // except its requester, who knows it already.
        let decided = self
            .decide_on_target(authorizer, who, &request.target, Action::DecideRequest)
            .await;
        let (_, doc, decision) = match decided {
            Ok(found) if found.2.permit => found,
            Ok(_) | Err(StoreError::NotFound { .. }) if request.view.requester == who.id => {
                return Err(StoreError::Forbidden(
                    "only a classification authority of the producing service answers this request"
                        .into(),
                ));
            }
            Ok(_) | Err(StoreError::NotFound { .. }) => {
                return Err(StoreError::NotFound {
                    kind: "access request",
                    key: id.to_string(),
                });
            }
            Err(e) => return Err(e),
        };
        if !request.status.is_open() {
            return Err(StoreError::Conflict(format!(
                "request {id} was already answered ({}); the requester may appeal",
                request.status.code()
            )));
        }
        let already_answered = |id: i64| {
            StoreError::Conflict(format!(
                "request {id} was answered meanwhile; reload it to see the decision"
            ))
        };
        let now = OffsetDateTime::now_utc();
        let ends_at = now + Duration::days(self.delays(&request.country).await?.grant_days);
        // What the grant opens, and the redacted version to make first.
        let mut redacted: Option<(NewDocument, Document)> = None;
        let mut open: Vec<i64> = Vec::new();
        match (answer, &request.target) {
            (Answer::Refuse, _) => {}
            (Answer::Grant, RequestTarget::Document(doc_id)) => open.push(*doc_id),
            (Answer::Grant, RequestTarget::Category { service, category }) => {
                open = on_pool!(&self.store.db, pool => {
                    sqlx::query_scalar(
                        "SELECT id FROM documents WHERE producing_service = $1 AND category = $2 AND rank > 0 ORDER BY id",
                    )
                    .bind(service)
                    .bind(category)
                    .fetch_all(pool)
                    .await?
                });
            }
            (Answer::Partial { remove }, RequestTarget::Document(_)) => {
                let original = doc.ok_or_else(|| invalid("decision", "partial", "no document"))?;
                // The passages to remove are checked against the content:
                // only someone who may read it may name them, or the errors
                // would tell the content (issue 14, class 4).
                self.may_read_to_redact(authorizer, who, &original)?;
                let version = self
                    .redacted_version(
                        &original,
                        remove,
                        &format!("{}/EXP-{id}", original.reference),
                    )
                    .await?;
                redacted = Some((version, original));
            }
            (Answer::Partial { .. }, RequestTarget::Category { .. }) => {
                return Err(invalid(
                    "decision",
                    "partial",
                    "a partial grant removes passages from one document: answer a category request with grant or refuse",
                ));
            }
        }
        let object_key = match &redacted {
            Some((version, _)) => Some(self.vault()?.put(&version.content).await?),
            None => None,
        };
        let on_appeal = request.status == RequestStatus::Appealed;
        let status = match answer {
            Answer::Grant => RequestStatus::Granted,
            Answer::Partial { .. } => RequestStatus::Partial,
            Answer::Refuse => RequestStatus::Refused,
        };
        let written: Result<()> = async {
            on_pool!(&self.store.db, pool => {
                let mut tx = pool.begin_write().await?;
                // Only from the status read above: of two decisions made
                // at once, the second finds the request answered and
                // writes nothing (no grant for a refused request).
                let claimed = sqlx::query("UPDATE access_requests SET status = $1 WHERE id = $2 AND status = $3")
                    .bind(status.code())
                    .bind(id)
                    .bind(request.status.code())
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
                if claimed == 0 {
                    return Err(already_answered(id));
                }
                let mut changes = Vec::new();
                if let (Some((version, original)), Some(key)) = (&redacted, &object_key) {
                    let ins = Insert {
                        new: version,
                        rank: original.level.rank(),
                        dated: original.dated,
                        declassify_on: original.declassify_on,
                        producing_service: original.producing_service.clone(),
                        classified_by: who.id.clone(),
                        derived_from: Some(original.id),
                        object_key: key.clone(),
                        history: ("redacted_version", None, reasons.to_owned()),
                    };
                    let new_id = insert_document!(tx, &ins, now);
                    open.push(new_id);
                    sqlx::query(
                        "INSERT INTO document_history (document_id, at, action, actor, from_rank, to_rank, note) \
                         VALUES ($1, $2, 'redacted_version', $3, NULL, NULL, $4)",
                    )
                    .bind(original.id)
                    .bind(now)
                    .bind(&who.id)
                    .bind(format!("version {new_id}, request {id}"))
                    .execute(&mut *tx)
                    .await?;
                    let state = document_state_in!(tx, new_id);
                    changes.push(Change::new("create", "document", new_id.to_string(), Some(state)));
                    let state = document_state_in!(tx, original.id);
                    changes.push(Change::new("update", "document", original.id.to_string(), Some(state)));
                }
                sqlx::query(
                    "INSERT INTO access_decisions (request_id, decided_at, decided_by, decision, reasons, on_appeal) \
                     VALUES ($1, $2, $3, $4, $5, $6)",
                )
                .bind(id)
                .bind(now)
                .bind(&who.id)
                .bind(answer.code())
                .bind(reasons)
                .bind(on_appeal)
                .execute(&mut *tx)
                .await?;
                for doc_id in &open {
                    sqlx::query(
                        "INSERT INTO access_grants (request_id, user_id, document_id, ends_at) VALUES ($1, $2, $3, $4)",
                    )
                    .bind(id)
                    .bind(request.requester_id)
                    .bind(doc_id)
                    .bind(ends_at)
                    .execute(&mut *tx)
                    .await?;
                }
                let state = request_state_in!(tx, id);
                let mut change = Change::new("decide", "access_request", id.to_string(), Some(state));
                change.decision = Some(logged(&decision));
                changes.push(change);
                tx.append(actor, &changes).await?;
                tx.commit().await?;
            });
            Ok(())
        }
        .await;
        if let Err(e) = written {
            if let Some(key) = object_key {
                self.vault()?.delete(&key).await;
            }
            return Err(e);
        }
        self.load_request(id).await.map(|r| r.view)
    }

    /// Refuses to redact a document the caller may not read: whether a
    /// passage is in it is its content.
    pub(crate) fn may_read_to_redact(
        self,
        authorizer: &Authorizer,
        who: &Principal,
        original: &Document,
    ) -> Result<()> {
        if authorizer
            .decide(who, Action::Consult, &original.resource(), None)
            .permit
        {
            Ok(())
        } else {
            Err(StoreError::Forbidden(
                "only someone who may read the document names passages to remove from it; \
                 grant or refuse it whole, or register a redacted file"
                    .into(),
            ))
        }
    }

    /// A version of a text document without some passages, ready to
    /// register under `reference`.
    pub(crate) async fn redacted_version(
        self,
        original: &Document,
        remove: &[String],
        reference: &str,
    ) -> Result<NewDocument> {
        let content = self.open_content(original).await?;
        let text = String::from_utf8(content).map_err(|_| {
            invalid(
                "remove",
                "",
                "passages can only be removed from a text document; register a redacted file instead",
            )
        })?;
        let public = vigie_domain::redact(&text, remove)?;
        Ok(NewDocument {
            country: original.country(),
            reference: reference.to_owned(),
            title: format!("{} — version expurgée / redacted version", original.title),
            dated: Some(original.dated),
            level: original.level_code.clone(),
            category: original.category.clone(),
            legal_basis: original.legal_basis.clone(),
            justification: original.justification.clone(),
            review_on: original.review_on,
            declassify_on: original.declassify_on,
            file_name: original.file_name.clone(),
            media_type: original.media_type.clone(),
            content: public.into_bytes(),
        })
    }

    /// Appeals an answer (a refusal or a partial grant): only the requester
    /// may, with reasons; a new answer is due within the appeal delay.
    pub async fn appeal_request(
        self,
        actor: &Actor,
        user: &User,
        id: i64,
        reasons: &str,
    ) -> Result<AccessRequest> {
        if reasons.trim().is_empty() {
            return Err(invalid(
                "reasons",
                reasons,
                "an appeal must give its reasons in writing",
            ));
        }
        let request = self.load_request(id).await?;
        if request.requester_id != user.id.0 {
            return Err(StoreError::NotFound {
                kind: "access request",
                key: id.to_string(),
            });
        }
        if !matches!(
            request.status,
            RequestStatus::Refused | RequestStatus::Partial
        ) {
            return Err(StoreError::Conflict(format!(
                "request {id} is {}: only a refusal or a partial grant can be appealed",
                request.status.code()
            )));
        }
        let due_on = OffsetDateTime::now_utc().date()
            + Duration::days(self.delays(&request.country).await?.appeal_days);
        on_pool!(&self.store.db, pool => {
            let mut tx = pool.begin_write().await?;
            // Only from the answer read above: two appeals sent at once
            // make one appeal.
            let claimed = sqlx::query("UPDATE access_requests SET status = 'appealed', appeal_reasons = $1, due_on = $2 WHERE id = $3 AND status = $4")
                .bind(reasons)
                .bind(due_on)
                .bind(id)
                .bind(request.status.code())
                .execute(&mut *tx)
                .await?
                .rows_affected();
            if claimed == 0 {
                return Err(StoreError::Conflict(format!(
                    "request {id} changed meanwhile; reload it"
                )));
            }
            let state = request_state_in!(tx, id);
            let change = Change::new("appeal", "access_request", id.to_string(), Some(state));
            tx.append(actor, std::slice::from_ref(&change)).await?;
            tx.commit().await?;
        });
        self.load_request(id).await.map(|r| r.view)
    }
}
