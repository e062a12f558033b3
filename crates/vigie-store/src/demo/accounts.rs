//! The demo accounts: one per demo institution, plus an administrator.

use vigie_domain::{InstitutionCode, InstitutionKind, Role, Username};

use super::files::DemoInstitution;
use crate::{Actor, Result, Store};

/// The password of every demo account. Public, on purpose: the server says
/// so loudly at start.
pub const DEMO_PASSWORD: &str = "demo";

/// The TOTP secret of every demo account that needs a second factor
/// (ASCII `vigie-demo-totp-2026`). Public like the password: the server
/// prints it at start, and the code page of a demo shows the code to type.
pub const DEMO_TOTP_SECRET: &[u8; 20] = b"vigie-demo-totp-2026";

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

impl Store {
    /// Gives [`DEMO_TOTP_SECRET`] to every account that needs a second
    /// factor and has none (all of them at the first start; at a later
    /// start, those made since or reset), so that the demo's accounts stay
    /// usable with the secret the server prints.
    pub(super) async fn enrol_demo_second_factors(&self) -> Result<()> {
        for user in self.list_users().await? {
            let status = self.second_factor_status(&user).await?;
            if status.required && !status.enrolled {
                self.enrol_second_factor(&Actor::System, &user.username, DEMO_TOTP_SECRET)
                    .await?;
            }
        }
        Ok(())
    }
}
