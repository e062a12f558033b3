//! Who writes, and the one question every write of an existing record
//! asks: may this writer change *that record, as stored*?
//!
//! The security review (issue 14, class 1) found that an import took the
//! country of an existing contracting process from the incoming release, so
//! a producer of one state could re-home another state's process and read
//! its restricted fields. The rule enforced here, for every import kind, is
//! that a record's country and producing service are fixed when it is first
//! stored, and that a write touching a stored record is decided against the
//! stored record (and then the incoming one), never the incoming one alone.

use vigie_domain::{CountryCode, Role};
use vigie_policy::{Action, Authorizer, Decision, Principal, Resource};

/// Who is writing.
#[derive(Debug, Clone, Copy)]
pub enum Writer<'a> {
    /// The instance's operator: `vigie import` run on the server, and the
    /// demo. They hold the database itself, so no policy can bind them; the
    /// rules that keep records whole (a stored record's country and service
    /// never change) still apply to them.
    Operator,
    /// A signed-in user (a web upload, an API call): every write is a
    /// Cedar `write` decision on the stored record, and every change of a
    /// level a `classify` or `declassify` decision, each seeing the user's
    /// country, service and clearance.
    User {
        /// The user, as the policies see them.
        principal: &'a Principal,
        /// The policies in force.
        authorizer: &'a Authorizer,
    },
}

impl Writer<'_> {
    /// The producing service a new record of this writer gets: a
    /// producer's institution; empty (a record of the country, no one
    /// service's) for the operator and administrators.
    pub fn service(&self) -> &str {
        match self {
            Writer::User { principal, .. } if principal.roles.contains(&Role::Producer) => {
                &principal.institution
            }
            _ => "",
        }
    }

    /// The writer's country, if it is a user of one.
    pub fn country(&self) -> Option<CountryCode> {
        match self {
            Writer::Operator => None,
            Writer::User { principal, .. } => principal.country,
        }
    }

    /// The writer's clearance (the operator is not bound by one).
    pub fn clearance(&self) -> Option<u8> {
        match self {
            Writer::Operator => None,
            Writer::User { principal, .. } => Some(principal.clearance),
        }
    }

    /// Whether the policies let this writer do `action` to `resource`
    /// (`level`: the target rank of a classify or declassify). The operator
    /// is always let through; a refusal carries the decision.
    pub fn decide(
        &self,
        action: Action,
        resource: &Resource,
        level: Option<u8>,
    ) -> Result<(), Decision> {
        match self {
            Writer::Operator => Ok(()),
            Writer::User {
                principal,
                authorizer,
            } => {
                let decision = authorizer.decide(principal, action, resource, level);
                if decision.permit {
                    Ok(())
                } else {
                    Err(decision)
                }
            }
        }
    }

    /// A change of level, from the stored rank to the incoming one, as the
    /// policies decide it: raising is `classify`, lowering `declassify`,
    /// keeping it nothing to decide.
    pub fn decide_level(&self, resource: &Resource, to: u8) -> Result<(), Decision> {
        let from = resource.level.rank();
        match to.cmp(&from) {
            std::cmp::Ordering::Equal => Ok(()),
            std::cmp::Ordering::Greater => self.decide(Action::Classify, resource, Some(to)),
            std::cmp::Ordering::Less => self.decide(Action::Declassify, resource, Some(to)),
        }
    }
}
