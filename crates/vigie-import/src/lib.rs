#![doc = include_str!("../README.md")]
#![deny(missing_docs)]

pub mod budget;
pub mod json;

mod error;
mod report;
mod text;

pub use budget::ParsedLine;
pub use error::{ImportError, Location};
pub use report::{Level, Observer, REPORT_HEADER, ReportWriter, write_report};
