//! Who is asking, as the policies see them: institution, roles, clearance,
//! mandates and running grants, read fresh for every request.

use time::OffsetDateTime;
use vigie_policy::Principal;

use crate::db::on_pool;
use crate::{Result, Store, User};

impl Store {
    /// The principal of a signed-in user. Grants that have ended and
    /// mandates of other institutions do not count.
    pub async fn principal(&self, user: &User) -> Result<Principal> {
        let now = OffsetDateTime::now_utc();
        let (kind, country, clearance): (String, Option<String>, Option<i32>) = on_pool!(&self.db, pool => {
            sqlx::query_as(
                "SELECT i.kind, i.country, c.rank FROM users u JOIN institutions i ON i.id = u.institution_id \
                 LEFT JOIN clearances c ON c.user_id = u.id WHERE u.id = $1",
            )
            .bind(user.id.0)
            .fetch_one(pool)
            .await?
        });
        let mandates: Vec<(String, i32, i32)> = on_pool!(&self.db, pool => {
            sqlx::query_as("SELECT service, year_from, year_to FROM mandates WHERE institution = $1")
                .bind(user.institution.as_str())
                .fetch_all(pool)
                .await?
        });
        let grants: Vec<i64> = on_pool!(&self.db, pool => {
            sqlx::query_scalar("SELECT document_id FROM access_grants WHERE user_id = $1 AND ends_at > $2")
                .bind(user.id.0)
                .bind(now)
                .fetch_all(pool)
                .await?
        });
        Ok(Principal {
            id: user.username.to_string(),
            country: country.map(|c| c.parse()).transpose()?,
            institution: user.institution.to_string(),
            institution_kind: Some(kind.parse()?),
            roles: user.roles.clone(),
            clearance: clearance.and_then(|r| u8::try_from(r).ok()).unwrap_or(0),
            mandates: mandates
                .into_iter()
                .flat_map(|(service, from, to)| (from..=to).map(move |y| format!("{service}:{y}")))
                .collect(),
            grants: grants.into_iter().map(|g| g.to_string()).collect(),
        })
    }
}
