//! Institutions: who produces, oversees, reports on or supports the
//! management of defense and security resources.

use std::fmt;
use std::str::FromStr;

use crate::{CountryCode, Invalid, Lang};

/// What an institution is, from a fixed vocabulary that scripts rely on
/// (`vigie institution list` prints these codes).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum InstitutionKind {
    /// Parliament's defense and security commission.
    ParliamentCommission,
    /// Court of auditors or another supreme audit institution.
    CourtOfAuditors,
    /// General inspectorate of the armed forces.
    ArmedForcesInspectorate,
    /// General police inspectorate.
    PoliceInspectorate,
    /// Army stewardship: intendance, administrative and financial directorate.
    ArmyStewardship,
    /// Finance ministry control: inspectorate of finance, financial control.
    FinanceControl,
    /// Public procurement directorate or regulator.
    ProcurementDirectorate,
    /// Ombudsman (médiateur).
    Ombudsman,
    /// Civil society organisation.
    CivilSociety,
    /// Press.
    Press,
    /// Court of justice.
    Court,
    /// Regional or international organisation.
    InternationalOrg,
    /// Technical and financial partner.
    Partner,
    /// Regional facilitator, organiser of the conference.
    Facilitator,
}

impl InstitutionKind {
    /// Every kind, in the order of the contract's vocabulary.
    pub const ALL: [InstitutionKind; 14] = [
        InstitutionKind::ParliamentCommission,
        InstitutionKind::CourtOfAuditors,
        InstitutionKind::ArmedForcesInspectorate,
        InstitutionKind::PoliceInspectorate,
        InstitutionKind::ArmyStewardship,
        InstitutionKind::FinanceControl,
        InstitutionKind::ProcurementDirectorate,
        InstitutionKind::Ombudsman,
        InstitutionKind::CivilSociety,
        InstitutionKind::Press,
        InstitutionKind::Court,
        InstitutionKind::InternationalOrg,
        InstitutionKind::Partner,
        InstitutionKind::Facilitator,
    ];

    /// The stable code (`court_of_auditors`).
    pub fn code(self) -> &'static str {
        match self {
            InstitutionKind::ParliamentCommission => "parliament_commission",
            InstitutionKind::CourtOfAuditors => "court_of_auditors",
            InstitutionKind::ArmedForcesInspectorate => "armed_forces_inspectorate",
            InstitutionKind::PoliceInspectorate => "police_inspectorate",
            InstitutionKind::ArmyStewardship => "army_stewardship",
            InstitutionKind::FinanceControl => "finance_control",
            InstitutionKind::ProcurementDirectorate => "procurement_directorate",
            InstitutionKind::Ombudsman => "ombudsman",
            InstitutionKind::CivilSociety => "civil_society",
            InstitutionKind::Press => "press",
            InstitutionKind::Court => "court",
            InstitutionKind::InternationalOrg => "international_org",
            InstitutionKind::Partner => "partner",
            InstitutionKind::Facilitator => "facilitator",
        }
    }

    /// Whether this kind holds a legal mandate to oversee the defense and
    /// security sector (parliament, audit, inspection, finance control,
    /// courts, ombudsman), as opposed to producing data or informing the public.
    pub fn is_oversight_body(self) -> bool {
        matches!(
            self,
            InstitutionKind::ParliamentCommission
                | InstitutionKind::CourtOfAuditors
                | InstitutionKind::ArmedForcesInspectorate
                | InstitutionKind::PoliceInspectorate
                | InstitutionKind::FinanceControl
                | InstitutionKind::ProcurementDirectorate
                | InstitutionKind::Ombudsman
                | InstitutionKind::Court
        )
    }

    /// Whether an institution of this kind belongs to one state; regional
    /// organisations, partners and the facilitator do not.
    pub fn is_national(self) -> bool {
        !matches!(
            self,
            InstitutionKind::InternationalOrg
                | InstitutionKind::Partner
                | InstitutionKind::Facilitator
        )
    }
}

impl fmt::Display for InstitutionKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for InstitutionKind {
    type Err = Invalid;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        InstitutionKind::ALL
            .into_iter()
            .find(|k| k.code() == s)
            .ok_or_else(|| {
                Invalid::new(
                    "institution kind",
                    s,
                    "see `vigie institution list` for the vocabulary",
                )
            })
    }
}

/// An institution's short code: 2 to 32 capitals, digits and hyphens, such
/// as `BFA-CODES` or `DCAF`. Codes are how people and scripts name an
/// institution, so they never change once given.
#[derive(
    Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(try_from = "String", into = "String")]
pub struct InstitutionCode(String);

