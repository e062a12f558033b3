//! Evaluating the policies.

use std::collections::{HashMap, HashSet};
use std::str::FromStr;

use cedar_policy::{
    ActionConstraint, Context, Entities, Entity, EntityId, EntityTypeName, EntityUid, PolicyId,
    PolicySet, Request, RestrictedExpression, Schema, ValidationMode, Validator,
};
use miette::Diagnostic;

use crate::files::{POLICY_FILES, PolicyFile, SCHEMA};
use crate::filter::ListFilter;
use crate::request::{Action, Principal, Resource};

/// A policy or schema file that cannot be used; the server refuses to start.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}: {reason}")]
pub struct PolicyError {
    /// The file.
    pub file: String,
    /// The line (1-based; 0 when the error is about the whole set).
    pub line: usize,
    /// What is wrong.
    pub reason: String,
}

/// The outcome of one request, with what decided it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    /// Whether the action is allowed.
    pub permit: bool,
    /// The ids of the policies that decided (permits when allowed, forbids
    /// when a forbid applied); empty when nothing permitted.
    pub policies: Vec<String>,
}

/// One policy as published: where it is, its id, what it means in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    /// The file it is in.
    pub file: &'static str,
    /// Its `@id`.
    pub id: String,
    /// `@explain_fr`.
    pub explain_fr: String,
    /// `@explain_en`.
    pub explain_en: String,
}

/// The policies in force, validated against the schema.
#[derive(Debug)]
pub struct Authorizer {
    policies: PolicySet,
    rules: Vec<Rule>,
    types: Types,
}

/// Entity type names, parsed once.
#[derive(Debug)]
struct Types {
    user: EntityTypeName,
    document: EntityTypeName,
    action: EntityTypeName,
}

impl Types {
    fn new() -> Result<Types, String> {
        let parse = |s: &str| EntityTypeName::from_str(s).map_err(|e| e.to_string());
        Ok(Types {
            user: parse("Vigie::User")?,
            document: parse("Vigie::Document")?,
            action: parse("Vigie::Action")?,
        })
    }
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

fn nth_policy_line(text: &str, n: usize) -> usize {
    text.lines()
        .enumerate()
        .filter(|(_, l)| {
            l.trim_start().starts_with("permit") || l.trim_start().starts_with("forbid")
        })
        .nth(n)
        .map_or(0, |(i, _)| i + 1)
}

fn first_line(err: &dyn Diagnostic, text: &str) -> usize {
    err.labels()
        .and_then(|mut l| l.next())
        .map_or(0, |l| line_of(text, l.offset()))
}

impl Authorizer {
    /// The policies shipped with Vigie.
    pub fn load() -> Result<Authorizer, PolicyError> {
        Authorizer::from_files(&SCHEMA, &POLICY_FILES)
    }

    /// Policies from given files: each must parse, give every policy an
    /// `@id` and both explanations, and validate against the schema.
    pub fn from_files(
        schema: &PolicyFile,
        files: &[PolicyFile],
    ) -> Result<Authorizer, PolicyError> {
        let parsed_schema = Schema::from_cedarschema_str(schema.text).map_err(|e| PolicyError {
            file: schema.name.into(),
            line: first_line(&e, schema.text),
            reason: e.to_string(),
        })?;
        let schema_value = parsed_schema.0;
        let mut policies = PolicySet::new();
        let mut rules = Vec::new();
        for file in files {
            let set = PolicySet::from_str(file.text).map_err(|e| PolicyError {
                file: file.name.into(),
                line: first_line(&e, file.text),
                reason: e
                    .to_string()
                    .lines()
                    .next()
                    .unwrap_or("parse error")
                    .to_owned(),
            })?;
            // Parsed policies are named `policy0`, `policy1`… in file order.
            let mut in_order: Vec<_> = set.policies().collect();
            in_order.sort_by_key(|p| {
                p.id()
                    .to_string()
                    .trim_start_matches("policy")
                    .parse::<usize>()
                    .unwrap_or(usize::MAX)
            });
            for (n, policy) in in_order.into_iter().enumerate() {
                // Policies come in file order; the n-th `permit`/`forbid`
                // keyword starts the n-th policy.
                let line = nth_policy_line(file.text, n);
                let missing = |what: &str| PolicyError {
                    file: file.name.into(),
                    line,
                    reason: format!("every policy needs {what}"),
                };
                let id = policy
                    .annotation("id")
                    .ok_or_else(|| missing("an `@id`"))?
                    .to_owned();
                let fr = policy
                    .annotation("explain_fr")
                    .ok_or_else(|| missing("`@explain_fr`"))?
                    .to_owned();
                let en = policy
                    .annotation("explain_en")
                    .ok_or_else(|| missing("`@explain_en`"))?
                    .to_owned();
                policies
                    .add(policy.new_id(PolicyId::new(&id)))
                    .map_err(|e| PolicyError {
                        file: file.name.into(),
                        line,
                        reason: e.to_string(),
                    })?;
                rules.push(Rule {
                    file: file.name,
                    id,
                    explain_fr: fr,
                    explain_en: en,
                });
            }
        }
        let result = Validator::new(schema_value).validate(&policies, ValidationMode::Strict);
        if let Some(e) = result.validation_errors().next() {
            return Err(PolicyError {
                file: "policies".into(),
                line: 0,
                reason: e.to_string(),
            });
        }
        let types = Types::new().map_err(|reason| PolicyError {
            file: schema.name.into(),
            line: 0,
            reason,
        })?;
        Ok(Authorizer {
            policies,
            rules,
            types,
        })
    }

