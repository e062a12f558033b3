//! The JSON API's budget, procurement, document and access-request endpoints.

pub mod budget;
pub mod documents;
mod json;
pub mod procurement;
pub mod recommendations;
pub mod requests;
mod upload;
