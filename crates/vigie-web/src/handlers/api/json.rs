//! A JSON body whose rejections use the API's error envelope.

use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, Request};
use serde::de::DeserializeOwned;

use crate::WebError;

/// `Json<T>`, but a malformed body is a 400 (bad JSON) or 422 (wrong
/// fields) in the usual `{"error": …}` envelope.
#[derive(Debug)]
pub struct ApiJson<T>(pub T);

impl<S, T> FromRequest<S> for ApiJson<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = WebError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match Json::<T>::from_request(req, state).await {
            Ok(Json(value)) => Ok(ApiJson(value)),
            Err(JsonRejection::JsonDataError(e)) => Err(WebError::Unprocessable(e.body_text())),
            Err(e) => Err(WebError::BadRequest(e.body_text())),
        }
    }
}
