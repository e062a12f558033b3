//! One module per resource, one function per action; `router.rs` maps URLs
//! to them.

pub mod account;
pub mod api;
pub mod assessments;
pub mod assets;
pub mod budget;
pub mod caller;
pub mod conferences;
pub(crate) mod file_import;
pub mod findings;
pub mod health;
pub mod home;
pub mod institutions;
pub mod log;
pub mod login;
pub mod logout;
pub mod me;
pub mod meetings;
pub mod policies;
pub mod procurement;
pub mod recommendations;
pub mod register;
pub mod requests;
pub mod second_factor;
