//! Procurement on the web: what the pages, the API and the downloads share.
//!
//! Everything here starts from a [`vigie_store::procurement::ProcurementView`],
//! the register as one reader may see it (classified fields already
//! removed), so a page never shows what the JSON or a CSV would not, and the
//! red flags are computed on the same redacted releases.

pub mod figures;
pub mod release;
pub mod tables;
