//! Budgets on the web: the open-data tables (CSV, XLSX, JSON) that the
//! pages, the API and `vigie export budget` share, and the charts.

pub mod export;
pub mod indicator_tables;
pub mod open_data;

pub use open_data::{Cell, Format, Table};
