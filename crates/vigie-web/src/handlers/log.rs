//! `/log/…`: the tamper-evident trail, for anyone to verify.
//!
//! Public: the signed checkpoint, the verifier key, inclusion and
//! consistency proofs, and the hash tiles — everything needed to check that
//! nothing was erased, without seeing what was done. The entries themselves
//! (who did what to which object) are shown only to those allowed to read
//! them; see [`may_read_entries`].

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde::{Deserialize, Serialize};
use vigie_domain::Role;
use vigie_ledger::tiles::Tile;
use vigie_ledger::{Entry, Hash};

use crate::{AppState, Identity, WebError};

const TEXT: &str = "text/plain; charset=utf-8";

/// Who may read the entries' contents, until the published Cedar policies
/// of the classification work take this decision: oversight roles
/// (auditors, parliamentarians) and administrators. Entries name users and
/// objects, including classified ones, so the public sees only hashes.
fn may_read_entries(identity: &Identity) -> Result<(), WebError> {
    let user = identity.user().ok_or(WebError::Unauthorized)?;
    let allowed = user
        .roles
        .iter()
        .any(|r| matches!(r, Role::Auditor | Role::Parliamentarian | Role::Admin));
    if allowed {
        Ok(())
    } else {
        Err(WebError::Forbidden)
    }
}

/// `GET /log/checkpoint`: the current signed checkpoint (C2SP signed note).
pub async fn checkpoint(State(state): State<AppState>) -> Result<Response, WebError> {
    let note = state.store().log_checkpoint(state.log_key()).await?;
    Ok(([(CONTENT_TYPE, TEXT), (CACHE_CONTROL, "no-cache")], note).into_response())
}

/// `GET /log/key`: the verifier key (C2SP vkey) that signs the checkpoints.
pub async fn key(State(state): State<AppState>) -> Response {
    (
        [(CONTENT_TYPE, TEXT)],
        format!("{}\n", state.log_key().verifier()),
    )
        .into_response()
}

/// Query of `GET /log/entries`.
#[derive(Debug, Deserialize)]
pub struct Range {
    start: u64,
    end: u64,
}

/// One entry: its exact bytes, and what they say.
#[derive(Debug, Serialize)]
pub struct EntryView {
    index: u64,
    /// Base64 of the exact leaf bytes that are hashed.
    data: String,
    time_ms: i64,
    actor: String,
    institution: String,
    action: String,
    object_type: String,
    object_id: String,
    content_hash: Option<String>,
    decision: Option<DecisionView>,
}

/// A policy decision as an entry records it.
#[derive(Debug, Serialize)]
pub struct DecisionView {
    permit: bool,
    policies: Vec<String>,
    reasons: String,
}

/// The answer of `GET /log/entries`.
#[derive(Debug, Serialize)]
pub struct Entries {
    entries: Vec<EntryView>,
}

/// `GET /log/entries?start=A&end=B`: entries `[A, B)`, at most 1,000.
pub async fn entries(
    State(state): State<AppState>,
    identity: Identity,
    Query(range): Query<Range>,
) -> Result<Json<Entries>, WebError> {
    may_read_entries(&identity)?;
    if range.end < range.start {
        return Err(WebError::BadRequest(
            "`end` must not be below `start`".into(),
        ));
    }
    let rows = state.store().log_entries(range.start, range.end).await?;
    let mut views = Vec::with_capacity(rows.len());
    for (index, leaf) in rows {
        let e = Entry::decode(&leaf)
            .map_err(|e| WebError::Internal(format!("log entry {index}: {e}")))?;
        views.push(EntryView {
            index,
            data: STANDARD.encode(&leaf),
            time_ms: e.time_ms,
            actor: e.actor_user,
            institution: e.actor_institution,
            action: e.action,
            object_type: e.object_type,
            object_id: e.object_id,
            content_hash: e.content_hash.map(|h| STANDARD.encode(h)),
            decision: e.decision.map(|d| DecisionView {
                permit: d.permit,
                policies: d.policies,
                reasons: d.reasons,
            }),
        });
    }
    Ok(Json(Entries { entries: views }))
}

#[derive(Debug, Serialize)]
pub struct Proof {
    hashes: Vec<String>,
}

fn proof(hashes: Vec<Hash>) -> Json<Proof> {
    Json(Proof {
        hashes: hashes.iter().map(Hash::to_base64).collect(),
    })
}

/// Query of `GET /log/proof/inclusion`.
#[derive(Debug, Deserialize)]
pub struct InclusionQuery {
    index: u64,
    size: u64,
}

/// `GET /log/proof/inclusion?index=N&size=M` (RFC 9162 §2.1.3).
pub async fn inclusion_proof(
    State(state): State<AppState>,
    Query(q): Query<InclusionQuery>,
) -> Result<Json<Proof>, WebError> {
    Ok(proof(
        state
            .store()
            .log_inclusion_proof(q.index, q.size)
            .await
            .map_err(out_of_range)?,
    ))
}

/// A proof asked beyond the tree is a malformed query (400), as RFC 9162
/// clients expect, not a clash with stored state (409).
fn out_of_range(e: vigie_store::StoreError) -> WebError {
    match e {
        vigie_store::StoreError::Conflict(reason) => WebError::BadRequest(reason),
        other => other.into(),
    }
}

/// Query of `GET /log/proof/consistency`.
#[derive(Debug, Deserialize)]
pub struct ConsistencyQuery {
    from: u64,
    to: u64,
}

/// `GET /log/proof/consistency?from=A&to=B` (RFC 9162 §2.1.4).
pub async fn consistency_proof(
    State(state): State<AppState>,
    Query(q): Query<ConsistencyQuery>,
) -> Result<Json<Proof>, WebError> {
    Ok(proof(
        state
            .store()
            .log_consistency_proof(q.from, q.to)
            .await
            .map_err(out_of_range)?,
    ))
}

/// `GET /log/tile/…`: C2SP tlog-tiles. Full tiles never change and are
/// cached for a year; partial ones are not cached.
pub async fn tile(
    State(state): State<AppState>,
    identity: Identity,
    Path(path): Path<String>,
) -> Result<Response, WebError> {
    let tile = Tile::parse(&format!("tile/{path}")).ok_or(WebError::NotFound)?;
    if tile.level.is_none() {
        may_read_entries(&identity)?;
    }
    let bytes = state
        .store()
        .log_tile(tile)
        .await?
        .ok_or(WebError::NotFound)?;
    let cache = match (tile.level, tile.width == vigie_ledger::tiles::WIDTH) {
        (None, _) => "private, no-store",
        (Some(_), true) => "public, max-age=31536000, immutable",
        (Some(_), false) => "no-cache",
    };
    Ok((
        [
            (CONTENT_TYPE, "application/octet-stream"),
            (CACHE_CONTROL, cache),
        ],
        bytes,
    )
        .into_response())
}
