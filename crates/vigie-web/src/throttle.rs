//! Slowing down password guessing, per account and per client.
//!
//! An attempt is *reserved* before the password is checked and counted
//! against the limit while it runs, so that parallel guesses cannot all pass
//! a check made before any of them has failed: at most [`MAX_FAILURES`]
//! attempts for one username, and [`MAX_CLIENT_FAILURES`] from one client,
//! are ever checked within [`WINDOW`]. A failure keeps its reservation; a
//! success clears the account's failures (not the client's: one right
//! password must not reset a client that guesses many accounts). One
//! client may also have at most [`MAX_CLIENT_IN_FLIGHT`] attempts checked at
//! once, so that a burst from one address is refused at once rather than
//! queued at the password gate ahead of everyone else.
//!
//! The client is the peer address, or the address a trusted proxy reports
//! (see [`crate::ClientKey`]). Behind a NAT many people share one address:
//! the per-client limit is therefore much higher than the per-account one,
//! and it only counts failures, so a client that keeps failing is stopped
//! while one that signs in is never slowed down by its own successes.
//!
//! Counted twice: here, in memory (attempts in flight, and this server's
//! failures, answered without a query), and in the database every server
//! on it shares ([`Reservation`], `vigie_store::sign_in_attempts`), so that
//! several servers behind one load balancer keep one server's limits
//! (issue 16, item 6). A restart clears the memory only.
//!
//! The trade-off of any per-account limit holds: someone can lock an
//! account out for a window by failing on purpose; the message tells the
//! user to wait, and an administrator sees the failures in the server log.

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

use vigie_store::{AtLimit, AttemptLimit, Counted};

use crate::{AppState, WebError};

/// Failures allowed per username per window.
pub const MAX_FAILURES: u32 = 5;
/// Failures allowed per client per window (all usernames together).
pub const MAX_CLIENT_FAILURES: u32 = 50;
/// Attempts one client may have checked at once: one address cannot fill
/// the password gate's queue and make everyone else wait.
pub const MAX_CLIENT_IN_FLIGHT: u32 = 4;
/// The window.
pub const WINDOW: Duration = Duration::from_secs(15 * 60);
/// Keys tracked at most per table; beyond, the ended windows are dropped,
/// and if that is not enough the new key is refused (fail closed).
const CAPACITY: usize = 100_000;

/// Attempts per username and per client.
#[derive(Debug, Default)]
pub struct LoginThrottle {
    tables: Mutex<Tables>,
}

#[derive(Debug, Default)]
struct Tables {
    accounts: HashMap<String, Window>,
    clients: HashMap<String, Window>,
}

/// One key's window: failures so far and attempts being checked now.
#[derive(Debug, Clone, Copy)]
struct Window {
    failures: u32,
    in_flight: u32,
    since: Instant,
}

impl Window {
    fn new() -> Self {
        Window {
            failures: 0,
            in_flight: 0,
            since: Instant::now(),
        }
    }

    /// Restarts an ended window (attempts in flight stay counted).
    fn refresh(&mut self) {
        if self.since.elapsed() >= WINDOW {
            self.failures = 0;
            self.since = Instant::now();
        }
    }

    /// When another attempt may be reserved, if not now.
    fn wait(&self, max: u32) -> Option<Duration> {
        (self.failures + self.in_flight >= max).then(|| {
            WINDOW
                .saturating_sub(self.since.elapsed())
                .max(Duration::from_secs(1))
        })
    }
}

/// Why an attempt was not reserved, and for how long.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limited {
    /// When to try again (the `Retry-After` header).
    pub retry_after: Duration,
}

