#![doc = include_str!("../README.md")]
#![deny(missing_docs)]

mod authorizer;
mod files;
mod filter;
mod request;

pub use authorizer::{Authorizer, Decision, PolicyError, Rule};
pub use files::{POLICY_FILES, PolicyFile, SCHEMA};
pub use filter::{Clause, LIST_POLICIES, ListFilter};
pub use request::{Action, BUDGET_LINE, PROCUREMENT_FIELD, Principal, Resource};
