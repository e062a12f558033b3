//! Milestones and when they are late.
//!
//! "Late" is a date in the responsible institution's country: a milestone
//! due on 10 March is late from 11 March local time, so at 23:30 UTC on
//! 10 March it is already late in Niamey (UTC+1) but not yet in Bamako
//! (UTC+0). The offsets are fixed: none of the five states observes daylight
//! saving time. Source: the IANA time zone database, whose zones for them
//! are Africa/Ouagadougou, Africa/Bamako and Africa/Nouakchott (GMT, UTC+0)
//! and Africa/Niamey and Africa/Ndjamena (WAT, UTC+1). Regional
//! institutions and any other country count in UTC. The caller passes the
//! instant (`now`): nothing here reads the clock.

use time::{Date, OffsetDateTime, UtcOffset};

use crate::{CountryCode, InstitutionCode};

/// The fixed offset of a country's civil time (UTC for regional bodies,
/// `None`, and for countries outside the five).
pub fn utc_offset(country: Option<CountryCode>) -> UtcOffset {
    match country {
        Some(CountryCode::NER | CountryCode::TCD) => time::macros::offset!(+1),
        _ => UtcOffset::UTC,
    }
}

/// The calendar date at `now` in `country`'s civil time.
pub fn local_date(country: Option<CountryCode>, now: OffsetDateTime) -> Date {
    now.to_offset(utc_offset(country)).date()
}

/// Why a milestone cannot be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MilestoneError {
    /// Due before the recommendation existed.
    #[error("before the recommendation was made ({made_on})")]
    DueBeforeMade {
        /// The recommendation's date.
        made_on: Date,
    },
    /// Done before the recommendation existed.
    #[error("done before the recommendation was made ({made_on})")]
    DoneBeforeMade {
        /// The recommendation's date.
        made_on: Date,
    },
}

/// A step of a recommendation's implementation, with its due date and the
/// institution answerable for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Milestone {
    title_fr: String,
    title_en: String,
    due: Date,
    responsible: InstitutionCode,
    done_on: Option<Date>,
}

impl Milestone {
    /// A milestone of a recommendation made on `made_on`: refused when due
    /// (or done) before that date.
    pub fn new(
        title_fr: impl Into<String>,
        title_en: impl Into<String>,
        due: Date,
        responsible: InstitutionCode,
        done_on: Option<Date>,
        made_on: Date,
    ) -> Result<Milestone, MilestoneError> {
        if due < made_on {
            return Err(MilestoneError::DueBeforeMade { made_on });
        }
        if done_on.is_some_and(|d| d < made_on) {
            return Err(MilestoneError::DoneBeforeMade { made_on });
        }
        Ok(Milestone {
            title_fr: title_fr.into(),
            title_en: title_en.into(),
            due,
            responsible,
            done_on,
        })
    }

    /// The title in French.
    pub fn title_fr(&self) -> &str {
        &self.title_fr
    }

    /// The title in English.
    pub fn title_en(&self) -> &str {
        &self.title_en
    }

    /// The due date.
    pub fn due(&self) -> Date {
        self.due
    }

    /// The institution answerable for it.
    pub fn responsible(&self) -> &InstitutionCode {
        &self.responsible
    }

    /// When it was done, if it was.
    pub fn done_on(&self) -> Option<Date> {
        self.done_on
    }

    /// Late: not done, and the responsible institution's country (`None`
    /// for a regional body) is already past the due date at `now`.
    pub fn is_overdue(
        &self,
        responsible_country: Option<CountryCode>,
        now: OffsetDateTime,
    ) -> bool {
        is_overdue(self.due, self.done_on, responsible_country, now)
    }
}

/// [`Milestone::is_overdue`] on stored columns.
pub fn is_overdue(
    due: Date,
    done_on: Option<Date>,
    responsible_country: Option<CountryCode>,
    now: OffsetDateTime,
) -> bool {
    done_on.is_none() && local_date(responsible_country, now) > due
}

#[cfg(test)]
mod tests {
    use time::macros::{date, datetime};

    use super::*;

    fn milestone(due: Date, done_on: Option<Date>) -> Milestone {
        Milestone::new(
            "Étape",
            "Step",
            due,
            "NER-CDC".parse().unwrap(),
            done_on,
            date!(2021 - 03 - 18),
        )
        .unwrap()
    }

    #[test]
    fn midnight_comes_an_hour_earlier_in_niamey_than_in_bamako() {
        let m = milestone(date!(2024 - 03 - 10), None);
        let before = datetime!(2024-03-10 22:59:59 UTC);
        let between = datetime!(2024-03-10 23:00:00 UTC);
        let after = datetime!(2024-03-11 00:00:00 UTC);
        assert!(!m.is_overdue(Some(CountryCode::NER), before));
        assert!(m.is_overdue(Some(CountryCode::NER), between));
        assert!(!m.is_overdue(Some(CountryCode::MLI), between));
        assert!(m.is_overdue(Some(CountryCode::MLI), after));
        // N'Djamena shares Niamey's offset; Ouagadougou and Nouakchott Bamako's.
        assert!(m.is_overdue(Some(CountryCode::TCD), between));
        assert!(!m.is_overdue(Some(CountryCode::BFA), between));
        assert!(!m.is_overdue(Some(CountryCode::MRT), between));
        // Regional bodies count in UTC.
        assert!(!m.is_overdue(None, between));
        assert!(m.is_overdue(None, after));
    }

    #[test]
    fn the_due_day_itself_is_not_late_and_leap_days_count() {
        let m = milestone(date!(2024 - 02 - 29), None);
        assert!(!m.is_overdue(Some(CountryCode::MLI), datetime!(2024-02-29 23:59:59 UTC)));
        assert!(m.is_overdue(Some(CountryCode::MLI), datetime!(2024-03-01 00:00:00 UTC)));
        // In Niamey, 29 February ends at 23:00 UTC.
        assert!(m.is_overdue(Some(CountryCode::NER), datetime!(2024-02-29 23:00:00 UTC)));
        // A `now` given in another offset is the same instant.
        assert!(m.is_overdue(Some(CountryCode::MLI), datetime!(2024-03-01 01:00:00 +1)));
    }

    #[test]
    fn a_done_milestone_is_never_late() {
        let m = milestone(date!(2022 - 01 - 01), Some(date!(2023 - 06 - 01)));
        assert!(!m.is_overdue(Some(CountryCode::NER), datetime!(2030-01-01 00:00:00 UTC)));
    }

    #[test]
    fn a_milestone_cannot_be_due_before_its_recommendation() {
        let e = Milestone::new(
            "x",
            "x",
            date!(2021 - 03 - 17),
            "MLI-BVG".parse().unwrap(),
            None,
            date!(2021 - 03 - 18),
        )
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            "before the recommendation was made (2021-03-18)"
        );
        assert!(
            Milestone::new(
                "x",
                "x",
                date!(2021 - 03 - 18),
                "MLI-BVG".parse().unwrap(),
                None,
                date!(2021 - 03 - 18)
            )
            .is_ok()
        );
    }
}