impl LoginThrottle {
    /// Reserves an attempt for this username from this client, or says how
    /// long to wait. The reservation is released when the returned
    /// [`Attempt`] is dropped, unless [`Attempt::failed`] keeps it.
    pub fn reserve<'a>(&'a self, account: &str, client: &str) -> Result<Attempt<'a>, Limited> {
        let mut tables = self.lock();
        let tables = &mut *tables;
        for (table, key) in [
            (&mut tables.accounts, account),
            (&mut tables.clients, client),
        ] {
            if table.len() >= CAPACITY && !table.contains_key(key) {
                table.retain(|_, w| w.in_flight > 0 || w.since.elapsed() < WINDOW);
                if table.len() >= CAPACITY {
                    return Err(Limited {
                        retry_after: Duration::from_secs(60),
                    });
                }
            }
        }
        let account_window = tables
            .accounts
            .entry(account.to_owned())
            .or_insert_with(Window::new);
        account_window.refresh();
        let account_wait = account_window.wait(MAX_FAILURES);
        let client_window = tables
            .clients
            .entry(client.to_owned())
            .or_insert_with(Window::new);
        client_window.refresh();
        let client_wait =
            client_window
                .wait(MAX_CLIENT_FAILURES)
                .or((client_window.in_flight >= MAX_CLIENT_IN_FLIGHT)
                    .then_some(Duration::from_secs(1)));
        if let Some(retry_after) = account_wait.max(client_wait) {
            return Err(Limited { retry_after });
        }
        client_window.in_flight += 1;
        if let Some(w) = tables.accounts.get_mut(account) {
            w.in_flight += 1;
        }
        Ok(Attempt {
            throttle: self,
            account: account.to_owned(),
            client: client.to_owned(),
            outcome: Outcome::Released,
        })
    }

    fn lock(&self) -> MutexGuard<'_, Tables> {
        // A panic while the lock was held leaves counts that are still
        // counts: keep using them rather than failing open.
        self.tables
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn settle(&self, account: &str, client: &str, outcome: Outcome) {
        let mut tables = self.lock();
        let tables = &mut *tables;
        for (table, key) in [
            (&mut tables.accounts, account),
            (&mut tables.clients, client),
        ] {
            if let Some(w) = table.get_mut(key) {
                w.in_flight = w.in_flight.saturating_sub(1);
                w.refresh();
                if outcome == Outcome::Failed {
                    w.failures += 1;
                }
            }
        }
        if outcome == Outcome::Succeeded
            && let Some(w) = tables.accounts.get_mut(account)
        {
            w.failures = 0;
        }
    }
}

/// A reserved attempt: counted against both limits until settled.
#[derive(Debug)]
pub struct Attempt<'a> {
    throttle: &'a LoginThrottle,
    account: String,
    client: String,
    outcome: Outcome,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Released,
    Failed,
    Succeeded,
}

impl Attempt<'_> {
    /// The password was wrong: the attempt counts as a failure.
    pub fn failed(mut self) {
        self.outcome = Outcome::Failed;
    }

    /// The password was right: the account's failures are forgotten.
    pub fn succeeded(mut self) {
        self.outcome = Outcome::Succeeded;
    }
}

impl Drop for Attempt<'_> {
    /// Settles the attempt; an attempt dropped unsettled (an error before
    /// any answer about the password) only frees its place.
    fn drop(&mut self) {
        self.throttle
            .settle(&self.account, &self.client, self.outcome);
    }
}

/// An attempt reserved on this server and in the database: settle it with
/// [`Reservation::failed`], [`Reservation::succeeded`] or
/// [`Reservation::release`]. Dropped unsettled (an error on the way), it
/// frees its place here and stays counted in the database: the shared
/// limit fails closed.
#[derive(Debug)]
pub struct Reservation<'a> {
    local: Attempt<'a>,
    shared: Counted,
    /// The account's key in the database (`account:NAME`).
    account: String,
    state: &'a AppState,
}

