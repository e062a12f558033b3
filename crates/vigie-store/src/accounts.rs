//! Users, their roles, browser sessions and API tokens.

use std::collections::BTreeMap;

use time::{Duration, OffsetDateTime};
use vigie_domain::{InstitutionCode, Role, TokenScope, Username};

use crate::credentials::{random_token, token_hash};
use crate::db::{BeginWrite, on_pool};
use crate::log::{Actor, Change, LogConn, state};
use crate::second_factor::clearance_rank;
use crate::{Result, Store, StoreError};

/// A user's database id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
pub struct UserId(pub i64);

/// A user as the rest of Vigie sees it: never with the password hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    /// Database id.
    pub id: UserId,
    /// Login name.
    pub username: Username,
    /// The institution the user belongs to.
    pub institution: InstitutionCode,
    /// The roles held, sorted.
    pub roles: Vec<Role>,
    /// A disabled user cannot sign in, and their sessions and tokens stop working.
    pub disabled: bool,
}

/// What is needed to create an account.
#[derive(Debug, Clone)]
pub struct NewUser {
    /// Login name.
    pub username: Username,
    /// Institution code; must exist.
    pub institution: InstitutionCode,
    /// At least one role.
    pub roles: Vec<Role>,
    /// The argon2id PHC string (see [`crate::credentials::hash_password`]).
    pub password_hash: String,
}

/// A signed-in browser session.
#[derive(Debug, Clone)]
pub struct SessionInfo {
    /// Who is signed in.
    pub user: User,
    /// The token every state-changing form of this session must carry.
    pub csrf_token: String,
    /// When the session ends, whatever happens.
    pub expires_at: OffsetDateTime,
}

/// A newly created API token. The secret is shown once and never stored.
#[derive(Debug, Clone)]
pub struct ApiToken {
    /// The bearer secret.
    pub secret: String,
    /// Its id, for `vigie token revoke --id`.
    pub id: i64,
}

/// What a new API token may do, and until when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenSpec {
    /// A note to recognise it by.
    pub label: String,
    /// `read` (GET and HEAD only) or `write`.
    pub scope: TokenScope,
    /// When it stops working (whole seconds); `None`: when revoked.
    pub expires_at: Option<OffsetDateTime>,
}

#[derive(sqlx::FromRow)]
struct UserRow {
    id: i64,
    username: String,
    institution: String,
    disabled: bool,
}

#[derive(sqlx::FromRow)]
struct RoleRow {
    user_id: i64,
    role: String,
}

/// The log state of a user as stored now, read inside a transaction.
macro_rules! user_state_in {
    ($conn:expr, $username:expr) => {{
        let (id, institution, disabled, hash): (i64, String, bool, String) = sqlx::query_as(
            "SELECT u.id, i.code, u.disabled, u.password_hash FROM users u \
             JOIN institutions i ON i.id = u.institution_id WHERE u.username = $1",
        )
        .bind($username)
        .fetch_one(&mut *$conn)
        .await?;
        let roles: Vec<String> =
            sqlx::query_scalar("SELECT role FROM user_roles WHERE user_id = $1")
                .bind(id)
                .fetch_all(&mut *$conn)
                .await?;
        let roles: Vec<&str> = roles.iter().map(String::as_str).collect();
        (
            id,
            state::user($username, &institution, &roles, disabled, &hash),
        )
    }};
}

/// One API token as listed for its owner or an administrator (never the secret).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenInfo {
    /// Its id, for `vigie token revoke --id`.
    pub id: i64,
    /// Whose it is.
    pub username: Username,
    /// The note given at creation.
    pub label: String,
    /// When it was created.
    pub created_at: OffsetDateTime,
    /// When it was revoked, if it was.
    pub revoked_at: Option<OffsetDateTime>,
    /// What it may do.
    pub scope: TokenScope,
    /// When it stops working, if it does.
    pub expires_at: Option<OffsetDateTime>,
}

/// A row of `session`: user, CSRF token, expiry, opened with the second
/// factor, user enrolled, user's clearance rank.
type SessionRow = (i64, String, OffsetDateTime, bool, bool, Option<i32>);

