//! The programme of an edition: its items and who held a role in each.

use serde::{Deserialize, Serialize};
use time::Date;

use super::{Text, iso_day};
use crate::InstitutionCode;

/// What a programme item is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemKind {
    /// Opening session and its speeches.
    Opening,
    /// Plenary session.
    Plenary,
    /// Panel.
    Panel,
    /// Workshop: recommendations name the workshop they come from.
    Workshop,
    /// Restitution of the workshops' work in plenary.
    Restitution,
    /// Closing.
    Closing,
}

impl ItemKind {
    /// The stable code (`workshop`), as stored and served.
    pub fn code(self) -> &'static str {
        match self {
            ItemKind::Opening => "opening",
            ItemKind::Plenary => "plenary",
            ItemKind::Panel => "panel",
            ItemKind::Workshop => "workshop",
            ItemKind::Restitution => "restitution",
            ItemKind::Closing => "closing",
        }
    }

    /// The kind of a stored code.
    pub fn from_code(code: &str) -> Option<ItemKind> {
        [
            ItemKind::Opening,
            ItemKind::Plenary,
            ItemKind::Panel,
            ItemKind::Workshop,
            ItemKind::Restitution,
            ItemKind::Closing,
        ]
        .into_iter()
        .find(|k| k.code() == code)
    }
}

/// One item of the programme.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Item {
    /// Stable within the edition: `O` for the opening, `S1`… for sessions,
    /// `W1`… for workshops; a capital letter and digits.
    pub code: String,
    /// What it is.
    pub kind: ItemKind,
    /// Its day.
    #[serde(with = "iso_day")]
    pub day: Date,
    /// Its place in the day, from 1.
    pub order: u32,
    /// Its title.
    pub title: Text,
    /// The theme it discusses, when it has one besides its title.
    #[serde(default)]
    pub theme: Option<Text>,
    /// The guiding questions put to it, in order.
    #[serde(default)]
    pub questions: Vec<Text>,
}

/// What someone did in an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RoleKind {
    /// Leads the discussion.
    Moderator,
    /// Writes the item's report.
    Rapporteur,
    /// Speaks in a panel.
    Panelist,
    /// Expert who introduces the discussion.
    Expert,
    /// Speaks at the opening.
    OpeningSpeaker,
}

impl RoleKind {
    /// The stable code (`opening_speaker`).
    pub fn code(self) -> &'static str {
        match self {
            RoleKind::Moderator => "moderator",
            RoleKind::Rapporteur => "rapporteur",
            RoleKind::Panelist => "panelist",
            RoleKind::Expert => "expert",
            RoleKind::OpeningSpeaker => "opening_speaker",
        }
    }

    /// The kind of a stored code.
    pub fn from_code(code: &str) -> Option<RoleKind> {
        [
            RoleKind::Moderator,
            RoleKind::Rapporteur,
            RoleKind::Panelist,
            RoleKind::Expert,
            RoleKind::OpeningSpeaker,
        ]
        .into_iter()
        .find(|k| k.code() == code)
    }
}

/// A role held in an item, as the source publishes it: a person's name
/// only where it is published (an opening speaker may be known only by
/// their function).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Role {
    /// The item's code.
    pub item: String,
    /// The role.
    pub role: RoleKind,
    /// The person's name as published, if it is.
    #[serde(default)]
    pub name: Option<String>,
    /// Function and affiliation, as published.
    pub affiliation: Text,
    /// The institution, when it is one of Vigie's.
    #[serde(default)]
    pub institution: Option<InstitutionCode>,
}
