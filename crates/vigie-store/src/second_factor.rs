//! The second factor at sign-in: enrolment, the code question, recovery
//! codes and reset. The arithmetic is in [`crate::totp`]; who must answer
//! is [`vigie_domain::second_factor_required`].
//!
//! A sign-in of an account that is asked for a code happens in two steps.
//! The right password opens a *challenge* (a random secret in a cookie, its
//! hash here, ten minutes, five wrong answers at most); the right code to
//! that challenge opens the session, marked as opened with the second
//! factor. An account with no secret yet enrols through the same challenge:
//! it is offered a fresh secret and proves it set it up by answering with
//! a code from it. A session opened without the second factor never opens
//! an account that is asked for one ([`Store::session`] checks it on every
//! request), whatever made the account change since.
//!
//! The log records enrolment, reset and the use of a recovery code, and
//! vouches for the second factor's state (the hash of the secret and of
//! the unused recovery codes), so that `vigie log verify` notices a secret
//! put in the database behind its back.

use time::{Duration, OffsetDateTime};
use vigie_domain::{Username, second_factor_required};

use crate::credentials::{random_token, token_hash};
use crate::db::{BeginWrite, on_pool};
use crate::log::{Actor, Change, LogConn, state};
use crate::{Result, SessionInfo, Store, StoreError, User, UserId, totp};

/// How long a half-done sign-in waits for its code.
pub const CHALLENGE_LIFETIME: Duration = Duration::minutes(10);

/// Wrong answers one challenge accepts before it is closed (the password
/// must then be given again, and the web's throttle counts both).
pub const MAX_WRONG_ANSWERS: i32 = 5;

/// Where an account stands with the second factor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SecondFactorStatus {
    /// Its clearance or roles call for one.
    pub required: bool,
    /// It has a secret.
    pub enrolled: bool,
    /// Recovery codes not yet used.
    pub recovery_codes_left: usize,
}

impl SecondFactorStatus {
    /// Whether a sign-in asks for a code: when required, and when the user
    /// enrolled of their own accord.
    pub fn asked(&self) -> bool {
        self.required || self.enrolled
    }
}

/// A half-done sign-in, as the code page shows it.
#[derive(Debug, Clone)]
pub struct Challenge {
    /// Who is signing in.
    pub user: User,
    /// The secret offered for enrolment, when the account has none yet.
    pub enrolment: Option<Vec<u8>>,
    /// On a demo instance, for a demo account: the code to type (the
    /// demo's secret is public anyway), so that a demo needs no phone.
    pub demo_code: Option<String>,
}

/// What answering a challenge did.
#[derive(Debug, Clone)]
pub enum ChallengeOutcome {
    /// The session is open: its cookie secret and itself.
    SignedIn {
        /// The session cookie's secret (shown once, stored as a hash).
        secret: String,
        /// The session.
        session: SessionInfo,
        /// On enrolment: the recovery codes, to show once.
        new_recovery_codes: Option<Vec<String>>,
        /// When a recovery code was used: how many are left.
        recovery_codes_left: Option<usize>,
    },
    /// Not the code (or a code already used); the challenge stays open
    /// unless that was its last wrong answer.
    Wrong,
    /// No such challenge: expired, answered, or closed after too many
    /// wrong answers.
    Closed,
}

/// Uses up a code's step (`$1`) for a user (`$2`), only if no later or equal
/// step was used: one affected row means the code is accepted, and two
/// answers racing cannot both be.
const USE_STEP: &str = "UPDATE users SET totp_last_step = $1 WHERE id = $2 \
                        AND (totp_last_step IS NULL OR totp_last_step < $1)";

/// Keeps a recovery code's hash (`$2`) for a user (`$1`).
const ADD_RECOVERY_CODE: &str = "INSERT INTO recovery_codes (user_id, code_hash) VALUES ($1, $2)";

/// What goes with a user's second factor when it changes: recovery codes,
/// sessions and half-done sign-ins (each bound to the user's id).
const FORGET_FACTOR: [&str; 3] = [
    "DELETE FROM recovery_codes WHERE user_id = $1",
    "DELETE FROM sessions WHERE user_id = $1",
    "DELETE FROM sign_in_challenges WHERE user_id = $1",
];

/// An open challenge as the code page reads it: user, secret offered,
/// user's stored secret, last accepted step.
type OpenChallengeRow = (i64, Option<Vec<u8>>, Option<Vec<u8>>, Option<i64>);

