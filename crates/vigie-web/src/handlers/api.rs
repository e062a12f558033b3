//! The JSON API's budget, document and access-request endpoints.

pub mod budget;
pub mod documents;
mod json;
pub mod requests;
mod upload;
