#![doc = include_str!("../README.md")]
#![deny(missing_docs)]

mod bilingual;
pub mod budget;
pub mod classification;
pub mod conference;
pub mod country;
pub mod fiscal_year;
pub mod governance;
pub mod institution;
pub mod iso_day;
pub mod lang;
pub mod meeting;
pub mod money;
pub mod recommendation;
mod spreadsheet;
pub mod user;
mod web_link;

mod invalid;

pub use bilingual::Bilingual;
pub use classification::{
    AuthorityAction, ClassificationAuthority, ClassificationLevel, ClassificationScheme,
    InformationCategory, LevelDefinition, REMOVED_MARK, Treatment, redact,
};
pub use country::{Country, CountryCode};
pub use fiscal_year::FiscalYear;
pub use institution::{Institution, InstitutionCode, InstitutionKind};
pub use invalid::Invalid;
pub use lang::Lang;
pub use money::{Currency, ExchangeRate, Money, MoneyError};
pub use spreadsheet::inert_text;
pub use user::{Role, TokenScope, Username, second_factor_required};
pub use web_link::WebLink;
