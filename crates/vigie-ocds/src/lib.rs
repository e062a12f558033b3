//! OCDS 1.1 for Vigie's procurement register (decision 0011): a contracting
//! process is an OCDS compiled release.
//!
//! - [`read_each`] / [`read`]: releases out of any common OCDS file shape,
//!   streamed, one release in memory at a time; [`read_each_deferred`]
//!   leaves JSON lines to be parsed by the caller, on its own threads;
//! - [`validate_release`] / [`validate`]: the bundled OCDS 1.1.5 release
//!   schema, compiled once;
//! - [`compile`]: the OCDS merge routine, its rules taken from that schema;
//! - [`write_compiled`], [`write_release_package`]: JSON lines and packages
//!   that the Open Contracting validator accepts;
//! - [`identify`]: a publisher's classification path, positions into arrays
//!   turned into item ids against the release that declares it;
//! - [`redact`]: classified fields out, found by item id and never by
//!   position ([`locate`]), the `classification` list kept.

mod correct;
mod error;
mod merge;
mod path;
mod read;
mod redact;
mod rules;
mod schema;
mod validate;
mod write;

pub use correct::{Correction, correct};
pub use error::{Location, OcdsError};
pub use merge::{compile, compile_owned};
pub use path::identify;
pub use read::{Item, Line, read, read_each, read_each_deferred, read_each_lenient};
pub use redact::{classified, locate, redact};
pub use schema::{RECORD_PACKAGE_SCHEMA, RELEASE_PACKAGE_SCHEMA, RELEASE_SCHEMA, VIGIE_EXTENSION};
pub use validate::{Findings, validate, validate_release, validate_release_lenient};
pub use write::{
    OCDS_VERSION, PackageMeta, Publisher, write_compiled, write_compiled_text,
    write_release_package,
};
