#![doc = include_str!("../README.md")]
#![deny(missing_docs)]

pub mod budget;
pub mod json;

mod error;
mod text;

pub use budget::ParsedLine;
pub use error::{ImportError, Location};
