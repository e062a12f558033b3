//! An institution's governance profile: what it does, on which legal
//! basis, how far it may see classified information, and to whom it reports.

use super::{Bilingual, GovernanceError, Problem, check_text, is_date, required};
use crate::{InstitutionCode, InstitutionKind};

/// The oversight function an institution serves, the rows of the
/// inventory and of the comparison of the five countries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OversightFunction {
    /// Parliament and its defence committee.
    ParliamentaryControl,
    /// Supreme audit institutions and anti-corruption authorities.
    Audit,
    /// Inspectorates of the forces and the police.
    Inspection,
    /// Financial control and the stewardship whose accounts it checks.
    FinancialControl,
    /// Procurement directorates and regulators.
    ProcurementRegulation,
    /// Courts and prosecutors.
    Justice,
    /// The ombudsman.
    Ombudsman,
    /// Civil society and the press.
    CivilSocietyAndPress,
}

impl OversightFunction {
    /// Every function, in the order the pages show them.
    pub const ALL: [OversightFunction; 8] = [
        OversightFunction::ParliamentaryControl,
        OversightFunction::Audit,
        OversightFunction::Inspection,
        OversightFunction::FinancialControl,
        OversightFunction::ProcurementRegulation,
        OversightFunction::Justice,
        OversightFunction::Ombudsman,
        OversightFunction::CivilSocietyAndPress,
    ];

    /// The function of an institution of `kind`; `None` for regional
    /// organisations, partners and the facilitator, which oversee no state.
    pub fn of(kind: InstitutionKind) -> Option<OversightFunction> {
        use InstitutionKind as K;
        Some(match kind {
            K::ParliamentCommission => OversightFunction::ParliamentaryControl,
            K::CourtOfAuditors => OversightFunction::Audit,
            K::ArmedForcesInspectorate | K::PoliceInspectorate => OversightFunction::Inspection,
            K::FinanceControl | K::ArmyStewardship => OversightFunction::FinancialControl,
            K::ProcurementDirectorate => OversightFunction::ProcurementRegulation,
            K::Court => OversightFunction::Justice,
            K::Ombudsman => OversightFunction::Ombudsman,
            K::CivilSociety | K::Press => OversightFunction::CivilSocietyAndPress,
            K::InternationalOrg | K::Partner | K::Facilitator => return None,
        })
    }

    /// The stable code (`parliamentary_control`).
    pub fn code(self) -> &'static str {
        match self {
            OversightFunction::ParliamentaryControl => "parliamentary_control",
            OversightFunction::Audit => "audit",
            OversightFunction::Inspection => "inspection",
            OversightFunction::FinancialControl => "financial_control",
            OversightFunction::ProcurementRegulation => "procurement_regulation",
            OversightFunction::Justice => "justice",
            OversightFunction::Ombudsman => "ombudsman",
            OversightFunction::CivilSocietyAndPress => "civil_society_and_press",
        }
    }
}

/// How far an institution may see classified defence information.
///
/// - `none`: no access; classified files are out of its reach.
/// - `on_request`: it may ask, and the holder (usually the minister) decides
///   case by case; a refusal stops it.
/// - `by_mandate`: the law gives it access for its mandate (an audit, an
///   inquiry), possibly through cleared members or with conditions.
/// - `full`: the law gives it access to every source of information,
///   classified or not, without the holder's consent.
/// - `unknown`: Vigie's sources say nothing (the honest default for an
///   illustrative profile).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum AccessPower {
    /// No access.
    None,
    /// Access if the holder agrees.
    OnRequest,
    /// Access by law, for the mandate.
    ByMandate,
    /// Access to every source.
    Full,
    /// Not documented.
    #[default]
    Unknown,
}

impl AccessPower {
    /// Every value, from the narrowest.
    pub const ALL: [AccessPower; 5] = [
        AccessPower::None,
        AccessPower::OnRequest,
        AccessPower::ByMandate,
        AccessPower::Full,
        AccessPower::Unknown,
    ];

