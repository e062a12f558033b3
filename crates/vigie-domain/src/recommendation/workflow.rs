//! Who may go where: the status workflow as one pure function, and the
//! reason every change must give (docs/decisions/0012).

use std::fmt;

use super::RecommendationStatus::{self, *};
use crate::Invalid;

/// Why a change of status was made: never empty, stored trimmed.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(into = "String")]
pub struct Reason(String);

impl Reason {
    /// A reason from free text; refused when blank.
    pub fn new(text: &str) -> Result<Reason, Invalid> {
        let trimmed = text.trim();
        if trimmed.is_empty() {
            return Err(Invalid::new(
                "reason",
                text,
                "a change of status must say why (the reason is mandatory)",
            ));
        }
        Ok(Reason(trimmed.to_owned()))
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl From<Reason> for String {
    fn from(r: Reason) -> String {
        r.0
    }
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A move the workflow does not allow, with the rule that forbids it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("cannot go from {from} to {to}: {rule}")]
pub struct ForbiddenTransition {
    /// The current status.
    pub from: RecommendationStatus,
    /// The status asked for.
    pub to: RecommendationStatus,
    /// The rule, in words.
    pub rule: &'static str,
}

/// Whether a recommendation at `from` may be moved to `to`.
///
/// The rules (decision 0012):
/// - a change changes something: never to the same status;
/// - only a declined recommendation goes back to `not_started` (it was
///   reconsidered): once work started, the history says so;
/// - `not_accepted` is decided before work is done: from `not_started` or
///   `in_progress`, never after part of it was implemented;
/// - a declined recommendation is reopened through `not_started` only;
/// - everything else moves freely, including reopening an `implemented`
///   recommendation (to `in_progress` or `partially_implemented`) when the
///   evidence no longer holds.
pub fn check_transition(
    from: RecommendationStatus,
    to: RecommendationStatus,
) -> Result<(), ForbiddenTransition> {
    let forbid = |rule| Err(ForbiddenTransition { from, to, rule });
    match (from, to) {
        _ if from == to => forbid("the status is already that"),
        (NotAccepted, NotStarted) => Ok(()),
        (NotAccepted, _) => {
            forbid("a recommendation that was not accepted is first reconsidered (not_started)")
        }
        (_, NotStarted) => forbid("once work has started, it cannot be marked not started"),
        (PartiallyImplemented | Implemented, NotAccepted) => {
            forbid("a recommendation already (partly) implemented cannot be declined")
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every pair of the 5×5, with whether it is allowed: the table of
    /// decision 0012.
    #[test]
    fn every_transition_is_decided_as_documented() {
        use RecommendationStatus as S;
        let allowed = |from: S, to: S| -> bool {
            matches!(
                (from, to),
                (S::NotStarted, S::InProgress)
                    | (S::NotStarted, S::PartiallyImplemented)
                    | (S::NotStarted, S::Implemented)
                    | (S::NotStarted, S::NotAccepted)
                    | (S::InProgress, S::PartiallyImplemented)
                    | (S::InProgress, S::Implemented)
                    | (S::InProgress, S::NotAccepted)
                    | (S::PartiallyImplemented, S::InProgress)
                    | (S::PartiallyImplemented, S::Implemented)
                    | (S::Implemented, S::InProgress)
                    | (S::Implemented, S::PartiallyImplemented)
                    | (S::NotAccepted, S::NotStarted)
            )
        };
        let mut count = 0;
        for from in S::ALL {
            for to in S::ALL {
                let result = check_transition(*from, *to);
                assert_eq!(
                    result.is_ok(),
                    allowed(*from, *to),
                    "{from} -> {to}: {result:?}"
                );
                count += 1;
            }
        }
        assert_eq!(count, 25);
    }

    #[test]
    fn a_refusal_names_both_ends_and_the_rule() {
        let e = check_transition(Implemented, NotAccepted).unwrap_err();
        assert_eq!(
            e.to_string(),
            "cannot go from implemented to not_accepted: a recommendation already (partly) implemented cannot be declined"
        );
    }

    #[test]
    fn a_reason_is_trimmed_and_never_blank() {
        assert_eq!(
            Reason::new("  decree signed ").unwrap().as_str(),
            "decree signed"
        );
        assert!(Reason::new("").is_err());
        let e = Reason::new(" \n\t").unwrap_err();
        assert_eq!(e.field, "reason");
    }
}
