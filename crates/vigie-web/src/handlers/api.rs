//! The JSON API's budget, procurement, governance, document and access-request endpoints.

pub mod budget;
pub mod conferences;
pub mod documents;
pub mod governance;
mod json;
pub mod procurement;
pub mod recommendations;
pub mod requests;
mod upload;