/// An enrolled user: id, username, secret.
type FactorRow = (i64, String, Vec<u8>);

/// A recovery code row: user, hash.
type RecoveryRow = (i64, Vec<u8>);

/// A challenge row: the secret offered, wrong answers so far, the user's
/// stored secret.
type ChallengeRow = (Option<Vec<u8>>, i32, Option<Vec<u8>>);

impl Store {
    /// Where a user stands with the second factor.
    pub async fn second_factor_status(&self, user: &User) -> Result<SecondFactorStatus> {
        let (enrolled, rank, left): (bool, Option<i32>, i64) = on_pool!(&self.db, pool => {
            sqlx::query_as(
                "SELECT u.totp_secret IS NOT NULL, c.rank, \
                 (SELECT COUNT(*) FROM recovery_codes r WHERE r.user_id = u.id) \
                 FROM users u LEFT JOIN clearances c ON c.user_id = u.id WHERE u.id = $1",
            )
            .bind(user.id.0)
            .fetch_one(pool)
            .await?
        });
        Ok(SecondFactorStatus {
            required: second_factor_required(&user.roles, clearance_rank(rank)),
            enrolled,
            recovery_codes_left: usize::try_from(left).unwrap_or(0),
        })
    }

    /// Opens a challenge for a user whose password was right; returns the
    /// cookie secret. An account with no secret is offered a fresh one.
    pub async fn open_challenge(&self, user: &User) -> Result<String> {
        let secret = random_token();
        let now = OffsetDateTime::now_utc();
        let offered = totp::new_secret();
        on_pool!(&self.db, pool => {
            let mut tx = pool.begin_write().await?;
            // A user's ended challenges go as a new one comes.
            sqlx::query("DELETE FROM sign_in_challenges WHERE user_id = $1 AND expires_at <= $2")
                .bind(user.id.0)
                .bind(now)
                .execute(&mut *tx)
                .await?;
            let enrolled: bool = sqlx::query_scalar("SELECT totp_secret IS NOT NULL FROM users WHERE id = $1")
                .bind(user.id.0)
                .fetch_one(&mut *tx)
                .await?;
            sqlx::query(
                "INSERT INTO sign_in_challenges (token_hash, user_id, enrol_secret, expires_at) VALUES ($1, $2, $3, $4)",
            )
            .bind(token_hash(&secret))
            .bind(user.id.0)
            .bind((!enrolled).then_some(&offered))
            .bind(now + CHALLENGE_LIFETIME)
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
        });
        Ok(secret)
    }

    /// The open challenge a cookie secret names, if any.
    pub async fn challenge(&self, secret: &str) -> Result<Option<Challenge>> {
        let now = OffsetDateTime::now_utc();
        let row: Option<OpenChallengeRow> = on_pool!(&self.db, pool => {
            sqlx::query_as(
                "SELECT c.user_id, c.enrol_secret, u.totp_secret, u.totp_last_step FROM sign_in_challenges c \
                 JOIN users u ON u.id = c.user_id \
                 WHERE c.token_hash = $1 AND c.expires_at > $2 AND NOT u.disabled",
            )
            .bind(token_hash(secret))
            .bind(now)
            .fetch_optional(pool)
            .await?
        });
        let Some((user_id, offered, stored, last_step)) = row else {
            return Ok(None);
        };
        let Some(user) = self.user_by_id(UserId(user_id)).await? else {
            return Ok(None);
        };
        let enrolment = if stored.is_some() { None } else { offered };
        let demo_code = match stored.as_ref().or(enrolment.as_ref()) {
            Some(s) if s.as_slice() == crate::demo::DEMO_TOTP_SECRET && self.is_demo().await? => {
                next_code(s, last_step, now)
            }
            _ => None,
        };
        Ok(Some(Challenge {
            user,
            enrolment,
            demo_code,
        }))
    }

