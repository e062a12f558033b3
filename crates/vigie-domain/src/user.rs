//! Accounts: usernames and the roles a user may hold.

use std::fmt;
use std::str::FromStr;

use crate::{Invalid, Lang};

/// A login name: 2 to 64 lowercase ASCII letters, digits, `.`, `_` or `-`,
/// starting with a letter or digit. Lowercase only, so that `Amadou` and
/// `amadou` can never be two accounts.
#[derive(
    Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(try_from = "String", into = "String")]
pub struct Username(String);

impl Username {
    /// The name as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for Username {
    type Err = Invalid;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let first_ok = s
            .bytes()
            .next()
            .is_some_and(|b| b.is_ascii_lowercase() || b.is_ascii_digit());
        let all_ok = s.bytes().all(|b| {
            b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'.' | b'_' | b'-')
        });
        if (2..=64).contains(&s.len()) && first_ok && all_ok {
            Ok(Username(s.to_owned()))
        } else {
            Err(Invalid::new(
                "username",
                s,
                "expected 2 to 64 lowercase letters, digits, `.`, `_` or `-`, starting with a letter or digit",
            ))
        }
    }
}

impl TryFrom<String> for Username {
    type Error = Invalid;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

impl From<Username> for String {
    fn from(u: Username) -> String {
        u.0
    }
}

impl fmt::Display for Username {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// What a user does in Vigie. A user holds one or more roles; what each
/// role may see or change is decided by the published policies, not here.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Runs the instance: accounts and institutions. Grants no access to
    /// classified content by itself.
    Admin,
    /// Records budgets, contracts and documents for their institution.
    Producer,
    /// May classify and declassify, within the authority the law gives.
    ClassificationAuthority,
    /// Magistrate or inspector acting under an oversight mandate.
    Auditor,
    /// Member of parliament on the defense and security commission.
    Parliamentarian,
    /// Reads what is public, follows recommendations, asks for documents:
    /// civil society, press, partners.
    Observer,
    /// Organises the regional conference and its follow-up.
    Facilitator,
}

impl Role {
    /// Every role, in the order `vigie role list` prints them.
    pub const ALL: [Role; 7] = [
        Role::Admin,
        Role::Producer,
        Role::ClassificationAuthority,
        Role::Auditor,
        Role::Parliamentarian,
        Role::Observer,
        Role::Facilitator,
    ];

    /// The stable code (`auditor`).
    pub fn code(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Producer => "producer",
            Role::ClassificationAuthority => "classification_authority",
            Role::Auditor => "auditor",
            Role::Parliamentarian => "parliamentarian",
            Role::Observer => "observer",
            Role::Facilitator => "facilitator",
        }
    }

    /// Whether holding this role calls for a second factor at sign-in: an
    /// administrator runs the accounts and a classification authority
    /// changes what is secret, so a stolen password alone must not be
    /// enough for either.
    pub fn needs_second_factor(self) -> bool {
        matches!(self, Role::Admin | Role::ClassificationAuthority)
    }

    /// A one-line description in the reader's language.
    pub fn describe(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Role::Admin, Lang::Fr) => {
                "administre l'instance (comptes, institutions) ; aucun accès classifié de ce seul fait"
            }
            (Role::Admin, Lang::En) => {
                "runs the instance (accounts, institutions); no classified access by itself"
            }
            (Role::Producer, Lang::Fr) => "saisit budgets, marchés et documents de son institution",
            (Role::Producer, Lang::En) => {
                "records budgets, contracts and documents for their institution"
            }
            (Role::ClassificationAuthority, Lang::Fr) => {
                "classifie et déclassifie dans les limites fixées par la loi"
            }
            (Role::ClassificationAuthority, Lang::En) => {
                "classifies and declassifies within the limits the law sets"
            }
            (Role::Auditor, Lang::Fr) => {
                "magistrat ou inspecteur agissant sous un mandat de contrôle"
            }
            (Role::Auditor, Lang::En) => {
                "magistrate or inspector acting under an oversight mandate"
            }
            (Role::Parliamentarian, Lang::Fr) => "membre de la commission défense et sécurité",
            (Role::Parliamentarian, Lang::En) => "member of the defense and security commission",
            (Role::Observer, Lang::Fr) => {
                "lit le public, suit les recommandations, demande des documents"
            }
            (Role::Observer, Lang::En) => {
                "reads public data, follows recommendations, requests documents"
            }
            (Role::Facilitator, Lang::Fr) => "organise la conférence régionale et son suivi",
            (Role::Facilitator, Lang::En) => "organises the regional conference and its follow-up",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Role {
    type Err = Invalid;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Role::ALL
            .into_iter()
            .find(|r| r.code() == s)
            .ok_or_else(|| Invalid::new("role", s, "see `vigie role list` for the roles"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames() {
        for ok in ["bfa-codes", "a.traore", "m2", "x_y"] {
            assert!(ok.parse::<Username>().is_ok(), "{ok}");
        }
        for bad in ["A", "Amadou", "-x", "a b", "é", "a", &"a".repeat(65)] {
            assert_eq!(
                bad.parse::<Username>().unwrap_err().field,
                "username",
                "{bad}"
            );
        }
    }

    #[test]
    fn roles_round_trip() {
        for r in Role::ALL {
            assert_eq!(r.code().parse::<Role>().unwrap(), r);
        }
        assert!("root".parse::<Role>().is_err());
    }
}

/// What an API token may do on behalf of its user.
///
/// `read` tokens are for dashboards and mirrors: if one leaks, nothing can
/// be changed with it. A token never exceeds its user's own rights; the
/// scope only narrows them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TokenScope {
    /// `GET` and `HEAD` only.
    Read,
    /// Everything the user may do.
    Write,
}

impl TokenScope {
    /// The stable code (`read`, `write`).
    pub fn code(self) -> &'static str {
        match self {
            TokenScope::Read => "read",
            TokenScope::Write => "write",
        }
    }
}

impl std::fmt::Display for TokenScope {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

impl std::str::FromStr for TokenScope {
    type Err = Invalid;
    fn from_str(s: &str) -> Result<Self, Invalid> {
        match s {
            "read" => Ok(TokenScope::Read),
            "write" => Ok(TokenScope::Write),
            _ => Err(Invalid::new("scope", s, "expected `read` or `write`")),
        }
    }
}

/// Whether an account must give a second factor (a TOTP code) at sign-in:
/// when it is cleared above public (clearance rank above 0) or holds a role
/// that [calls for one](Role::needs_second_factor). An account that enrolled
/// of its own accord is asked too, whatever this says.
pub fn second_factor_required(roles: &[Role], clearance_rank: u8) -> bool {
    clearance_rank > 0 || roles.iter().any(|r| r.needs_second_factor())
}
