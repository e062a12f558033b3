//! Oversight access requests: asked with a legal basis and a purpose, due
//! within the country's legal delay, answered with written reasons (grant,
//! grant in part through a redacted version, refusal), open to appeal.
//! A grant opens documents to the requester alone, until it ends.

use time::{Date, Duration, OffsetDateTime};
use vigie_domain::Invalid;
use vigie_policy::{Action, Authorizer, Principal, Resource};

use super::rows::request_state_in;
use super::{Document, logged};
use crate::db::{BeginWrite, on_pool};
use crate::documents::Documents;
use crate::log::{Actor, Change, LogConn};
use crate::{Result, StoreError, User, page};

mod answer;

/// What a request asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RequestTarget {
    /// One document.
    Document(i64),
    /// The classified documents of a category produced by a service.
    Category {
        /// The producing service's code.
        service: String,
        /// The category code.
        category: String,
    },
}

/// A new request.
#[derive(Debug, Clone)]
pub struct NewRequest {
    /// What is asked for.
    pub target: RequestTarget,
    /// The law or mandate the request rests on.
    pub legal_basis: String,
    /// What the access is for.
    pub purpose: String,
}

/// An authority's answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// Access to the whole document(s).
    Grant,
    /// Access to a version without these passages (one text document).
    Partial {
        /// The passages to remove.
        remove: Vec<String>,
    },
    /// No access.
    Refuse,
}

impl Answer {
    fn code(&self) -> &'static str {
        match self {
            Answer::Grant => "grant",
            Answer::Partial { .. } => "partial",
            Answer::Refuse => "refuse",
        }
    }
}

/// Where a request stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RequestStatus {
    /// Waiting for an answer.
    Pending,
    /// Granted.
    Granted,
    /// Granted in part.
    Partial,
    /// Refused.
    Refused,
    /// Appealed by the requester; waiting for a new answer.
    Appealed,
}

impl RequestStatus {
    /// The stored code.
    pub fn code(self) -> &'static str {
        match self {
            RequestStatus::Pending => "pending",
            RequestStatus::Granted => "granted",
            RequestStatus::Partial => "partial",
            RequestStatus::Refused => "refused",
            RequestStatus::Appealed => "appealed",
        }
    }

    fn parse(s: &str) -> Result<RequestStatus> {
        Ok(match s {
            "pending" => RequestStatus::Pending,
            "granted" => RequestStatus::Granted,
            "partial" => RequestStatus::Partial,
            "refused" => RequestStatus::Refused,
            "appealed" => RequestStatus::Appealed,
            other => return Err(StoreError::Corrupt(format!("request status `{other}`"))),
        })
    }

    /// Whether an answer is awaited.
    pub fn is_open(self) -> bool {
        matches!(self, RequestStatus::Pending | RequestStatus::Appealed)
    }
}

/// One decision on a request.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct RequestDecision {
    /// When.
    pub decided_at: OffsetDateTime,
    /// Who (username).
    pub decided_by: String,
    /// `grant`, `partial` or `refuse`.
    pub decision: String,
    /// The written reasons.
    pub reasons: String,
    /// Whether it answered an appeal.
    pub on_appeal: bool,
}

/// A request as its requester or its authority sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessRequest {
    /// Its id.
    pub id: i64,
    /// The country.
    pub country: String,
    /// The service whose authority answers.
    pub producing_service: String,
    /// What is asked for.
    pub target: RequestTarget,
    /// The requester's username.
    pub requester: String,
    /// The requester's institution.
    pub requester_institution: String,
    /// The legal basis.
    pub legal_basis: String,
    /// The purpose.
    pub purpose: String,
    /// When it was made.
    pub created_at: OffsetDateTime,
    /// When the answer is due.
    pub due_on: Date,
    /// Where it stands.
    pub status: RequestStatus,
    /// Open and past its due date: flagged to both sides.
    pub overdue: bool,
    /// The requester's reasons for appealing, if they did.
    pub appeal_reasons: Option<String>,
    /// The answers so far, oldest first.
    pub decisions: Vec<RequestDecision>,
    /// What the grants opened: (document id, until).
    pub grants: Vec<(i64, OffsetDateTime)>,
}