    /// Answers a challenge with a code from the app or a recovery code. The
    /// right answer closes the challenge and opens a session of `lifetime`
    /// marked as opened with the second factor; on enrolment it stores the
    /// secret and makes recovery codes. Every step happens in one
    /// transaction, and a code's step is accepted once even when two
    /// answers race.
    pub async fn answer_challenge(
        &self,
        secret: &str,
        typed: &str,
        lifetime: Duration,
    ) -> Result<ChallengeOutcome> {
        let now = OffsetDateTime::now_utc();
        let hash = token_hash(secret);
        let answer = totp::read_answer(typed);
        let fresh_codes = totp::new_recovery_codes();
        let session_secret = random_token();
        let csrf_token = random_token();
        let expires_at = now + lifetime;
        // The user is read before the transaction (a read on the pool
        // inside it could wait for a connection the transaction holds);
        // the transaction then only goes on if the challenge is still theirs.
        let user_id: Option<i64> = on_pool!(&self.db, pool => {
            sqlx::query_scalar("SELECT user_id FROM sign_in_challenges WHERE token_hash = $1")
                .bind(&hash)
                .fetch_optional(pool)
                .await?
        });
        let Some(user) = user_id.map(UserId) else {
            return Ok(ChallengeOutcome::Closed);
        };
        let Some(user) = self.user_by_id(user).await? else {
            return Ok(ChallengeOutcome::Closed);
        };
        let user_id = user.id.0;
        let username = user.username.to_string();
        let outcome = on_pool!(&self.db, pool => {
            let mut tx = pool.begin_write().await?;
            let row: Option<ChallengeRow> = sqlx::query_as(
                "SELECT c.enrol_secret, c.failures, u.totp_secret FROM sign_in_challenges c JOIN users u ON u.id = c.user_id \
                 WHERE c.token_hash = $1 AND c.user_id = $2 AND c.expires_at > $3 AND NOT u.disabled",
            )
            .bind(&hash)
            .bind(user_id)
            .bind(now)
            .fetch_optional(&mut *tx)
            .await?;
            let Some((offered, failures, stored)) = row else {
                return Ok(ChallengeOutcome::Closed);
            };
            let enrolling = stored.is_none();
            let Some(factor) = stored.or(offered) else {
                return Ok(ChallengeOutcome::Closed);
            };
            // What the answer proves, if anything.
            let mut used_recovery = false;
            let accepted = match &answer {
                totp::Answer::Code(code) => match totp::check(&factor, code, unix(now)) {
                    Some(step) => {
                        let step = i64::try_from(step).unwrap_or(i64::MAX);
                        sqlx::query(USE_STEP)
                        .bind(step)
                        .bind(user_id)
                        .execute(&mut *tx)
                        .await?
                        .rows_affected()
                            == 1
                    }
                    None => false,
                },
                totp::Answer::Recovery(code) if !enrolling => {
                    used_recovery = sqlx::query("DELETE FROM recovery_codes WHERE user_id = $1 AND code_hash = $2")
                        .bind(user_id)
                        .bind(totp::recovery_hash(code))
                        .execute(&mut *tx)
                        .await?
                        .rows_affected()
                        == 1;
                    used_recovery
                }
                _ => false,
            };
            if !accepted {
                if failures + 1 >= MAX_WRONG_ANSWERS {
                    sqlx::query("DELETE FROM sign_in_challenges WHERE token_hash = $1")
                        .bind(&hash)
                        .execute(&mut *tx)
                        .await?;
                } else {
                    sqlx::query("UPDATE sign_in_challenges SET failures = failures + 1 WHERE token_hash = $1")
                        .bind(&hash)
                        .execute(&mut *tx)
                        .await?;
                }
                tx.commit().await?;
                return Ok(ChallengeOutcome::Wrong);
            }
            sqlx::query("DELETE FROM sign_in_challenges WHERE token_hash = $1")
                .bind(&hash)
                .execute(&mut *tx)
                .await?;
            let mut changes = Vec::new();
            if enrolling {
                // Two enrolments racing (two tabs): the first one wins, the
                // other changes nothing (dropping the transaction undoes it).
                let set = sqlx::query("UPDATE users SET totp_secret = $1 WHERE id = $2 AND totp_secret IS NULL")
                    .bind(&factor)
                    .bind(user_id)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
                if set != 1 {
                    return Ok(ChallengeOutcome::Closed);
                }
                for code in &fresh_codes {
                    sqlx::query(ADD_RECOVERY_CODE)
                        .bind(user_id)
                        .bind(totp::recovery_hash(code))
                        .execute(&mut *tx)
                        .await?;
                }
            }
            let codes: Vec<Vec<u8>> = sqlx::query_scalar("SELECT code_hash FROM recovery_codes WHERE user_id = $1")
                .bind(user_id)
                .fetch_all(&mut *tx)
                .await?;
            let factor_state = state::second_factor(&username, &factor, &codes);
            if enrolling {
                changes.push(Change::new("enrol", "second_factor", username.as_str(), Some(factor_state)));
            } else if used_recovery {
                changes.push(Change::new("use_recovery_code", "second_factor", username.as_str(), Some(factor_state)));
            }
            changes.push(Change::new("sign_in", "session", username.as_str(), None));
            sqlx::query(
                "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at, second_factor) \
                 VALUES ($1, $2, $3, $4, $5, TRUE)",
            )
            .bind(token_hash(&session_secret))
            .bind(user_id)
            .bind(&csrf_token)
            .bind(now)
            .bind(expires_at)
            .execute(&mut *tx)
            .await?;
            tx.append(&Actor::user(&user), &changes).await?;
            tx.commit().await?;
            ChallengeOutcome::SignedIn {
                secret: session_secret,
                session: SessionInfo { user, csrf_token, expires_at },
                new_recovery_codes: enrolling.then_some(fresh_codes),
                recovery_codes_left: used_recovery.then_some(codes.len()),
            }
        });
        Ok(outcome)
    }

