//! Procurement on the web: what the pages, the API and the downloads share.
//!
//! Everything here starts from the register as one reader may see it
//! (classified fields already removed): its overview
//! ([`vigie_store::procurement::overview::Overview`]) or its processes, so a
//! page never shows what the JSON or a CSV would not, and the red flags are
//! computed on the same redacted releases.

pub mod figures;
pub mod release;
pub mod stream;
pub mod tables;