/// Which requests a listing shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RequestView {
    /// Those the user made.
    Mine,
    /// Those the user's service must answer.
    ToAnswer,
}

/// The legal delays of a country, with Vigie's defaults where none is set.
#[derive(Debug, Clone, Copy)]
struct Delays {
    answer_days: i64,
    appeal_days: i64,
    grant_days: i64,
}

const DEFAULT_DELAYS: Delays = Delays {
    answer_days: 30,
    appeal_days: 15,
    grant_days: 90,
};

fn invalid(field: &'static str, value: &str, reason: &str) -> StoreError {
    StoreError::Invalid(Invalid {
        field,
        value: value.to_owned(),
        reason: reason.to_owned(),
    })
}

#[derive(sqlx::FromRow)]
struct RequestRow {
    id: i64,
    country: String,
    producing_service: String,
    document_id: Option<i64>,
    category: Option<String>,
    requester: String,
    requester_id: i64,
    requester_institution: String,
    legal_basis: String,
    purpose: String,
    created_at: OffsetDateTime,
    due_on: Date,
    status: String,
    appeal_reasons: Option<String>,
}

macro_rules! select_requests {
    ($tail:literal) => {
        concat!(
            "SELECT r.id, r.country, r.producing_service, r.document_id, r.category, u.username AS requester, ",
            "r.requester_id, i.code AS requester_institution, r.legal_basis, r.purpose, r.created_at, r.due_on, ",
            "r.status, r.appeal_reasons FROM access_requests r JOIN users u ON u.id = r.requester_id ",
            "JOIN institutions i ON i.id = u.institution_id ",
            $tail
        )
    };
}

