//! What a principal may list, as a condition a database can evaluate.
//!
//! Deciding a register of 100,000 documents row by row costs the better
//! part of a second. The listing instead asks the database for the rows a
//! [`ListFilter`] matches, and the filter is derived here, once per request,
//! from the same principal the policies see. It mirrors the `list` rules one
//! clause per permitting policy; the property test in `authorizer/tests.rs`
//! holds `ListFilter::matches` to Cedar's own decision over random
//! principals and documents, and a test fails if a policy that mentions
//! `list` is added without a clause here.

use vigie_domain::{CountryCode, Role};

use crate::request::{Principal, Resource};

/// The policies that permit `list`, each mirrored by a clause below.
pub const LIST_POLICIES: [&str; 4] = [
    "public-information",
    "oversight-register",
    "producing-service",
    "access-granted",
];

/// One way a document may be listed: every condition set must hold.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Clause {
    /// The document's country.
    pub country: Option<CountryCode>,
    /// The producing service's code.
    pub producing_service: Option<String>,
    /// The highest rank.
    pub max_rank: Option<u8>,
    /// The document is one of these ids.
    pub ids: Option<Vec<String>>,
}

impl Clause {
    fn matches(&self, r: &Resource) -> bool {
        self.country.is_none_or(|c| c == r.level.country())
            && self
                .producing_service
                .as_ref()
                .is_none_or(|s| *s == r.producing_service)
            && self.max_rank.is_none_or(|m| r.level.rank() <= m)
            && self.ids.as_ref().is_none_or(|ids| ids.contains(&r.id))
    }
}

/// The documents a principal may list: those matching any clause.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListFilter {
    /// The clauses, any of which admits a document.
    pub clauses: Vec<Clause>,
}

impl ListFilter {
    /// The filter for a principal, per the `list` policies.
    pub fn for_principal(p: &Principal) -> ListFilter {
        // public-information: `resource.level == 0`.
        let mut clauses = vec![Clause {
            max_rank: Some(0),
            ..Clause::default()
        }];
        if let Some(country) = p.country {
            let has = |role| p.roles.contains(&role);
            // oversight-register: auditors and parliamentarians, own country.
            if has(Role::Auditor) || has(Role::Parliamentarian) {
                clauses.push(Clause {
                    country: Some(country),
                    ..Clause::default()
                });
            }
            // producing-service: own country and service, within clearance.
            if has(Role::Producer) {
                clauses.push(Clause {
                    country: Some(country),
                    producing_service: Some(p.institution.clone()),
                    max_rank: Some(p.clearance),
                    ..Clause::default()
                });
            }
        }
        // access-granted: the documents a running grant opens.
        if !p.grants.is_empty() {
            clauses.push(Clause {
                ids: Some(p.grants.clone()),
                ..Clause::default()
            });
        }
        ListFilter { clauses }
    }

    /// Whether the filter admits a document: what the database computes.
    pub fn matches(&self, r: &Resource) -> bool {
        self.clauses.iter().any(|c| c.matches(r))
    }
}
