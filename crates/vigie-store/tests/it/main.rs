//! The storage conformance suite: the same stories against whichever
//! backend the environment selects — SQLite by default, PostgreSQL when
//! `VIGIE_TEST_DATABASE_URL` is set (`.ci/run` does both). Each test opens
//! its own database through `TestStore`.

mod accounts;
mod budget;
mod conferences;
mod demo;
mod documents;
mod governance;
mod log;
mod meetings;
mod open;
mod procurement;
mod recommendations;