impl Documents<'_> {
    async fn delays(self, country: &str) -> Result<Delays> {
        let row: Option<(i32, i32, i32)> = on_pool!(&self.store.db, pool => {
            sqlx::query_as("SELECT answer_days, appeal_days, grant_days FROM access_rules WHERE country = $1")
                .bind(country)
                .fetch_optional(pool)
                .await?
        });
        Ok(row.map_or(DEFAULT_DELAYS, |(a, b, c)| Delays {
            answer_days: i64::from(a),
            appeal_days: i64::from(b),
            grant_days: i64::from(c),
        }))
    }

    /// The resource a category request is decided on: any classified
    /// document of that service and category, at the top of the scheme.
    async fn category_resource(
        self,
        who: &Principal,
        service: &str,
        category: &str,
    ) -> Result<Resource> {
        let country = who
            .country
            .ok_or_else(|| invalid("service", service, "not a service of your country"))?;
        let institution = self
            .store
            .list_institutions()
            .await?
            .into_iter()
            .find(|i| i.code().as_str() == service && i.country() == Some(country))
            .ok_or_else(|| invalid("service", service, "not a service of your country"))?;
        let categories = self.store.list_categories().await?;
        let cat = categories
            .iter()
            .find(|c| c.code == category)
            .ok_or_else(|| invalid("category", category, "unknown category"))?;
        let schemes = self.schemes_of([country]).await?;
        let scheme = schemes.get(country)?;
        let top = scheme.levels().last().unwrap_or_else(|| scheme.public());
        Ok(Resource {
            id: String::new(),
            level: top,
            category: cat.code.clone(),
            presumption_of_disclosure: cat.treatment
                == vigie_domain::Treatment::PresumptionOfDisclosure,
            producing_service: institution.code().to_string(),
            year: OffsetDateTime::now_utc().year(),
        })
    }

    /// Decides `action` on a request's target: the document (hidden as
    /// `NotFound` from whoever may not see it), or a category.
    async fn decide_on_target(
        self,
        authorizer: &Authorizer,
        who: &Principal,
        target: &RequestTarget,
        action: Action,
    ) -> Result<(Resource, Option<Document>, vigie_policy::Decision)> {
        let (resource, doc) = match target {
            RequestTarget::Document(id) => {
                let hidden = || StoreError::NotFound {
                    kind: "document",
                    key: id.to_string(),
                };
                let doc = self.load(*id).await?.ok_or_else(hidden)?;
                (doc.resource(), Some(doc))
            }
            RequestTarget::Category { service, category } => {
                (self.category_resource(who, service, category).await?, None)
            }
        };
        let decision = authorizer.decide(who, action, &resource, None);
        // Whoever may neither see the document nor answer for it does not
        // learn that it exists.
        let answers = action == Action::DecideRequest && decision.permit;
        if doc.is_some()
            && !answers
            && !authorizer.decide(who, Action::List, &resource, None).permit
        {
            return Err(StoreError::NotFound {
                kind: "document",
                key: resource.id.clone(),
            });
        }
        Ok((resource, doc, decision))
    }

    /// Files an access request. The policies must allow `request_access`
    /// on the target; the answer is due within the country's legal delay.
    pub async fn request_access(
        self,
        authorizer: &Authorizer,
        actor: &Actor,
        user: &User,
        who: &Principal,
        new: &NewRequest,
    ) -> Result<i64> {
        for (field, value) in [("legal_basis", &new.legal_basis), ("purpose", &new.purpose)] {
            if value.trim().is_empty() {
                return Err(invalid(field, value, "must not be empty"));
            }
        }
        let (resource, _, decision) = self
            .decide_on_target(authorizer, who, &new.target, Action::RequestAccess)
            .await?;
        if !decision.permit {
            return Err(StoreError::Forbidden(
                "your role does not allow access requests for this document".into(),
            ));
        }
        let country = resource.level.country().to_string();
        let delays = self.delays(&country).await?;
        let now = OffsetDateTime::now_utc();
        let due_on = now.date() + Duration::days(delays.answer_days);
        let (document_id, category) = match &new.target {
            RequestTarget::Document(id) => (Some(*id), None),
            RequestTarget::Category { category, .. } => (None, Some(category.clone())),
        };
        let id = on_pool!(&self.store.db, pool => {
            let mut tx = pool.begin_write().await?;
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO access_requests (country, producing_service, document_id, category, requester_id, \
                 legal_basis, purpose, created_at, due_on, status) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'pending') \
                 RETURNING id",
            )
            .bind(&country)
            .bind(&resource.producing_service)
            .bind(document_id)
            .bind(&category)
            .bind(user.id.0)
            .bind(&new.legal_basis)
            .bind(&new.purpose)
            .bind(now)
            .bind(due_on)
            .fetch_one(&mut *tx)
            .await?;
            let state = request_state_in!(tx, id);
            let mut change = Change::new("create", "access_request", id.to_string(), Some(state));
            change.decision = Some(logged(&decision));
            tx.append(actor, std::slice::from_ref(&change)).await?;
            tx.commit().await?;
            id
        });
        Ok(id)
    }

    /// A page of at most `limit` of the requests a user made, or of those
    /// their service must answer (for a classification authority: the
    /// policies decide, request by request), newest first, after the
    /// request `after` (the last of the page before), and the id of this
    /// page's last when another follows. The database seeks the id; a
    /// request the policies withhold is skipped, and whether a page follows
    /// is known only from a request the caller may see.
    pub async fn list_requests(
        self,
        authorizer: &Authorizer,
        user: &User,
        who: &Principal,
        view: RequestView,
        after: Option<i64>,
        limit: usize,
    ) -> Result<(Vec<AccessRequest>, Option<i64>)> {
        let batch = limit.saturating_add(1);
        let (mut out, mut after) = (Vec::with_capacity(batch), after);
        'read: loop {
            let rows: Vec<RequestRow> = on_pool!(&self.store.db, pool => {
                match view {
                    RequestView::Mine => sqlx::query_as(select_requests!(
                        "WHERE r.requester_id = $1 AND ($2 IS NULL OR r.id < $2) ORDER BY r.id DESC LIMIT $3"
                    ))
                    .bind(user.id.0),
                    RequestView::ToAnswer => sqlx::query_as(select_requests!(
                        "WHERE r.producing_service = $1 AND ($2 IS NULL OR r.id < $2) ORDER BY r.id DESC LIMIT $3"
                    ))
                    .bind(user.institution.as_str()),
                }
                .bind(after)
                .bind(page::read_limit(limit))
                .fetch_all(pool)
                .await?
            });
            let read = rows.len();
            for row in rows {
                after = Some(row.id);
                let loaded = self.complete(row).await?;
                if view == RequestView::ToAnswer {
                    let allowed = self
                        .decide_on_target(
                            authorizer,
                            who,
                            &loaded.view.target,
                            Action::DecideRequest,
                        )
                        .await
                        .is_ok_and(|(_, _, d)| d.permit);
                    if !allowed {
                        continue;
                    }
                }
                out.push(loaded.view);
                if out.len() == batch {
                    break 'read;
                }
            }
            if read < batch {
                break;
            }
        }
        let next = page::cut(&mut out, limit, |r| r.id);
        Ok((out, next))
    }

    /// One request, for its requester or an authority that may answer it;
    /// `NotFound` for anyone else.
    pub async fn access_request(
        self,
        authorizer: &Authorizer,
        user: &User,
        who: &Principal,
        id: i64,
    ) -> Result<AccessRequest> {
        let loaded = self.load_request(id).await?;
        if loaded.requester_id == user.id.0 {
            return Ok(loaded.view);
        }
        match self
            .decide_on_target(authorizer, who, &loaded.view.target, Action::DecideRequest)
            .await
        {
            Ok((_, _, d)) if d.permit => Ok(loaded.view),
            _ => Err(StoreError::NotFound {
                kind: "access request",
                key: id.to_string(),
            }),
        }
    }

    async fn load_request(self, id: i64) -> Result<Loaded> {
        let row: Option<RequestRow> = on_pool!(&self.store.db, pool => {
            sqlx::query_as(select_requests!("WHERE r.id = $1")).bind(id).fetch_optional(pool).await?
        });
        let row = row.ok_or_else(|| StoreError::NotFound {
            kind: "access request",
            key: id.to_string(),
        })?;
        self.complete(row).await
    }

    async fn complete(self, row: RequestRow) -> Result<Loaded> {
        let decisions: Vec<RequestDecision> = on_pool!(&self.store.db, pool => {
            sqlx::query_as(
                "SELECT decided_at, decided_by, decision, reasons, on_appeal FROM access_decisions \
                 WHERE request_id = $1 ORDER BY id",
            )
            .bind(row.id)
            .fetch_all(pool)
            .await?
        });
        let grants: Vec<(i64, OffsetDateTime)> = on_pool!(&self.store.db, pool => {
            sqlx::query_as("SELECT document_id, ends_at FROM access_grants WHERE request_id = $1 ORDER BY id")
                .bind(row.id)
                .fetch_all(pool)
                .await?
        });
        let status = RequestStatus::parse(&row.status)?;
        let today = OffsetDateTime::now_utc().date();
        let target = match (row.document_id, row.category) {
            (Some(id), _) => RequestTarget::Document(id),
            (None, Some(category)) => RequestTarget::Category {
                service: row.producing_service.clone(),
                category,
            },
            (None, None) => {
                return Err(StoreError::Corrupt(format!(
                    "request {} has no target",
                    row.id
                )));
            }
        };
        Ok(Loaded {
            requester_id: row.requester_id,
            view: AccessRequest {
                id: row.id,
                country: row.country.clone(),
                producing_service: row.producing_service,
                target,
                requester: row.requester,
                requester_institution: row.requester_institution,
                legal_basis: row.legal_basis,
                purpose: row.purpose,
                created_at: row.created_at,
                due_on: row.due_on,
                status,
                overdue: status.is_open() && row.due_on < today,
                appeal_reasons: row.appeal_reasons,
                decisions,
                grants,
            },
        })
    }
}

/// A request with what only the store needs to know about it.
struct Loaded {
    requester_id: i64,
    view: AccessRequest,
}

impl std::ops::Deref for Loaded {
    type Target = AccessRequest;
    fn deref(&self) -> &AccessRequest {
        &self.view
    }
}