impl AppState {
    /// Reserves a password attempt for `account` from `client`, here and in
    /// the database.
    pub(crate) async fn reserve_sign_in(
        &self,
        account: &str,
        client: &str,
    ) -> Result<Result<Reservation<'_>, Limited>, WebError> {
        let local = match self.login_throttle().reserve(account, client) {
            Ok(local) => local,
            Err(limited) => return Ok(Err(limited)),
        };
        let account = format!("account:{account}");
        let client = format!("client:{client}");
        let limits = [
            AttemptLimit {
                key: &account,
                max: MAX_FAILURES,
            },
            AttemptLimit {
                key: &client,
                max: MAX_CLIENT_FAILURES,
            },
        ];
        Ok(match self.store().reserve_sign_in(&limits, WINDOW).await? {
            Ok(shared) => Ok(Reservation {
                local,
                shared,
                account,
                state: self,
            }),
            // `local` is dropped unsettled: its place here is freed.
            Err(AtLimit { wait }) => Err(Limited { retry_after: wait }),
        })
    }

    /// Reserves a one-time code attempt for this username: the same limits
    /// as passwords, counted apart (`code:USERNAME`), so that the codes a
    /// password opens the way to are five per window however many times
    /// the password is given.
    pub(crate) async fn reserve_code(
        &self,
        username: &str,
        client: &str,
    ) -> Result<Result<Reservation<'_>, Limited>, WebError> {
        self.reserve_sign_in(&format!("code:{username}"), client)
            .await
    }
}

impl Reservation<'_> {
    /// The answer was wrong: the attempt counts as a failure everywhere.
    pub fn failed(self) {
        self.local.failed();
    }

    /// The answer was right: the account's failures are forgotten, and the
    /// attempt does not count against the client.
    pub async fn succeeded(self) -> Result<(), WebError> {
        self.local.succeeded();
        Ok(self
            .state
            .store()
            .sign_in_succeeded(self.shared, &self.account)
            .await?)
    }

    /// The attempt ended before any answer (the server too busy): it
    /// counts nowhere.
    pub async fn release(self) -> Result<(), WebError> {
        drop(self.local);
        Ok(self.state.store().release_sign_in(self.shared).await?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locks_after_the_limit_and_success_resets() {
        let t = LoginThrottle::default();
        for _ in 0..MAX_FAILURES {
            t.reserve("awa", "c").unwrap().failed();
        }
        assert!(t.reserve("awa", "c").is_err());
        assert!(t.reserve("awa", "other").is_err(), "per account");
        assert!(t.reserve("bakary", "c").is_ok(), "per username");
        t.lock().accounts.get_mut("awa").unwrap().failures = 0;
        t.reserve("awa", "c").unwrap().succeeded();
        assert!(t.reserve("awa", "c").is_ok());
    }

    #[test]
    fn attempts_in_flight_count_against_the_limit() {
        let t = LoginThrottle::default();
        let held: Vec<_> = (0..MAX_FAILURES)
            .map(|i| t.reserve("awa", &format!("c{i}")).unwrap())
            .collect();
        let refused = t.reserve("awa", "other").unwrap_err();
        assert!(refused.retry_after >= Duration::from_secs(1));
        drop(held); // released unsettled: no failure recorded
        assert!(t.reserve("awa", "c").is_ok());
    }

    #[test]
    fn a_client_has_few_attempts_in_flight() {
        let t = LoginThrottle::default();
        let held: Vec<_> = (0..MAX_CLIENT_IN_FLIGHT)
            .map(|i| t.reserve(&format!("user{i}"), "c").unwrap())
            .collect();
        let refused = t.reserve("other", "c").unwrap_err();
        assert_eq!(refused.retry_after, Duration::from_secs(1));
        assert!(t.reserve("other", "d").is_ok());
        drop(held);
        assert!(t.reserve("other", "c").is_ok());
    }

    #[test]
    fn a_client_is_limited_across_accounts() {
        let t = LoginThrottle::default();
        for i in 0..MAX_CLIENT_FAILURES {
            t.reserve(&format!("user{i}"), "10.0.0.1").unwrap().failed();
        }
        assert!(t.reserve("someone", "10.0.0.1").is_err());
        assert!(t.reserve("someone", "10.0.0.2").is_ok());
    }
}