    /// Gives a user a second factor with this secret and no recovery code,
    /// as the command line and the demo do; replaces any earlier one and
    /// ends the user's sessions.
    pub async fn enrol_second_factor(
        &self,
        actor: &Actor,
        username: &Username,
        secret: &[u8],
    ) -> Result<()> {
        on_pool!(&self.db, pool => {
            let mut tx = pool.begin_write().await?;
            let id: Option<i64> = sqlx::query_scalar(
                "UPDATE users SET totp_secret = $1, totp_last_step = NULL WHERE username = $2 RETURNING id",
            )
            .bind(secret)
            .bind(username.as_str())
            .fetch_optional(&mut *tx)
            .await?;
            let Some(id) = id else {
                return Err(StoreError::NotFound { kind: "user", key: username.to_string() });
            };
            for statement in FORGET_FACTOR {
                sqlx::query(statement)
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
            }
            let state = state::second_factor(username.as_str(), secret, &[]);
            tx.append(actor, &[Change::new("enrol", "second_factor", username.as_str(), Some(state))]).await?;
            tx.commit().await?;
        });
        Ok(())
    }

    /// Removes a user's second factor (secret and recovery codes) and ends
    /// their sessions and challenges: at the next sign-in an account that
    /// needs one enrols again. For a lost phone (`vigie user reset-2fa`),
    /// or a user changing phones. Resetting an account with no second
    /// factor is not an error and logs nothing.
    pub async fn reset_second_factor(&self, actor: &Actor, username: &Username) -> Result<bool> {
        let done = on_pool!(&self.db, pool => {
            let mut tx = pool.begin_write().await?;
            let row: Option<(i64, bool)> = sqlx::query_as("SELECT id, totp_secret IS NOT NULL FROM users WHERE username = $1")
                .bind(username.as_str())
                .fetch_optional(&mut *tx)
                .await?;
            let Some((id, enrolled)) = row else {
                return Err(StoreError::NotFound { kind: "user", key: username.to_string() });
            };
            sqlx::query("UPDATE users SET totp_secret = NULL, totp_last_step = NULL WHERE id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?;
            for statement in FORGET_FACTOR {
                sqlx::query(statement)
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
            }
            if enrolled {
                tx.append(actor, &[Change::new("delete", "second_factor", username.as_str(), None)]).await?;
            }
            tx.commit().await?;
            enrolled
        });
        Ok(done)
    }

    /// Replaces a signed-in user's recovery codes, when `code` is the
    /// current code of their app (a stolen session alone cannot); returns
    /// the new codes to show once, or `None` for a wrong code.
    pub async fn renew_recovery_codes(
        &self,
        user: &User,
        code: &str,
    ) -> Result<Option<Vec<String>>> {
        if !self.accept_code(user, code).await? {
            return Ok(None);
        }
        let codes = totp::new_recovery_codes();
        on_pool!(&self.db, pool => {
            let mut tx = pool.begin_write().await?;
            let secret: Option<Vec<u8>> = sqlx::query_scalar("SELECT totp_secret FROM users WHERE id = $1")
                .bind(user.id.0)
                .fetch_one(&mut *tx)
                .await?;
            let Some(secret) = secret else { return Ok(None) };
            sqlx::query("DELETE FROM recovery_codes WHERE user_id = $1").bind(user.id.0).execute(&mut *tx).await?;
            let hashes: Vec<Vec<u8>> = codes.iter().map(|c| totp::recovery_hash(c)).collect();
            for h in &hashes {
                sqlx::query(ADD_RECOVERY_CODE)
                    .bind(user.id.0)
                    .bind(h)
                    .execute(&mut *tx)
                    .await?;
            }
            let state = state::second_factor(user.username.as_str(), &secret, &hashes);
            tx.append(&Actor::user(user), &[Change::new("renew_recovery_codes", "second_factor", user.username.as_str(), Some(state))]).await?;
            tx.commit().await?;
        });
        Ok(Some(codes))
    }

    /// Resets a signed-in user's own second factor when `code` is the
    /// current code of their app; `false` for a wrong code.
    pub async fn reset_own_second_factor(&self, user: &User, code: &str) -> Result<bool> {
        if !self.accept_code(user, code).await? {
            return Ok(false);
        }
        self.reset_second_factor(&Actor::user(user), &user.username)
            .await
    }

    /// Whether `code` is a current, unused code of the user's app; if so
    /// its step is used up.
    async fn accept_code(&self, user: &User, code: &str) -> Result<bool> {
        let totp::Answer::Code(code) = totp::read_answer(code) else {
            return Ok(false);
        };
        let secret: Option<Vec<u8>> = on_pool!(&self.db, pool => {
            sqlx::query_scalar("SELECT totp_secret FROM users WHERE id = $1")
                .bind(user.id.0)
                .fetch_one(pool)
                .await?
        });
        let Some(step) =
            secret.and_then(|s| totp::check(&s, &code, unix(OffsetDateTime::now_utc())))
        else {
            return Ok(false);
        };
        let step = i64::try_from(step).unwrap_or(i64::MAX);
        let used = on_pool!(&self.db, pool => {
            sqlx::query(USE_STEP)
            .bind(step)
            .bind(user.id.0)
            .execute(pool)
            .await?
            .rows_affected()
        });
        Ok(used == 1)
    }

    /// The second factor of every enrolled user, as `verify` checks it.
    pub(crate) async fn second_factor_states(
        &self,
    ) -> Result<Vec<(&'static str, String, [u8; 32])>> {
        let (users, codes): (Vec<FactorRow>, Vec<RecoveryRow>) = on_pool!(&self.db, pool => {
            let users = sqlx::query_as("SELECT id, username, totp_secret FROM users WHERE totp_secret IS NOT NULL")
                .fetch_all(pool)
                .await?;
            let codes = sqlx::query_as("SELECT user_id, code_hash FROM recovery_codes").fetch_all(pool).await?;
            (users, codes)
        });
        let mut by_user: std::collections::HashMap<i64, Vec<Vec<u8>>> =
            std::collections::HashMap::new();
        for (user, hash) in codes {
            by_user.entry(user).or_default().push(hash);
        }
        Ok(users
            .into_iter()
            .map(|(id, username, secret)| {
                let codes = by_user.remove(&id).unwrap_or_default();
                let h = state::second_factor(&username, &secret, &codes);
                ("second_factor", username, h)
            })
            .collect())
    }
}

/// A clearance rank as stored (none: public).
pub(crate) fn clearance_rank(rank: Option<i32>) -> u8 {
    rank.and_then(|r| u8::try_from(r).ok()).unwrap_or(0)
}

fn unix(t: OffsetDateTime) -> u64 {
    u64::try_from(t.unix_timestamp()).unwrap_or(0)
}

/// The code of the first step a sign-in can still use, for the demo's
/// hint: the current step's or the next one's (not the previous one's,
/// which a slow typist would see refused), after the last used one.
fn next_code(secret: &[u8], last_step: Option<i64>, now: OffsetDateTime) -> Option<String> {
    let current = totp::step_at(unix(now));
    let first_unused = last_step
        .and_then(|s| u64::try_from(s).ok())
        .map_or(0, |s| s + 1);
    let step = first_unused.max(current);
    (step <= current + 1)
        .then(|| totp::code_for_step(secret, step))
        .flatten()
}
