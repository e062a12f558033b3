//! What a decision is asked about: who, doing what, to which document.

use vigie_domain::{ClassificationLevel, CountryCode, InstitutionKind, Role};

/// The actions the policies govern.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// See that a document exists, with its metadata.
    List,
    /// Read its content.
    Consult,
    /// Download it as open data.
    Export,
    /// Classify it at a level.
    Classify,
    /// Declassify it.
    Declassify,
    /// Ask for access to it.
    RequestAccess,
    /// Answer an access request about it.
    DecideRequest,
    /// Store it or change it: an import, a form. Decided against the record
    /// as stored (its country and producing service never change), and
    /// joined by `classify` / `declassify` when the write changes a level.
    Write,
}

impl Action {
    /// Every action.
    pub const ALL: [Action; 8] = [
        Action::List,
        Action::Consult,
        Action::Export,
        Action::Classify,
        Action::Declassify,
        Action::RequestAccess,
        Action::DecideRequest,
        Action::Write,
    ];

    /// The Cedar action id.
    pub fn code(self) -> &'static str {
        match self {
            Action::List => "list",
            Action::Consult => "consult",
            Action::Export => "export",
            Action::Classify => "classify",
            Action::Declassify => "declassify",
            Action::RequestAccess => "request_access",
            Action::DecideRequest => "decide_request",
            Action::Write => "write",
        }
    }

    /// Whether the action takes a target level (`context.level`).
    pub fn has_level(self) -> bool {
        matches!(self, Action::Classify | Action::Declassify)
    }
}

/// The one asking: a user, or the public.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    /// Username, or `@public`.
    pub id: String,
    /// Their country; `None` for the public and international bodies.
    pub country: Option<CountryCode>,
    /// Their institution's code; empty for the public.
    pub institution: String,
    /// Their institution's kind; `None` for the public.
    pub institution_kind: Option<InstitutionKind>,
    /// Their roles.
    pub roles: Vec<Role>,
    /// The highest rank they are cleared for.
    pub clearance: u8,
    /// Oversight mandates as `SERVICE:YEAR`.
    pub mandates: Vec<String>,
    /// Ids of the documents a running grant opens to them.
    pub grants: Vec<String>,
}

impl Principal {
    /// Anyone, signed in or not, with no role.
    pub fn public() -> Principal {
        Principal {
            id: "@public".into(),
            country: None,
            institution: String::new(),
            institution_kind: None,
            roles: Vec::new(),
            clearance: 0,
            mandates: Vec::new(),
            grants: Vec::new(),
        }
    }
}

/// A document, as the policies see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resource {
    /// Its id.
    pub id: String,
    /// Its level (which also names its country).
    pub level: ClassificationLevel,
    /// Its category code.
    pub category: String,
    /// Whether its category carries a presumption of disclosure.
    pub presumption_of_disclosure: bool,
    /// The code of the institution that produced it.
    pub producing_service: String,
    /// The year of its date, for mandates.
    pub year: i32,
}

/// The category a budget line carries as a resource: the `budget-detail`
/// policy opens classified lines to their country's oversight bodies.
/// No document category may take it (`InformationCategory::check_code`).
pub const BUDGET_LINE: &str = vigie_domain::classification::BUDGET_LINE_CATEGORY;

/// The category a classified field of a contracting process carries: the
/// `procurement-detail` policy opens it to its country's oversight bodies.
/// No document category may take it (`InformationCategory::check_code`).
pub const PROCUREMENT_FIELD: &str = vigie_domain::classification::PROCUREMENT_FIELD_CATEGORY;

impl Resource {
    /// A classified budget line, as the policies see it: its own category,
    /// no producing service (a line belongs to a budget section, not to one
    /// of the institutions mandates name) and its fiscal year.
    pub fn budget_line(id: i64, level: ClassificationLevel, year: i32) -> Resource {
        Resource {
            id: format!("budget-line:{id}"),
            level,
            category: BUDGET_LINE.to_owned(),
            presumption_of_disclosure: false,
            producing_service: String::new(),
            year,
        }
    }

    /// A classified field of a contracting process (decision 0011): its own
    /// category, the service that first stored the process (empty when the
    /// operator loaded it: a record of the country, no one service's), the
    /// year of the process.
    pub fn procurement_field(
        ocid: &str,
        level: ClassificationLevel,
        producing_service: &str,
        year: i32,
    ) -> Resource {
        Resource {
            id: format!("procurement:{ocid}"),
            level,
            category: PROCUREMENT_FIELD.to_owned(),
            presumption_of_disclosure: false,
            producing_service: producing_service.to_owned(),
            year,
        }
    }

    /// `SERVICE:YEAR`, as mandates name what they cover.
    pub fn mandate_key(&self) -> String {
        format!("{}:{}", self.producing_service, self.year)
    }
}
