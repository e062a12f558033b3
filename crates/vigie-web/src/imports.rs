//! Uploads imported on a task of their own, followed by their page.
//!
//! A file's import never holds the server: it runs on its own task (and
//! the store parses on threads of its own). A small file's request waits
//! for the result and shows it, as a form's answer does. A large one
//! (from [`BACKGROUND_FROM`]) is answered at once with `303 See Other` to
//! the import's own page, which shows how many records were read so far
//! and refreshes itself every few seconds — no JavaScript — until it shows
//! the result. The import goes on if the browser leaves.
//!
//! Only the account that started an import sees its page: for anyone else
//! the id does not exist (404), and ids are random 256-bit tokens. Each
//! account runs one import at a time and the server [`MAX_RUNNING`]; the
//! result of a finished one is kept [`KEPT_FOR`], at most [`MAX_KEPT`].

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::http::StatusCode;

use crate::WebError;
use crate::handlers::file_import::Problems;

/// Files from this size are imported behind the import's page.
pub(crate) const BACKGROUND_FROM: usize = 1024 * 1024;
/// Imports running at once on this server (it has few cores; the store
/// uses all of them for one file).
pub(crate) const MAX_RUNNING: usize = 2;
/// How long a finished import's result stays to be read.
pub(crate) const KEPT_FOR: Duration = Duration::from_secs(3600);
/// Imports remembered at most, running or finished.
pub(crate) const MAX_KEPT: usize = 256;

/// What a finished import shows: the status of its answer, its summary
/// (a message key and its arguments, translated for whoever reads it) and
/// its problems.
#[derive(Debug, Clone)]
pub(crate) struct Finished {
    pub status: StatusCode,
    pub summary: Option<(&'static str, Vec<(&'static str, String)>)>,
    pub problems: Problems,
}

impl Finished {
    /// An import that failed for a reason of the server's (logged).
    pub(crate) fn failed() -> Finished {
        Finished {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            summary: Some(("import-failed", Vec::new())),
            problems: Problems::default(),
        }
    }
}

/// Where an import is, as its page shows it.
#[derive(Debug, Clone)]
pub(crate) enum JobState {
    Running { file: String, read: u64 },
    Finished(Finished),
}

#[derive(Debug)]
struct Job {
    owner: i64,
    file: String,
    read: Arc<AtomicU64>,
    finished: Option<(Instant, Finished)>,
}

/// Imports under way and recently finished.
#[derive(Debug, Default)]
pub(crate) struct Imports {
    jobs: Mutex<HashMap<String, Job>>,
}

/// An import started: its id, and its result when it comes.
pub(crate) struct Started {
    pub id: String,
    pub handle: tokio::task::JoinHandle<Finished>,
}

impl Imports {
    fn jobs(&self) -> std::sync::MutexGuard<'_, HashMap<String, Job>> {
        // A panic while holding the lock leaves plain data behind.
        self.jobs.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Starts `work` for `owner` on `file`: `work` gets the counter of
    /// records read to keep up to date. Refused when the owner runs an
    /// import already (409) or the server runs [`MAX_RUNNING`] (503).
    pub(crate) fn start<F, Fut>(
        self: &Arc<Self>,
        owner: i64,
        file: &str,
        work: F,
    ) -> Result<Started, WebError>
    where
        F: FnOnce(Arc<AtomicU64>) -> Fut,
        Fut: Future<Output = Finished> + Send + 'static,
    {
        let read = Arc::new(AtomicU64::new(0));
        let id = vigie_store::credentials::random_token();
        {
            let mut jobs = self.jobs();
            let now = Instant::now();
            jobs.retain(|_, j| {
                j.finished
                    .as_ref()
                    .is_none_or(|(at, _)| now - *at < KEPT_FOR)
            });
            let running: Vec<i64> = jobs
                .values()
                .filter(|j| j.finished.is_none())
                .map(|j| j.owner)
                .collect();
            if running.contains(&owner) {
                return Err(WebError::Conflict(
                    "an import of yours is under way: wait for its result".into(),
                ));
            }
            if running.len() >= MAX_RUNNING {
                return Err(WebError::Unavailable(
                    "the server is importing other files: try again in a few minutes".into(),
                ));
            }
            if jobs.len() >= MAX_KEPT {
                let oldest = jobs
                    .iter()
                    .filter_map(|(id, j)| j.finished.as_ref().map(|(at, _)| (*at, id.clone())))
                    .min();
                if let Some((_, id)) = oldest {
                    jobs.remove(&id);
                }
            }
            jobs.insert(
                id.clone(),
                Job {
                    owner,
                    file: file.to_owned(),
                    read: read.clone(),
                    finished: None,
                },
            );
        }
        let work = tokio::spawn(work(read));
        let imports = Arc::clone(self);
        let key = id.clone();
        let handle = tokio::spawn(async move {
            let finished = work.await.unwrap_or_else(|e| {
                tracing::error!(error = %e, "an import's task failed");
                Finished::failed()
            });
            if let Some(job) = imports.jobs().get_mut(&key) {
                job.finished = Some((Instant::now(), finished.clone()));
            }
            finished
        });
        Ok(Started { id, handle })
    }

    /// Where `owner`'s import `id` is; `None` when there is no such import
    /// of theirs (another account's is not theirs to know of).
    pub(crate) fn find(&self, owner: i64, id: &str) -> Option<JobState> {
        let jobs = self.jobs();
        let job = jobs.get(id).filter(|j| j.owner == owner)?;
        Some(match &job.finished {
            Some((_, finished)) => JobState::Finished(finished.clone()),
            None => JobState::Running {
                file: job.file.clone(),
                read: job.read.load(Ordering::Relaxed),
            },
        })
    }
}

/// Keeps `read` up to date from an import's progress callback.
pub(crate) fn counter(read: &AtomicU64) -> impl FnMut(u64) + Send + '_ {
    move |n| read.store(n, Ordering::Relaxed)
}