    /// Every policy in force, file by file, in file order.
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// The policies whose scope includes `action`, as `(id, is_permit)`.
    pub fn policies_for(&self, action: Action) -> Vec<(String, bool)> {
        let code = action.code();
        self.policies
            .policies()
            .filter(|p| match p.action_constraint() {
                ActionConstraint::Any => true,
                ActionConstraint::Eq(uid) => uid.id().unescaped() == code,
                ActionConstraint::In(uids) => uids.iter().any(|u| u.id().unescaped() == code),
            })
            .map(|p| {
                (
                    p.id().to_string(),
                    p.effect() == cedar_policy::Effect::Permit,
                )
            })
            .collect()
    }

    /// The condition a database evaluates to list what `principal` may see:
    /// see [`ListFilter`].
    pub fn list_filter(&self, principal: &Principal) -> ListFilter {
        ListFilter::for_principal(principal)
    }

    /// Decides whether `principal` may do `action` to `resource`.
    /// `level` is the target rank for classify and declassify.
    pub fn decide(
        &self,
        principal: &Principal,
        action: Action,
        resource: &Resource,
        level: Option<u8>,
    ) -> Decision {
        // The request is not validated against the schema here (it costs
        // ten times the decision): the policies were validated at load, the
        // request is built from typed values, the tests decide every request
        // shape with validation on (`decide_validated`), and a request that
        // did not fit would make evaluation fail, which denies.
        match self.evaluate(principal, action, resource, level, None) {
            Ok(decision) => decision,
            // INVARIANT: the schema validated every policy and the request is
            // built from typed values, so evaluation errors mean a bug; deny.
            Err(reason) => Decision {
                permit: false,
                policies: vec![format!("error: {reason}")],
            },
        }
    }

    /// [`Authorizer::decide`] with the request validated against the
    /// schema: for tests, which check that every request shape fits it.
    #[cfg(test)]
    pub(crate) fn decide_validated(
        &self,
        principal: &Principal,
        action: Action,
        resource: &Resource,
        level: Option<u8>,
    ) -> Result<Decision, String> {
        static PARSED: std::sync::OnceLock<Schema> = std::sync::OnceLock::new();
        let schema = PARSED.get_or_init(|| {
            Schema::from_cedarschema_str(SCHEMA.text)
                .expect("the shipped schema parses")
                .0
        });
        self.evaluate(principal, action, resource, level, Some(schema))
    }

    fn evaluate(
        &self,
        principal: &Principal,
        action: Action,
        resource: &Resource,
        level: Option<u8>,
        schema: Option<&Schema>,
    ) -> Result<Decision, String> {
        let principal_uid =
            EntityUid::from_type_name_and_id(self.types.user.clone(), EntityId::new(&principal.id));
        let resource_uid = EntityUid::from_type_name_and_id(
            self.types.document.clone(),
            EntityId::new(&resource.id),
        );
        let action_uid = EntityUid::from_type_name_and_id(
            self.types.action.clone(),
            EntityId::new(action.code()),
        );

        let text = |s: &str| RestrictedExpression::new_string(s.to_owned());
        let country = |c: Option<vigie_domain::CountryCode>| {
            text(c.map(|c| c.to_string()).as_deref().unwrap_or(""))
        };
        let set = |items: Vec<String>| {
            RestrictedExpression::new_set(items.into_iter().map(RestrictedExpression::new_string))
        };
        let principal_attrs: HashMap<String, RestrictedExpression> = [
            ("country", country(principal.country)),
            ("institution", text(&principal.institution)),
            (
                "institution_kind",
                text(principal.institution_kind.map(|k| k.code()).unwrap_or("")),
            ),
            (
                "roles",
                set(principal
                    .roles
                    .iter()
                    .map(|r| r.code().to_owned())
                    .collect()),
            ),
            (
                "clearance",
                RestrictedExpression::new_long(i64::from(principal.clearance)),
            ),
            ("mandates", set(principal.mandates.clone())),
            ("grants", set(principal.grants.clone())),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v))
        .collect();
        let resource_attrs: HashMap<String, RestrictedExpression> = [
            ("id", text(&resource.id)),
            ("country", text(resource.level.country().as_str())),
            (
                "level",
                RestrictedExpression::new_long(i64::from(resource.level.rank())),
            ),
            ("category", text(&resource.category)),
            (
                "presumption_of_disclosure",
                RestrictedExpression::new_bool(resource.presumption_of_disclosure),
            ),
            ("producing_service", text(&resource.producing_service)),
            ("mandate_key", text(&resource.mandate_key())),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v))
        .collect();
        let entities = Entities::from_entities(
            [
                Entity::new(principal_uid.clone(), principal_attrs, HashSet::new())
                    .map_err(|e| e.to_string())?,
                Entity::new(resource_uid.clone(), resource_attrs, HashSet::new())
                    .map_err(|e| e.to_string())?,
            ],
            schema,
        )
        .map_err(|e| e.to_string())?;
        let context = match (action.has_level(), level) {
            (true, Some(level)) => Context::from_pairs([(
                "level".to_owned(),
                RestrictedExpression::new_long(i64::from(level)),
            )])
            .map_err(|e| e.to_string())?,
            (true, None) => return Err("classify and declassify need a level".into()),
            (false, _) => Context::empty(),
        };
        let request = Request::new(principal_uid, action_uid, resource_uid, context, schema)
            .map_err(|e| e.to_string())?;
        let response =
            cedar_policy::Authorizer::new().is_authorized(&request, &self.policies, &entities);
        let mut policies: Vec<String> = response
            .diagnostics()
            .reason()
            .map(ToString::to_string)
            .collect();
        policies.sort();
        if let Some(e) = response.diagnostics().errors().next() {
            return Err(e.to_string());
        }
        Ok(Decision {
            permit: response.decision() == cedar_policy::Decision::Allow,
            policies,
        })
    }
}

#[cfg(test)]
mod tests;
