//! Changes to one recommendation after it was recorded: its status (along
//! the workflow, with a reason), a milestone done, a piece of evidence.
//! Each checks who may act ([`super::may_change_status`]), writes, and logs
//! the recommendation's new state in the same transaction.

use time::{Date, OffsetDateTime};
use vigie_domain::Invalid;
use vigie_domain::recommendation::{Reason, RecommendationStatus, check_transition};

use super::{may_change_status, recommendation_state};
use crate::db::{BeginWrite, on_pool};
use crate::log::{Actor, Change, LogConn};
use crate::recommendations::Recommendations;
use crate::{Result, StoreError, User};

/// A change of status asked for: where to, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusChange {
    /// The new status.
    pub status: RecommendationStatus,
    /// Why.
    pub reason: Reason,
}

impl Recommendations<'_> {
    /// The current status, made_on and addressees of a recommendation, or
    /// `NotFound`; refuses (`Forbidden`) a user who may not act on it.
    async fn authorize_change(
        self,
        user: &User,
        id: i64,
    ) -> Result<(RecommendationStatus, String)> {
        let found: Option<(String, String)> = on_pool!(&self.store.db, pool => {
            sqlx::query_as("SELECT status, made_on FROM recommendations WHERE id = $1").bind(id).fetch_optional(pool).await?
        });
        let Some((status, made_on)) = found else {
            return Err(StoreError::NotFound {
                kind: "recommendation",
                key: id.to_string(),
            });
        };
        let addressees = self.addressees(id).await?;
        if !may_change_status(user, &addressees) {
            return Err(StoreError::Forbidden(
                "only the facilitator or a producer, auditor or parliamentarian of an addressee institution may change this recommendation".into(),
            ));
        }
        Ok((status.parse()?, made_on))
    }

    pub(crate) async fn addressees(self, id: i64) -> Result<Vec<String>> {
        Ok(on_pool!(&self.store.db, pool => {
            sqlx::query_scalar("SELECT institution FROM recommendation_addressees WHERE recommendation_id = $1 ORDER BY institution")
                .bind(id).fetch_all(pool).await?
        }))
    }

    /// Moves recommendation `id` to a new status, if the workflow allows
    /// it (otherwise `Invalid` naming the rule) and `user` may (otherwise
    /// `Forbidden`); records who, for which institution, when (`now`) and why.
    pub async fn change_status(
        self,
        user: &User,
        id: i64,
        change: &StatusChange,
        now: OffsetDateTime,
    ) -> Result<()> {
        let (from, _) = self.authorize_change(user, id).await?;
        check_transition(from, change.status).map_err(|e| Invalid {
            field: "status",
            value: change.status.code().to_owned(),
            reason: e.to_string(),
        })?;
        let actor = Actor::user(user);
        on_pool!(&self.store.db, pool => {
            let mut tx = pool.begin_write().await?;
            // The status read above must still be the current one.
            let updated = sqlx::query("UPDATE recommendations SET status = $1 WHERE id = $2 AND status = $3")
                .bind(change.status.code()).bind(id).bind(from.code())
                .execute(&mut *tx).await?.rows_affected();
            if updated != 1 {
                tx.rollback().await?;
                return Err(StoreError::Conflict("the status changed meanwhile: reload and try again".into()));
            }
            sqlx::query(
                "INSERT INTO recommendation_history (recommendation_id, from_status, to_status, reason, username, institution, at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(id).bind(from.code()).bind(change.status.code()).bind(change.reason.as_str())
            .bind(user.username.as_str()).bind(user.institution.as_str()).bind(now)
            .execute(&mut *tx).await?;
            let (code, h) = recommendation_state!(&mut *tx, id);
            tx.append(&actor, &[Change::new("change_status", "recommendation", code, Some(h))]).await?;
            tx.commit().await?;
        });
        Ok(())
    }

    /// Marks milestone `position` of recommendation `id` done on `done_on`.
    pub async fn mark_milestone_done(
        self,
        user: &User,
        id: i64,
        position: i32,
        done_on: Date,
    ) -> Result<()> {
        let (_, made_on) = self.authorize_change(user, id).await?;
        if done_on.to_string() < made_on {
            return Err(Invalid {
                field: "done_on",
                value: done_on.to_string(),
                reason: format!("before the recommendation was made ({made_on})"),
            }
            .into());
        }
        let actor = Actor::user(user);
        on_pool!(&self.store.db, pool => {
            let mut tx = pool.begin_write().await?;
            let updated = sqlx::query(
                "UPDATE recommendation_milestones SET done_on = $1 WHERE recommendation_id = $2 AND position = $3 AND done_on IS NULL",
            )
            .bind(done_on.to_string()).bind(id).bind(position)
            .execute(&mut *tx).await?.rows_affected();
            if updated != 1 {
                tx.rollback().await?;
                return Err(StoreError::NotFound { kind: "milestone not done", key: format!("{id}/{position}") });
            }
            let (code, h) = recommendation_state!(&mut *tx, id);
            tx.append(&actor, &[Change::new("milestone_done", "recommendation", code, Some(h))]).await?;
            tx.commit().await?;
        });
        Ok(())
    }

    /// Adds a piece of evidence (a title and a link) to recommendation `id`.
    pub async fn add_evidence(
        self,
        user: &User,
        id: i64,
        title: &str,
        url: &str,
        now: OffsetDateTime,
    ) -> Result<()> {
        self.authorize_change(user, id).await?;
        if title.trim().is_empty() {
            return Err(Invalid {
                field: "title",
                value: title.to_owned(),
                reason: "empty".into(),
            }
            .into());
        }
        let url = vigie_domain::WebLink::parse("url", url)?;
        let url = url.as_str();
        let actor = Actor::user(user);
        on_pool!(&self.store.db, pool => {
            let mut tx = pool.begin_write().await?;
            sqlx::query(
                "INSERT INTO recommendation_evidence (recommendation_id, title, url, added_by, added_at) VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(id).bind(title.trim()).bind(url).bind(user.username.as_str()).bind(now)
            .execute(&mut *tx).await?;
            let (code, h) = recommendation_state!(&mut *tx, id);
            tx.append(&actor, &[Change::new("add_evidence", "recommendation", code, Some(h))]).await?;
            tx.commit().await?;
        });
        Ok(())
    }
}
