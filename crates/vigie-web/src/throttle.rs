//! Slowing down password guessing: after [`MAX_FAILURES`] failed sign-ins
//! for one username within [`WINDOW`], further attempts for it are refused
//! until the window ends — whatever the password, so the refusal says
//! nothing about it.
//!
//! Kept in memory: a restart clears it, which only costs a patient attacker
//! one more window. The trade-off of any per-account limit holds: someone
//! can lock an account out for a window by failing on purpose; the message
//! tells the user to wait, and an administrator sees the failures in the
//! server log.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Failures allowed per username per window.
pub const MAX_FAILURES: u32 = 5;
/// The window.
pub const WINDOW: Duration = Duration::from_secs(15 * 60);
/// Usernames tracked at most; beyond, the oldest windows are dropped.
const CAPACITY: usize = 10_000;

/// Failed sign-ins per username.
#[derive(Debug, Default)]
pub struct LoginThrottle {
    failures: Mutex<HashMap<String, (u32, Instant)>>,
}

impl LoginThrottle {
    /// Whether a sign-in for this username may be tried now.
    pub fn allows(&self, username: &str) -> bool {
        let Ok(failures) = self.failures.lock() else {
            return true;
        };
        failures
            .get(username)
            .is_none_or(|(count, since)| *count < MAX_FAILURES || since.elapsed() >= WINDOW)
    }

    /// Records a failed sign-in.
    pub fn failed(&self, username: &str) {
        let Ok(mut failures) = self.failures.lock() else {
            return;
        };
        if failures.len() >= CAPACITY {
            failures.retain(|_, (_, since)| since.elapsed() < WINDOW);
        }
        let entry = failures
            .entry(username.to_owned())
            .or_insert((0, Instant::now()));
        if entry.1.elapsed() >= WINDOW {
            *entry = (0, Instant::now());
        }
        entry.0 += 1;
    }

    /// Forgets the failures of a username after a successful sign-in.
    pub fn succeeded(&self, username: &str) {
        if let Ok(mut failures) = self.failures.lock() {
            failures.remove(username);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locks_after_the_limit_and_success_resets() {
        let t = LoginThrottle::default();
        for _ in 0..MAX_FAILURES {
            assert!(t.allows("awa"));
            t.failed("awa");
        }
        assert!(!t.allows("awa"));
        assert!(t.allows("bakary"), "per username");
        t.succeeded("awa");
        assert!(t.allows("awa"));
    }
}