impl InstitutionCode {
    /// The code as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for InstitutionCode {
    type Err = Invalid;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let ok_len = (2..=32).contains(&s.len());
        let ok_chars = s
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'-');
        let ok_ends = !s.starts_with('-') && !s.ends_with('-');
        if ok_len && ok_chars && ok_ends {
            Ok(InstitutionCode(s.to_owned()))
        } else {
            Err(Invalid::new(
                "institution code",
                s,
                "expected 2 to 32 capital letters, digits or inner hyphens, such as `BFA-CODES`",
            ))
        }
    }
}

impl TryFrom<String> for InstitutionCode {
    type Error = Invalid;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

impl From<InstitutionCode> for String {
    fn from(c: InstitutionCode) -> String {
        c.0
    }
}

impl fmt::Display for InstitutionCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// An institution, national or international.
///
/// Build one with [`Institution::new`], which checks that national kinds have
/// a country and international ones have none.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Institution {
    code: InstitutionCode,
    kind: InstitutionKind,
    country: Option<CountryCode>,
    /// Acronym as used locally (`CODES`, `BVG`), if any.
    pub acronym: Option<String>,
    /// Name in French.
    pub name_fr: String,
    /// Name in English.
    pub name_en: String,
    /// True when the name is a placeholder rather than an attested fact.
    pub illustrative: bool,
}

impl Institution {
    /// Builds an institution, checking that it has a country exactly when
    /// its kind is national, and that both names are given.
    pub fn new(
        code: InstitutionCode,
        kind: InstitutionKind,
        country: Option<CountryCode>,
        name_fr: impl Into<String>,
        name_en: impl Into<String>,
    ) -> Result<Self, Invalid> {
        let (name_fr, name_en) = (name_fr.into(), name_en.into());
        match (kind.is_national(), country) {
            (true, None) => {
                return Err(Invalid::new(
                    "country",
                    "",
                    format!("a {kind} belongs to a country"),
                ));
            }
            (false, Some(c)) if kind != InstitutionKind::Partner => {
                return Err(Invalid::new(
                    "country",
                    c.as_str(),
                    format!("a {kind} is not attached to one country"),
                ));
            }
            _ => {}
        }
        for (field, name) in [("name_fr", &name_fr), ("name_en", &name_en)] {
            if name.trim().is_empty() {
                return Err(Invalid::new(field, name, "a name is required"));
            }
        }
        Ok(Institution {
            code,
            kind,
            country,
            acronym: None,
            name_fr,
            name_en,
            illustrative: false,
        })
    }

    /// The institution's code.
    pub fn code(&self) -> &InstitutionCode {
        &self.code
    }

    /// Its kind.
    pub fn kind(&self) -> InstitutionKind {
        self.kind
    }

    /// The country it belongs to; `None` for regional and international bodies.
    pub fn country(&self) -> Option<CountryCode> {
        self.country
    }

    /// The name in the reader's language.
    pub fn name(&self, lang: Lang) -> &str {
        lang.pick(&self.name_fr, &self.name_en)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kind_codes_round_trip_and_match_the_contract() {
        let codes: Vec<_> = InstitutionKind::ALL.iter().map(|k| k.code()).collect();
        assert_eq!(
            codes.join(","),
            "parliament_commission,court_of_auditors,armed_forces_inspectorate,police_inspectorate,\
             army_stewardship,finance_control,procurement_directorate,ombudsman,civil_society,press,\
             court,international_org,partner,facilitator"
        );
        for k in InstitutionKind::ALL {
            assert_eq!(k.code().parse::<InstitutionKind>().unwrap(), k);
        }
        assert!("parliament".parse::<InstitutionKind>().is_err());
    }

    #[test]
    fn codes_are_checked() {
        assert!("BFA-CODES".parse::<InstitutionCode>().is_ok());
        for bad in [
            "bfa-codes",
            "-BFA",
            "BFA-",
            "B",
            "BFA CODES",
            &"X".repeat(33),
        ] {
            assert!(bad.parse::<InstitutionCode>().is_err(), "{bad}");
        }
    }

    #[test]
    fn national_kinds_need_a_country() {
        let code: InstitutionCode = "BFA-CODES".parse().unwrap();
        let kind = InstitutionKind::ParliamentCommission;
        assert!(Institution::new(code.clone(), kind, None, "a", "b").is_err());
        assert!(Institution::new(code.clone(), kind, Some(CountryCode::BFA), "a", "b").is_ok());
        assert!(Institution::new(code.clone(), kind, Some(CountryCode::BFA), " ", "b").is_err());
        let un = InstitutionKind::InternationalOrg;
        assert!(Institution::new(code.clone(), un, Some(CountryCode::BFA), "a", "b").is_err());
        assert!(Institution::new(code, un, None, "a", "b").is_ok());
    }
}
