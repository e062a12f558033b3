//! What oversight principals carry beyond their roles: a clearance (per
//! user) and mandates (per institution). Both widen what the policies
//! allow, so both are logged.

use vigie_domain::{InstitutionCode, Invalid, Username};

use super::rows::{MANDATE_STATE, text_rows};
use crate::db::{BeginWrite, on_pool};
use crate::log::{Actor, Change, LogConn, state};
use crate::{Result, Store, StoreError};

/// An oversight mandate: an institution covers a service for some years.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Mandate {
    /// Its id.
    pub id: i64,
    /// The overseeing institution's code.
    pub institution: String,
    /// The service covered.
    pub service: String,
    /// First year covered.
    pub year_from: i32,
    /// Last year covered.
    pub year_to: i32,
    /// The decision or programme that gives the mandate.
    pub reference: String,
    /// Whether it is a demo placeholder.
    pub illustrative: bool,
}

/// The longest span a mandate may cover.
const MAX_YEARS: i32 = 30;

impl Store {
    /// Sets the rank a user is cleared to in their country's scheme (0
    /// removes the clearance).
    pub async fn set_clearance(&self, actor: &Actor, username: &Username, rank: u8) -> Result<()> {
        let user = self
            .user_by_username(username)
            .await?
            .ok_or_else(|| StoreError::NotFound {
                kind: "user",
                key: username.to_string(),
            })?;
        let rank = i32::from(rank);
        let change = Change::new(
            "update",
            "clearance",
            username.as_str(),
            Some(state::clearance(username.as_str(), rank)),
        );
        on_pool!(&self.db, pool => {
            let mut tx = pool.begin_write().await?;
            sqlx::query("INSERT INTO clearances (user_id, rank) VALUES ($1, $2) ON CONFLICT (user_id) DO UPDATE SET rank = $2")
                .bind(user.id.0)
                .bind(rank)
                .execute(&mut *tx)
                .await?;
            tx.append(actor, std::slice::from_ref(&change)).await?;
            tx.commit().await?;
        });
        Ok(())
    }

    /// Gives an institution a mandate over a service for `from..=to`.
    pub async fn add_mandate(
        &self,
        actor: &Actor,
        institution: &InstitutionCode,
        service: &InstitutionCode,
        years: (i32, i32),
        reference: &str,
    ) -> Result<i64> {
        let (from, to) = years;
        if to < from || to - from >= MAX_YEARS {
            return Err(StoreError::Invalid(Invalid {
                field: "years",
                value: format!("{from}-{to}"),
                reason: format!("a mandate covers 1 to {MAX_YEARS} years, first year first"),
            }));
        }
        if reference.trim().is_empty() {
            return Err(StoreError::Invalid(Invalid {
                field: "reference",
                value: String::new(),
                reason: "name the decision that gives the mandate".into(),
            }));
        }
        for code in [institution, service] {
            if self.institution_id(code).await?.is_none() {
                return Err(StoreError::NotFound {
                    kind: "institution",
                    key: code.to_string(),
                });
            }
        }
        let id = on_pool!(&self.db, pool => {
            let mut tx = pool.begin_write().await?;
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO mandates (institution, service, year_from, year_to, reference, illustrative) \
                 VALUES ($1, $2, $3, $4, $5, FALSE) RETURNING id",
            )
            .bind(institution.as_str())
            .bind(service.as_str())
            .bind(from)
            .bind(to)
            .bind(reference)
            .fetch_one(&mut *tx)
            .await?;
            let h = state::rows("mandate", &[text_rows!(tx, MANDATE_STATE, id)]);
            tx.append(actor, &[Change::new("create", "mandate", id.to_string(), Some(h))]).await?;
            tx.commit().await?;
            id
        });
        Ok(id)
    }

    /// Every mandate, by institution.
    pub async fn list_mandates(&self) -> Result<Vec<Mandate>> {
        Ok(on_pool!(&self.db, pool => {
            sqlx::query_as(
                "SELECT id, institution, service, year_from, year_to, reference, illustrative FROM mandates \
                 ORDER BY institution, service, year_from",
            )
            .fetch_all(pool)
            .await?
        }))
    }
}