    /// The stable code (`on_request`).
    pub fn code(self) -> &'static str {
        match self {
            AccessPower::None => "none",
            AccessPower::OnRequest => "on_request",
            AccessPower::ByMandate => "by_mandate",
            AccessPower::Full => "full",
            AccessPower::Unknown => "unknown",
        }
    }
}

/// The kind of a legal text, from the highest in the hierarchy of norms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LegalKind {
    /// Constitution.
    Constitution,
    /// Loi organique.
    OrganicLaw,
    /// Loi.
    Law,
    /// Ordonnance.
    Ordinance,
    /// Décret.
    Decree,
    /// Arrêté.
    Order,
    /// A regional directive (UEMOA, CEMAC).
    Directive,
}

impl LegalKind {
    /// The stable code (`organic_law`).
    pub fn code(self) -> &'static str {
        match self {
            LegalKind::Constitution => "constitution",
            LegalKind::OrganicLaw => "organic_law",
            LegalKind::Law => "law",
            LegalKind::Ordinance => "ordinance",
            LegalKind::Decree => "decree",
            LegalKind::Order => "order",
            LegalKind::Directive => "directive",
        }
    }
}

/// A legal basis: a text as published, with where it was read.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LegalText {
    /// Constitution, law, decree…
    pub kind: LegalKind,
    /// The number as published (`Loi n°2012-009`).
    pub number: String,
    /// `YYYY-MM-DD`, when known from the source.
    #[serde(default)]
    pub date: Option<String>,
    /// Its title or what it does.
    pub title: Bilingual,
    /// Where it was read: an address, or a citation.
    pub source: String,
}

/// A reporting line: to whom the institution reports, and how.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportingLine {
    /// The institution reported to.
    pub to: InstitutionCode,
    /// The nature of the report ("annual public report to the President and Parliament").
    pub nature: Bilingual,
}

/// An institution's governance profile.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InstitutionProfile {
    /// The institution (it must exist).
    pub institution: InstitutionCode,
    /// What it does.
    pub functions: Bilingual,
    /// Its mandate in the defence and security sector.
    pub mandate: Bilingual,
    /// The texts it rests on; empty when no source gives them.
    #[serde(default)]
    pub legal_bases: Vec<LegalText>,
    /// Its power of access to classified information.
    pub access: AccessPower,
    /// What the access power rests on or how it works.
    pub access_note: Bilingual,
    /// Whom it reports to.
    #[serde(default)]
    pub reporting_lines: Vec<ReportingLine>,
    /// Where the profile comes from.
    pub source: String,
    /// Written for the demonstration, not attested.
    pub illustrative: bool,
}

impl InstitutionProfile {
    /// Every problem of the profile on its own (whether the institutions it
    /// names exist is the store's to check).
    pub fn validate(&self) -> Vec<Problem> {
        let mut out = Vec::new();
        check_text(&self.functions, "/functions", &mut out);
        check_text(&self.mandate, "/mandate", &mut out);
        check_text(&self.access_note, "/access_note", &mut out);
        required(&self.source, "/source", &mut out);
        for (i, t) in self.legal_bases.iter().enumerate() {
            let at = format!("/legal_bases/{i}");
            required(&t.number, &format!("{at}/number"), &mut out);
            check_text(&t.title, &format!("{at}/title"), &mut out);
            required(&t.source, &format!("{at}/source"), &mut out);
            if let Some(d) = t.date.as_deref().filter(|d| !is_date(d)) {
                out.push(Problem::at(
                    format!("{at}/date"),
                    GovernanceError::NotADate(d.to_owned()),
                ));
            }
        }
        let mut seen = std::collections::BTreeSet::new();
        for (i, r) in self.reporting_lines.iter().enumerate() {
            let at = format!("/reporting_lines/{i}");
            if r.to == self.institution {
                out.push(Problem::at(
                    format!("{at}/to"),
                    GovernanceError::ReportsToItself,
                ));
            } else if !seen.insert(&r.to) {
                out.push(Problem::at(
                    format!("{at}/to"),
                    GovernanceError::Duplicate(r.to.to_string()),
                ));
            }
            check_text(&r.nature, &format!("{at}/nature"), &mut out);
        }
        out
    }
}
