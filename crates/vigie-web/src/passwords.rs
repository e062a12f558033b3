//! Password checks on request, bounded: argon2id takes about 19 MiB and
//! a core's worth of time per check, so hundreds of parallel sign-ins run
//! unbounded would exhaust memory. At most one check per core runs at once;
//! a request that cannot start its check within [`PasswordChecks::wait`]
//! is answered "busy, retry" rather than queued without limit.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Semaphore;

/// How long a sign-in waits for its turn before being told to retry.
const WAIT: Duration = Duration::from_secs(2);

/// The gate every password hash or check made for a request passes.
#[derive(Debug)]
pub struct PasswordChecks {
    permits: Arc<Semaphore>,
}

/// No check could start in time.
#[derive(Debug, Clone, Copy)]
pub struct Busy;

impl Default for PasswordChecks {
    fn default() -> Self {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        PasswordChecks {
            permits: Arc::new(Semaphore::new(cores)),
        }
    }
}

impl PasswordChecks {
    /// Runs `check` on a blocking thread once a permit is free, holding it
    /// until the check ends (even if the request is dropped meanwhile: the
    /// thread runs on); `Busy` if none frees within the wait.
    pub async fn run<T: Send + 'static>(
        &self,
        check: impl FnOnce() -> T + Send + 'static,
    ) -> Result<Result<T, tokio::task::JoinError>, Busy> {
        let permit = tokio::time::timeout(WAIT, Arc::clone(&self.permits).acquire_owned())
            .await
            .map_err(|_| Busy)?
            .map_err(|_| Busy)?;
        Ok(tokio::task::spawn_blocking(move || {
            let _permit = permit;
            check()
        })
        .await)
    }
}
