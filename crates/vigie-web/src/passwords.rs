//! Password checks on request, bounded: argon2id takes about 19 MiB and
//! a core's worth of time per check, so hundreds of parallel sign-ins run
//! unbounded would exhaust memory. The checks run on a fixed set of
//! threads, one per core, started once: at most that many run at once,
//! and memory stays bounded too (the allocator keeps a freed 19 MiB block
//! per thread that used one, so an ever-changing set of blocking threads
//! would keep ever more of them). A request that cannot hand its check
//! over within [`WAIT`] is answered "busy, retry" rather than queued
//! without limit.

use std::panic::AssertUnwindSafe;
use std::sync::{Arc, Mutex, mpsc};
use std::time::Duration;

use tokio::sync::{Semaphore, oneshot};

/// How long a sign-in waits for its turn before being told to retry.
const WAIT: Duration = Duration::from_secs(2);

type Job = Box<dyn FnOnce() + Send>;

/// The gate every password hash or check made for a request passes.
#[derive(Debug)]
pub struct PasswordChecks {
    /// One per thread: a job is sent only with a permit, so none queues.
    permits: Arc<Semaphore>,
    jobs: Mutex<mpsc::Sender<Job>>,
}

/// No check could start in time.
#[derive(Debug, Clone, Copy)]
pub struct Busy;

/// The check panicked (its thread goes on serving).
#[derive(Debug, Clone, Copy, thiserror::Error)]
#[error("the password check panicked")]
pub struct Panicked;

impl Default for PasswordChecks {
    fn default() -> Self {
        let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
        let (jobs, queue) = mpsc::channel::<Job>();
        let queue = Arc::new(Mutex::new(queue));
        for i in 0..threads {
            let queue = Arc::clone(&queue);
            let spawned = std::thread::Builder::new()
                .name(format!("vigie-password-{i}"))
                .spawn(move || {
                    loop {
                        let job = match queue.lock() {
                            Ok(queue) => queue.recv(),
                            Err(_) => return,
                        };
                        match job {
                            Ok(job) => job(),
                            // The state was dropped: no more checks.
                            Err(_) => return,
                        }
                    }
                });
            if let Err(e) = spawned {
                tracing::error!(error = %e, "cannot start a password-check thread");
            }
        }
        PasswordChecks {
            permits: Arc::new(Semaphore::new(threads)),
            jobs: Mutex::new(jobs),
        }
    }
}

impl PasswordChecks {
    /// Runs `check` on a password thread once one is free, holding its
    /// permit until the check ends (even if the request is dropped
    /// meanwhile); `Busy` if none frees within the wait.
    pub async fn run<T: Send + 'static>(
        &self,
        check: impl FnOnce() -> T + Send + 'static,
    ) -> Result<Result<T, Panicked>, Busy> {
        let permit = tokio::time::timeout(WAIT, Arc::clone(&self.permits).acquire_owned())
            .await
            .map_err(|_| Busy)?
            .map_err(|_| Busy)?;
        let (reply, answer) = oneshot::channel();
        let job: Job = Box::new(move || {
            let outcome = std::panic::catch_unwind(AssertUnwindSafe(check));
            drop(permit);
            let _ = reply.send(outcome.map_err(|_| Panicked));
        });
        let sent = self
            .jobs
            .lock()
            .map_err(|_| Busy)?
            .send(job)
            .map_err(|_| Busy);
        sent?;
        Ok(answer.await.unwrap_or(Err(Panicked)))
    }
}
