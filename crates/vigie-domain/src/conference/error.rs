//! What can be wrong with an edition, each with the place it is wrong.

use time::Date;

use super::iso_day;

/// A rule an edition breaks.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConferenceError {
    /// Numbers start at 1.
    #[error("editions are numbered from 1")]
    NumberZero,
    /// The edition ends before it starts.
    #[error("ends on {}, before it starts ({})", iso_day::format(*.end), iso_day::format(*.start))]
    EndBeforeStart {
        /// First day.
        start: Date,
        /// Last day.
        end: Date,
    },
    /// An item on a day outside the edition.
    #[error("{} is not a day of the edition ({} to {})", iso_day::format(*.day), iso_day::format(*.start), iso_day::format(*.end))]
    DayOutside {
        /// The item's day.
        day: Date,
        /// First day.
        start: Date,
        /// Last day.
        end: Date,
    },
    /// A code that is not a capital letter and digits.
    #[error("`{0}` is not an item code: a capital letter then digits, such as `W2`")]
    BadCode(String),
    /// Two items with one code.
    #[error("code `{0}` is used twice")]
    DuplicateCode(String),
    /// Two items at one place of one day.
    #[error("order {order} of {} is used twice", iso_day::format(*.day))]
    DuplicateOrder {
        /// The day.
        day: Date,
        /// The order.
        order: u32,
    },
    /// Orders start at 1.
    #[error("orders start at 1")]
    OrderZero,
    /// A role or document naming an item the programme does not have.
    #[error("no programme item `{0}` in this edition")]
    UnknownItem(String),
    /// An institution that is not in Vigie.
    #[error("no institution `{0}`: add it with `vigie institution add` first")]
    UnknownInstitution(String),
    /// A text missing in one language.
    #[error("empty: every text is given in French and English")]
    EmptyText,
    /// A language that is not `fr` or `en`.
    #[error("`{0}` is not a language of Vigie (`fr` or `en`)")]
    BadLanguage(String),
    /// A document both at a URL and in the register.
    #[error("give a URL or a Vigie document id, not both")]
    TwoPlaces,
    /// A URL that is not one.
    #[error("`{0}` is not an http(s) URL")]
    BadUrl(String),
    /// The same institution twice in the same role.
    #[error("`{0}` is listed twice in this role")]
    DuplicateInstitution(String),
    /// The same participants listed twice.
    #[error("this country and category (and institution) are listed twice")]
    DuplicateParticipants,
    /// A country that is not one of this instance's.
    #[error("{0} is not a country of this instance")]
    UnknownCountry(String),
    /// A register document that does not exist.
    #[error("no document {0} in the register")]
    UnknownDocument(i64),
    /// A national category without a country, or the reverse.
    #[error("{0}")]
    ParticipantCountry(&'static str),
    /// An edition without a programme.
    #[error("a programme has at least one item")]
    EmptyProgram,
}

/// A broken rule and the JSON pointer of the value that breaks it
/// (`/program/3/day`), so that the importer can name the line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}: {error}")]
pub struct Problem {
    /// JSON pointer into the edition's file.
    pub path: String,
    /// What is wrong.
    pub error: ConferenceError,
}
