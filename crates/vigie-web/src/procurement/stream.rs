//! The processes download as CSV, streamed: a national register does not
//! sit in memory whole to be sent.

use std::sync::Arc;

use axum::body::{Body, Bytes};
use vigie_domain::CountryCode;
use vigie_policy::Principal;
use vigie_store::Actor;
use vigie_store::procurement::ListKey;
use vigie_store::procurement::overview::Overview;

use super::figures::{ProcessRow, process_row};
use super::tables;
use crate::AppState;

/// Processes a part of the CSV holds.
const CSV_PART: usize = 5_000;

/// The processes of `country` (or all) as `who` may see them, as CSV: a
/// part of [`CSV_PART`] processes at a time, each found by key after the
/// last, the first with the header.
pub fn processes_csv(
    state: AppState,
    actor: Actor,
    who: Principal,
    overview: Arc<Overview>,
    country: Option<CountryCode>,
) -> Body {
    // `Some(after)` while processes may remain.
    let start: (Option<Option<ListKey>>, bool) = (Some(None), true);
    let parts = futures_util::stream::try_unfold(start, move |(cursor, first)| {
        let (state, actor, who, overview) =
            (state.clone(), actor.clone(), who.clone(), overview.clone());
        async move {
            let Some(after) = cursor else {
                return Ok::<_, std::io::Error>(None);
            };
            let (processes, next) = state
                .store()
                .procurement()
                .page(
                    state.authorizer(),
                    &actor,
                    &who,
                    country,
                    after.as_ref(),
                    CSV_PART,
                )
                .await
                .map_err(std::io::Error::other)?;
            let rows: Vec<ProcessRow> = processes
                .iter()
                .map(|p| process_row(p, overview.process_flags(p.ocid())))
                .collect();
            let bytes = tables::processes(&rows)
                .csv(first)
                .map_err(|e| std::io::Error::other(e.to_string()))?;
            Ok(Some((Bytes::from(bytes), (next.map(Some), false))))
        }
    });
    Body::from_stream(parts)
}
