//! `/log/…`: the tamper-evident trail, for anyone to verify.
//!
//! Public: the signed checkpoint, the verifier key, inclusion and
//! consistency proofs, and the hash tiles — everything needed to check that
//! nothing was erased, without seeing what was done (each leaf is salted,
//! so its public hash cannot be matched against guessed entries: decision
//! 0016). The entries themselves (who did what to which object) are shown
//! only to those allowed to read them, and only their own country's; see
//! [`Reader`].

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

use vigie_domain::{CountryCode, Role};
use vigie_ledger::tiles::Tile;
use vigie_ledger::{Entry, Hash};

use crate::{AppState, Identity, WebError};

const TEXT: &str = "text/plain; charset=utf-8";

/// Who reads entries, and which: oversight roles (auditors,
/// parliamentarians) see the entries of their own country's users and of
/// the instance itself (the operator, the demo, scheduled
/// declassification); administrators, who hold the database anyway, see
/// all. Every other entry is shown as its index and leaf hash only, so that
/// the sequence stays whole and verifiable (decision 0016). Entries name
/// users and objects, including classified ones: the public sees hashes.
struct Reader {
    /// `None`: every entry (an administrator).
    country: Option<Option<CountryCode>>,
    /// Each institution's country, to place an entry's actor.
    countries: HashMap<String, Option<CountryCode>>,
}

impl Reader {
    async fn of(state: &AppState, identity: &Identity) -> Result<Reader, WebError> {
        let user = identity.user().ok_or(WebError::Unauthorized)?;
        let admin = user.roles.contains(&Role::Admin);
        let oversight = user
            .roles
            .iter()
            .any(|r| matches!(r, Role::Auditor | Role::Parliamentarian));
        if !admin && !oversight {
            return Err(WebError::Forbidden);
        }
        let countries: HashMap<String, Option<CountryCode>> = state
            .store()
            .list_institutions()
            .await?
            .into_iter()
            .map(|i| (i.code().to_string(), i.country()))
            .collect();
        let own = countries.get(user.institution.as_str()).copied().flatten();
        Ok(Reader {
            country: (!admin).then_some(own),
            countries,
        })
    }

    /// Whether this reader may see an entry by `institution` (empty: the
    /// instance itself).
    fn sees(&self, institution: &str) -> bool {
        match self.country {
            None => true,
            Some(own) => {
                institution.is_empty()
                    || (own.is_some() && self.countries.get(institution).copied().flatten() == own)
            }
        }
    }

    fn is_admin(&self) -> bool {
        self.country.is_none()
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

/// One entry as a reader gets it: whole, or withheld.
#[derive(Debug, Serialize)]
#[serde(untagged)]
pub enum EntryItem {
    /// An entry the reader may see.
    Shown(Box<EntryView>),
    /// Another country's entry: where it is in the tree, nothing else.
    Withheld {
        /// Its index.
        index: u64,
        /// Base64 of its leaf hash (salted: it tells nothing).
        leaf_hash: String,
        /// Always true.
        withheld: bool,
    },
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
    entries: Vec<EntryItem>,
}

/// `GET /log/entries?start=A&end=B`: entries `[A, B)`, at most 1,000.
pub async fn entries(
    State(state): State<AppState>,
    identity: Identity,
    Query(range): Query<Range>,
) -> Result<Json<Entries>, WebError> {
    let reader = Reader::of(&state, &identity).await?;
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
        if !reader.sees(&e.actor_institution) {
            views.push(EntryItem::Withheld {
                index,
                leaf_hash: vigie_ledger::leaf_hash(&leaf).to_base64(),
                withheld: true,
            });
            continue;
        }
        views.push(EntryItem::Shown(Box::new(EntryView {
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
        })));
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
    // A tile of entries bundles every country's: administrators only;
    // oversight readers get theirs from `/log/entries`.
    if tile.level.is_none() && !Reader::of(&state, &identity).await?.is_admin() {
        return Err(WebError::Forbidden);
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