/// When a token stops working (`None`: when revoked).
type Expiry = Option<OffsetDateTime>;

/// A row of `list_api_tokens`: id, username, label, created, revoked,
/// scope, expires.
type TokenRow = (
    i64,
    String,
    String,
    OffsetDateTime,
    Option<OffsetDateTime>,
    String,
    Expiry,
);

/// The user columns, followed by a static filter or order clause.
macro_rules! select_users {
    ($tail:literal) => {
        concat!(
            "SELECT u.id, u.username, i.code AS institution, u.disabled ",
            "FROM users u JOIN institutions i ON i.id = u.institution_id ",
            $tail
        )
    };
}

impl Store {
    /// Creates an account with its roles, and its log entry, in one transaction.
    pub async fn create_user(&self, actor: &Actor, new: &NewUser) -> Result<User> {
        if new.roles.is_empty() {
            return Err(StoreError::Invalid(vigie_domain::Invalid {
                field: "role",
                value: String::new(),
                reason: "a user needs at least one role".into(),
            }));
        }
        let institution_id = self
            .institution_id(&new.institution)
            .await?
            .ok_or_else(|| StoreError::NotFound {
                kind: "institution",
                key: new.institution.to_string(),
            })?;
        let now = OffsetDateTime::now_utc();
        let roles: Vec<&str> = new.roles.iter().map(|r| r.code()).collect();
        let state = state::user(
            new.username.as_str(),
            new.institution.as_str(),
            &roles,
            false,
            &new.password_hash,
        );
        let change = Change::new("create", "user", new.username.as_str(), Some(state));
        let id: i64 = on_pool!(&self.db, pool => {
            let mut tx = pool.begin_write().await?;
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO users (username, institution_id, password_hash, created_at) \
                 VALUES ($1, $2, $3, $4) RETURNING id",
            )
            .bind(new.username.as_str())
            .bind(institution_id)
            .bind(&new.password_hash)
            .bind(now)
            .fetch_one(&mut *tx)
            .await
            .map_err(|e| match StoreError::from(e) {
                StoreError::Duplicate { .. } => StoreError::Conflict(format!("user `{}` already exists", new.username)),
                other => other,
            })?;
            for role in &new.roles {
                sqlx::query("INSERT INTO user_roles (user_id, role) VALUES ($1, $2) ON CONFLICT DO NOTHING")
                    .bind(id)
                    .bind(role.code())
                    .execute(&mut *tx)
                    .await?;
            }
            tx.append(actor, std::slice::from_ref(&change)).await?;
            tx.commit().await?;
            id
        });
        self.user_by_id(UserId(id))
            .await?
            .ok_or_else(|| StoreError::NotFound {
                kind: "user",
                key: new.username.to_string(),
            })
    }

    /// Every user, sorted by username.
    pub async fn list_users(&self) -> Result<Vec<User>> {
        let (rows, roles): (Vec<UserRow>, Vec<RoleRow>) = on_pool!(&self.db, pool => {
            let rows = sqlx::query_as(select_users!("ORDER BY u.username")).fetch_all(pool).await?;
            let roles = sqlx::query_as("SELECT user_id, role FROM user_roles").fetch_all(pool).await?;
            (rows, roles)
        });
        let mut by_user: BTreeMap<i64, Vec<String>> = BTreeMap::new();
        for r in roles {
            by_user.entry(r.user_id).or_default().push(r.role);
        }
        rows.into_iter()
            .map(|row| {
                let roles = by_user.remove(&row.id).unwrap_or_default();
                to_user(row, roles)
            })
            .collect()
    }

    /// The user with a username, if any.
    pub async fn user_by_username(&self, username: &Username) -> Result<Option<User>> {
        let row: Option<UserRow> = on_pool!(&self.db, pool => {
            sqlx::query_as(select_users!("WHERE u.username = $1"))
                .bind(username.as_str())
                .fetch_optional(pool)
                .await?
        });
        self.with_roles(row).await
    }

    /// The user with an id, if any.
    pub async fn user_by_id(&self, id: UserId) -> Result<Option<User>> {
        let row: Option<UserRow> = on_pool!(&self.db, pool => {
            sqlx::query_as(select_users!("WHERE u.id = $1"))
                .bind(id.0)
                .fetch_optional(pool)
                .await?
        });
        self.with_roles(row).await
    }

    /// The enabled user with a username and their stored password hash, for
    /// the caller to verify (slowly, off the async threads).
    pub async fn login_candidate(&self, username: &Username) -> Result<Option<(User, String)>> {
        let hash: Option<String> = on_pool!(&self.db, pool => {
            sqlx::query_scalar("SELECT password_hash FROM users WHERE username = $1 AND NOT disabled")
                .bind(username.as_str())
                .fetch_optional(pool)
                .await?
        });
        let Some(hash) = hash else { return Ok(None) };
        Ok(self.user_by_username(username).await?.map(|u| (u, hash)))
    }

    /// Opens a browser session for a user; returns the cookie secret (shown
    /// once, stored only as a hash) and the session.
    pub async fn create_session(
        &self,
        user: &User,
        lifetime: Duration,
    ) -> Result<(String, SessionInfo)> {
        let secret = random_token();
        let csrf_token = random_token();
        let now = OffsetDateTime::now_utc();
        let expires_at = now + lifetime;
        let change = Change::new("sign_in", "session", user.username.as_str(), None);
        on_pool!(&self.db, pool => {
            let mut tx = pool.begin_write().await?;
            sqlx::query(
                "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at) \
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(token_hash(&secret))
            .bind(user.id.0)
            .bind(&csrf_token)
            .bind(now)
            .bind(expires_at)
            .execute(&mut *tx)
            .await?;
            tx.append(&Actor::user(user), std::slice::from_ref(&change)).await?;
            tx.commit().await?;
        });
        let info = SessionInfo {
            user: user.clone(),
            csrf_token,
            expires_at,
        };
        Ok((secret, info))
    }

    /// The live session a cookie secret opens, if any: not expired, user
    /// enabled, and opened with the second factor if the account is asked
    /// for one now (a session opened before the account was cleared, given
    /// a role or enrolled opens nothing).
    pub async fn session(&self, secret: &str) -> Result<Option<SessionInfo>> {
        let row: Option<SessionRow> = on_pool!(&self.db, pool => {
            sqlx::query_as(
                "SELECT s.user_id, s.csrf_token, s.expires_at, s.second_factor, u.totp_secret IS NOT NULL, c.rank \
                 FROM sessions s JOIN users u ON u.id = s.user_id LEFT JOIN clearances c ON c.user_id = u.id \
                 WHERE s.token_hash = $1 AND s.expires_at > $2 AND NOT u.disabled",
            )
            .bind(token_hash(secret))
            .bind(OffsetDateTime::now_utc())
            .fetch_optional(pool)
            .await?
        });
        let Some((user_id, csrf_token, expires_at, second_factor, enrolled, rank)) = row else {
            return Ok(None);
        };
        let Some(user) = self.user_by_id(UserId(user_id)).await? else {
            return Ok(None);
        };
        let asked =
            enrolled || vigie_domain::second_factor_required(&user.roles, clearance_rank(rank));
        Ok((second_factor || !asked).then_some(SessionInfo {
            user,
            csrf_token,
            expires_at,
        }))
    }

    /// Ends a session (sign-out), logged as its user's. Ending an unknown
    /// session is not an error.
    pub async fn delete_session(&self, secret: &str) -> Result<()> {
        let Some(session) = self.session(secret).await? else {
            return Ok(());
        };
        let change = Change::new("sign_out", "session", session.user.username.as_str(), None);
        on_pool!(&self.db, pool => {
            let mut tx = pool.begin_write().await?;
            let gone = sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
                .bind(token_hash(secret))
                .execute(&mut *tx)
                .await?
                .rows_affected();
            if gone > 0 {
                tx.append(&Actor::user(&session.user), std::slice::from_ref(&change)).await?;
            }
            tx.commit().await?;
        });
        Ok(())
    }

    /// Removes expired sessions, and half-done sign-ins that expired;
    /// returns how many sessions.
    pub async fn purge_expired_sessions(&self) -> Result<u64> {
        let now = OffsetDateTime::now_utc();
        let done = on_pool!(&self.db, pool => {
            sqlx::query("DELETE FROM sign_in_challenges WHERE expires_at <= $1")
                .bind(now)
                .execute(pool)
                .await?;
            sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
                .bind(now)
                .execute(pool)
                .await?
                .rows_affected()
        });
        Ok(done)
    }

    /// Creates a `write` API token without expiry for a user (what tests
    /// and benches use); see [`Store::create_api_token_with`].
    pub async fn create_api_token(
        &self,
        actor: &Actor,
        username: &Username,
        label: &str,
    ) -> Result<ApiToken> {
        let spec = TokenSpec {
            label: label.to_owned(),
            scope: TokenScope::Write,
            expires_at: None,
        };
        self.create_api_token_with(actor, username, &spec).await
    }

    /// Creates an API token for a user, with its scope and expiry, and logs
    /// it (the state covers both). The secret is returned once.
    pub async fn create_api_token_with(
        &self,
        actor: &Actor,
        username: &Username,
        spec: &TokenSpec,
    ) -> Result<ApiToken> {
        let label = spec.label.as_str();
        let expires_at = spec
            .expires_at
            .map(|t| OffsetDateTime::from_unix_timestamp(t.unix_timestamp()))
            .transpose()
            .map_err(|e| StoreError::Unavailable(format!("token expiry: {e}")))?;
        let user = self
            .user_by_username(username)
            .await?
            .ok_or_else(|| StoreError::NotFound {
                kind: "user",
                key: username.to_string(),
            })?;
        let secret = format!("vigie_{}", random_token());
        let hash = token_hash(&secret);
        let state = state::api_token(
            username.as_str(),
            label,
            &hash,
            false,
            spec.scope.code(),
            expires_at.map(OffsetDateTime::unix_timestamp),
        );
        let id = on_pool!(&self.db, pool => {
            let mut tx = pool.begin_write().await?;
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO api_tokens (token_hash, user_id, label, created_at, scope, expires_at) \
                 VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
            )
            .bind(&hash)
            .bind(user.id.0)
            .bind(label)
            .bind(OffsetDateTime::now_utc())
            .bind(spec.scope.code())
            .bind(expires_at)
            .fetch_one(&mut *tx)
            .await?;
            tx.append(actor, &[Change::new("create", "api_token", id.to_string(), Some(state))]).await?;
            tx.commit().await?;
            id
        });
        Ok(ApiToken { secret, id })
    }

    /// Disables or re-enables an account. Disabling also ends every session
    /// of the user (their API tokens stop working while disabled).
    pub async fn set_user_disabled(
        &self,
        actor: &Actor,
        username: &Username,
        disabled: bool,
    ) -> Result<()> {
        let action = if disabled { "disable" } else { "enable" };
        self.change_user(actor, username, action, Some(disabled), None, disabled)
            .await
    }

    /// Replaces a user's password hash and ends their sessions.
    pub async fn set_password(
        &self,
        actor: &Actor,
        username: &Username,
        password_hash: &str,
    ) -> Result<()> {
        self.change_user(
            actor,
            username,
            "set_password",
            None,
            Some(password_hash),
            true,
        )
        .await
    }

    /// Sets the given fields of a user, ends their sessions if asked, and
    /// logs the user's new state, in one transaction.
    async fn change_user(
        &self,
        actor: &Actor,
        username: &Username,
        action: &'static str,
        disabled: Option<bool>,
        password_hash: Option<&str>,
        end_sessions: bool,
    ) -> Result<()> {
        on_pool!(&self.db, pool => {
            let mut tx = pool.begin_write().await?;
            let changed = sqlx::query(
                "UPDATE users SET disabled = COALESCE($1, disabled), password_hash = COALESCE($2, password_hash) \
                 WHERE username = $3",
            )
            .bind(disabled)
            .bind(password_hash)
            .bind(username.as_str())
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if changed == 0 {
                return Err(StoreError::NotFound { kind: "user", key: username.to_string() });
            }
            let (id, state) = user_state_in!(tx, username.as_str());
            if end_sessions {
                sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(id).execute(&mut *tx).await?;
            }
            tx.append(actor, &[Change::new(action, "user", username.as_str(), Some(state))]).await?;
            tx.commit().await?;
        });
        Ok(())
    }

    /// API tokens, all or one user's, oldest first.
    pub async fn list_api_tokens(&self, username: Option<&Username>) -> Result<Vec<TokenInfo>> {
        let rows: Vec<TokenRow> = on_pool!(&self.db, pool => {
            sqlx::query_as(
                "SELECT t.id, u.username, t.label, t.created_at, t.revoked_at, t.scope, t.expires_at FROM api_tokens t \
                 JOIN users u ON u.id = t.user_id WHERE ($1 IS NULL OR u.username = $1) ORDER BY t.id",
            )
            .bind(username.map(Username::as_str))
            .fetch_all(pool)
            .await?
        });
        rows.into_iter()
            .map(
                |(id, username, label, created_at, revoked_at, scope, expires_at)| {
                    Ok(TokenInfo {
                        id,
                        username: username.parse()?,
                        label,
                        created_at,
                        revoked_at,
                        scope: scope.parse()?,
                        expires_at,
                    })
                },
            )
            .collect()
    }

    /// Revokes an API token for good.
    pub async fn revoke_api_token(&self, actor: &Actor, id: i64) -> Result<()> {
        on_pool!(&self.db, pool => {
            let mut tx = pool.begin_write().await?;
            let changed = sqlx::query("UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL")
                .bind(OffsetDateTime::now_utc())
                .bind(id)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            if changed == 0 {
                return Err(StoreError::NotFound { kind: "unrevoked API token", key: id.to_string() });
            }
            let (username, label, hash, scope, expires_at): (String, String, Vec<u8>, String, Expiry) = sqlx::query_as(
                "SELECT u.username, t.label, t.token_hash, t.scope, t.expires_at FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.id = $1",
            )
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
            let state = state::api_token(&username, &label, &hash, true, &scope, expires_at.map(OffsetDateTime::unix_timestamp));
            tx.append(actor, &[Change::new("revoke", "api_token", id.to_string(), Some(state))]).await?;
            tx.commit().await?;
        });
        Ok(())
    }

    /// The enabled user an unrevoked API token belongs to, if any.
    pub async fn user_for_api_token(&self, secret: &str) -> Result<Option<User>> {
        Ok(self.api_token_grant(secret).await?.map(|(user, _)| user))
    }

    /// The enabled user an unrevoked, unexpired API token belongs to, and
    /// what the token may do; `None` for any other secret.
    pub async fn api_token_grant(&self, secret: &str) -> Result<Option<(User, TokenScope)>> {
        let row: Option<(i64, String)> = on_pool!(&self.db, pool => {
            sqlx::query_as(
                "SELECT t.user_id, t.scope FROM api_tokens t JOIN users u ON u.id = t.user_id \
                 WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND NOT u.disabled \
                 AND (t.expires_at IS NULL OR t.expires_at > $2)",
            )
            .bind(token_hash(secret))
            .bind(OffsetDateTime::now_utc())
            .fetch_optional(pool)
            .await?
        });
        let Some((id, scope)) = row else {
            return Ok(None);
        };
        let scope: TokenScope = scope.parse()?;
        Ok(self.user_by_id(UserId(id)).await?.map(|user| (user, scope)))
    }

    async fn with_roles(&self, row: Option<UserRow>) -> Result<Option<User>> {
        let Some(row) = row else { return Ok(None) };
        let roles: Vec<String> = on_pool!(&self.db, pool => {
            sqlx::query_scalar("SELECT role FROM user_roles WHERE user_id = $1")
                .bind(row.id)
                .fetch_all(pool)
                .await?
        });
        to_user(row, roles).map(Some)
    }
}

fn to_user(row: UserRow, roles: Vec<String>) -> Result<User> {
    let mut roles = roles
        .iter()
        .map(|r| r.parse())
        .collect::<Result<Vec<Role>, _>>()?;
    roles.sort();
    Ok(User {
        id: UserId(row.id),
        username: row.username.parse()?,
        institution: row.institution.parse()?,
        roles,
        disabled: row.disabled,
    })
}
