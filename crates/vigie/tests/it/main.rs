//! The `vigie` binary end to end: subcommands, the server, bad
//! configurations, and (opt-in, `--ignored`) a real browser. Each test gets
//! its own data directory, and its own PostgreSQL database when
//! `VIGIE_TEST_DATABASE_URL` is set.

mod architecture;
mod browser;
mod budget;
mod commands;
mod conferences;
mod declassify;
mod dos;
mod errors;
mod followup;
mod governance;
mod interop;
mod private_files;
mod procurement;
mod serve;
mod support;
mod trail;
