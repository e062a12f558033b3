//! `GET /api/v1/me`: who the API client or browser is signed in as.

use axum::Json;
use serde::Serialize;

use crate::{Identity, WebError};

/// The signed-in user, as the API shows them.
#[derive(Debug, Serialize)]
pub struct Me {
    username: String,
    institution: String,
    roles: Vec<&'static str>,
}

/// 200 with the user, 401 when nobody is signed in.
pub async fn show(identity: Identity) -> Result<Json<Me>, WebError> {
    let user = identity.user().ok_or(WebError::Unauthorized)?;
    Ok(Json(Me {
        username: user.username.to_string(),
        institution: user.institution.to_string(),
        roles: user.roles.iter().map(|r| r.code()).collect(),
    }))
}
