//! The demo accounts: one per demo institution, plus an administrator.

use vigie_domain::{InstitutionCode, InstitutionKind, Role, Username};

use super::files::DemoInstitution;

/// The password of every demo account. Public, on purpose: the server says
/// so loudly at start.
pub const DEMO_PASSWORD: &str = "demo";

/// The demo administrator's username. It belongs to the facilitator.
pub const DEMO_ADMIN: &str = "admin";

pub(crate) struct DemoUser {
    pub username: Username,
    pub institution: InstitutionCode,
    pub roles: Vec<Role>,
}

/// The demo username of an institution: its code in lowercase
/// (`BFA-CODES` → `bfa-codes`).
pub fn demo_username(code: &InstitutionCode) -> Username {
    // INVARIANT: institution codes are capitals, digits and inner hyphens,
    // which lowercase into a valid username.
    code.as_str()
        .to_ascii_lowercase()
        .parse()
        .unwrap_or_else(|_| unreachable!("institution codes lowercase into usernames"))
}

/// The roles a demo account of an institution of this kind holds.
pub fn roles_for_kind(kind: InstitutionKind) -> Vec<Role> {
    use InstitutionKind as K;
    match kind {
        K::ParliamentCommission => vec![Role::Parliamentarian],
        K::CourtOfAuditors
        | K::ArmedForcesInspectorate
        | K::PoliceInspectorate
        | K::FinanceControl
        | K::ProcurementDirectorate
        | K::Ombudsman
        | K::Court => vec![Role::Auditor],
        K::ArmyStewardship => vec![Role::Producer, Role::ClassificationAuthority],
        K::CivilSociety | K::Press | K::InternationalOrg | K::Partner => vec![Role::Observer],
        K::Facilitator => vec![Role::Facilitator],
    }
}

pub(super) fn demo_users(institutions: &[DemoInstitution]) -> Vec<DemoUser> {
    let mut users: Vec<DemoUser> = institutions
        .iter()
        .map(|i| DemoUser {
            username: demo_username(i.institution.code()),
            institution: i.institution.code().clone(),
            roles: roles_for_kind(i.institution.kind()),
        })
        .collect();
    if let Some(facilitator) = institutions
        .iter()
        .find(|i| i.institution.kind() == InstitutionKind::Facilitator)
    {
        users.push(DemoUser {
            username: DEMO_ADMIN
                .parse()
                .unwrap_or_else(|_| unreachable!("`admin` is a valid username")),
            institution: facilitator.institution.code().clone(),
            roles: vec![Role::Admin],
        });
    }
    users
}
