//! Recommendations follow-up (issue 7): where a recommendation comes from,
//! what it is about, how its status may move, when a milestone is late,
//! and the public dashboard's figures. Pure functions; the store and the
//! web call them with what they read and the instant they were asked at.
//!
//! The workflow and its reasons are decision 0012.

mod dashboard;
mod overdue;
mod vocabulary;
mod workflow;

pub use dashboard::{Dashboard, DashboardItem, StatusCounts};
pub use overdue::{Milestone, MilestoneError, is_overdue, local_date, utc_offset};
pub use vocabulary::{FindingSource, Outcome, Priority, RecommendationStatus, SourceKind, Theme};
pub use workflow::{ForbiddenTransition, Reason, check_transition};
