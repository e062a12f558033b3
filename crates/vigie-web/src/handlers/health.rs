//! `GET /healthz`: is the application up, and on which database.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Serialize;

use crate::AppState;

#[derive(Serialize)]
pub struct Health {
    status: &'static str,
    version: &'static str,
    database: &'static str,
}

/// 200 `{"status":"ok",…}` when the database answers, 503 with
/// `"status":"unavailable"` when it does not.
pub async fn check(State(state): State<AppState>) -> (StatusCode, Json<Health>) {
    let database = state.store().backend().name();
    let version = env!("CARGO_PKG_VERSION");
    match state.store().ping().await {
        Ok(()) => (
            StatusCode::OK,
            Json(Health {
                status: "ok",
                version,
                database,
            }),
        ),
        Err(e) => {
            tracing::error!(error = %e, "health check: database unavailable");
            let health = Health {
                status: "unavailable",
                version,
                database,
            };
            (StatusCode::SERVICE_UNAVAILABLE, Json(health))
        }
    }
}
