//! The JSON API's document and access-request endpoints.

pub mod documents;
mod json;
pub mod requests;
mod upload;
