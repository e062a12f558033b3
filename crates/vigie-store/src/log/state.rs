//! The canonical state of every object the log vouches for.
//!
//! Each write records `state_hash` of the object as written; `vigie log
//! verify` recomputes it from the rows as stored. Both go through the
//! functions here, so they agree by construction, and a row changed behind
//! the log's back no longer matches its last entry.
//!
//! Sessions are not here: sign-in and sign-out are logged as events, but
//! session rows expire and are purged, so they are not vouched for.

use vigie_ledger::state_hash;

/// Object kinds whose current state `verify` checks.
pub const TRACKED: &[&str] = &[
    "country",
    "classification_level",
    "classification_category",
    "classification_authority",
    "institution",
    "user",
    "api_token",
    "second_factor",
    "sipri_dataset",
    "instance_meta",
    "clearance",
    "mandate",
    "access_rule",
    "document",
    "access_request",
    "budget_year",
    "procurement_process",
    "meeting",
    "institution_profile",
    "assessment_framework",
    "assessment",
    "conference",
    "finding",
    "recommendation",
];

fn flag(b: bool) -> &'static str {
    if b { "true" } else { "false" }
}

/// A country row.
pub fn country(code: &str, iso2: &str, name_fr: &str, name_en: &str, currency: &str) -> [u8; 32] {
    state_hash(
        "country",
        &[
            ("code", code),
            ("iso2", iso2),
            ("name_fr", name_fr),
            ("name_en", name_en),
            ("currency", currency),
        ],
    )
}

/// The id of a classification level: `BFA/2`.
pub fn level_id(country: &str, rank: i32) -> String {
    format!("{country}/{rank}")
}

/// A classification level row.
#[expect(
    clippy::too_many_arguments,
    reason = "one argument per column, in column order"
)]
pub fn level(
    country: &str,
    rank: i32,
    code: &str,
    name_fr: &str,
    name_en: &str,
    max_years: Option<i32>,
    illustrative: bool,
    source: &str,
) -> [u8; 32] {
    state_hash(
        "classification_level",
        &[
            ("country", country),
            ("rank", &rank.to_string()),
            ("code", code),
            ("name_fr", name_fr),
            ("name_en", name_en),
            (
                "max_years",
                &max_years.map(|y| y.to_string()).unwrap_or_default(),
            ),
            ("illustrative", flag(illustrative)),
            ("source", source),
        ],
    )
}

/// An institution row.
#[expect(
    clippy::too_many_arguments,
    reason = "one argument per column, in column order"
)]
pub fn institution(
    code: &str,
    kind: &str,
    country: Option<&str>,
    acronym: Option<&str>,
    name_fr: &str,
    name_en: &str,
    illustrative: bool,
    source: &str,
) -> [u8; 32] {
    state_hash(
        "institution",
        &[
            ("code", code),
            ("kind", kind),
            ("country", country.unwrap_or_default()),
            ("acronym", acronym.unwrap_or_default()),
            ("name_fr", name_fr),
            ("name_en", name_en),
            ("illustrative", flag(illustrative)),
            ("source", source),
        ],
    )
}

/// A user with their roles (sorted by code) and password hash.
pub fn user(
    username: &str,
    institution: &str,
    roles: &[&str],
    disabled: bool,
    password_hash: &str,
) -> [u8; 32] {
    let mut roles = roles.to_vec();
    roles.sort_unstable();
    state_hash(
        "user",
        &[
            ("username", username),
            ("institution", institution),
            ("roles", &roles.join(",")),
            ("disabled", flag(disabled)),
            ("password_hash", password_hash),
        ],
    )
}

/// An API token (by its stored hash, never the secret).
///
/// A user's second factor: the SHA-256 of its TOTP secret (never the
/// secret) and the hashes of the recovery codes not yet used, so that a
/// secret or a code slipped into the database behind the log's back (an
/// insider taking over an account's second factor) fails `verify`. The
/// last accepted step changes at every sign-in and is not covered.
pub fn second_factor(username: &str, secret: &[u8], recovery_hashes: &[Vec<u8>]) -> [u8; 32] {
    let hex = |bytes: &[u8]| -> String { bytes.iter().map(|b| format!("{b:02x}")).collect() };
    let secret = hex(&<sha2::Sha256 as sha2::Digest>::digest(secret));
    let mut codes: Vec<String> = recovery_hashes.iter().map(|h| hex(h)).collect();
    codes.sort_unstable();
    state_hash(
        "second_factor",
        &[
            ("user", username),
            ("secret_sha256", &secret),
            ("recovery_codes", &codes.join(",")),
        ],
    )
}

/// `scope` and `expires_at` (Unix seconds) are hashed only when they differ
/// from what every token had before migration 0011 (`write`, no expiry),
/// so the entries logged before it still verify.
pub fn api_token(
    username: &str,
    label: &str,
    token_hash: &[u8],
    revoked: bool,
    scope: &str,
    expires_at: Option<i64>,
) -> [u8; 32] {
    let hex: String = token_hash.iter().map(|b| format!("{b:02x}")).collect();
    let mut fields = vec![
        ("user", username.to_owned()),
        ("label", label.to_owned()),
        ("token_hash", hex),
        ("revoked", flag(revoked).to_owned()),
    ];
    if scope != "write" || expires_at.is_some() {
        fields.push(("scope", scope.to_owned()));
        fields.push((
            "expires_at",
            expires_at.map(|t| t.to_string()).unwrap_or_default(),
        ));
    }
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    state_hash("api_token", &fields)
}

/// One observation of a SIPRI dataset, as stored.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ObservationState {
    /// ISO3 code.
    pub country: String,
    /// Year.
    pub year: i32,
    /// Indicator code.
    pub indicator: String,
    /// Decimal text.
    pub value: String,
    /// Unit.
    pub unit: String,
    /// SIPRI flag.
    pub flag: Option<String>,
    /// SIPRI note symbol.
    pub note_symbol: Option<String>,
    /// Citation.
    pub source: String,
}

/// A whole SIPRI dataset, rows in (country, indicator, year) order.
pub fn sipri_dataset(dataset: &str, rows: &[ObservationState]) -> [u8; 32] {
    let mut sorted: Vec<&ObservationState> = rows.iter().collect();
    sorted.sort_by(|a, b| {
        (&a.country, &a.indicator, a.year).cmp(&(&b.country, &b.indicator, b.year))
    });
    let years: Vec<String> = sorted.iter().map(|r| r.year.to_string()).collect();
    let mut fields: Vec<(&str, &str)> = vec![("dataset", dataset)];
    for (r, year) in sorted.iter().zip(&years) {
        fields.extend([
            ("country", r.country.as_str()),
            ("indicator", r.indicator.as_str()),
            ("year", year.as_str()),
            ("value", r.value.as_str()),
            ("unit", r.unit.as_str()),
            ("flag", r.flag.as_deref().unwrap_or_default()),
            ("note_symbol", r.note_symbol.as_deref().unwrap_or_default()),
            ("source", r.source.as_str()),
        ]);
    }
    state_hash("sipri_dataset", &fields)
}

/// An `instance_meta` row.
pub fn meta(key: &str, value: &str) -> [u8; 32] {
    state_hash("instance_meta", &[("key", key), ("value", value)])
}

/// A `classification_categories` row: read from the demo CSV and from the
/// database alike, so both sides of the log hash the same fields.
#[derive(Debug, Clone, serde::Deserialize, sqlx::FromRow)]
pub struct CategoryRecord {
    /// Code.
    pub code: String,
    /// `presumption_of_disclosure` or `may_be_withheld`.
    pub treatment: String,
    /// Default level code.
    pub default_level: String,
    /// Tshwane principle.
    pub tshwane: String,
    /// Name in French.
    pub name_fr: String,
    /// Name in English.
    pub name_en: String,
    /// Description in French.
    pub description_fr: String,
    /// Description in English.
    pub description_en: String,
    /// Source.
    pub source: String,
}

/// A category, as the log hashes it.
pub fn category(c: &CategoryRecord) -> [u8; 32] {
    state_hash(
        "classification_category",
        &[
            ("code", &c.code),
            ("treatment", &c.treatment),
            ("default_level", &c.default_level),
            ("tshwane", &c.tshwane),
            ("name_fr", &c.name_fr),
            ("name_en", &c.name_en),
            ("description_fr", &c.description_fr),
            ("description_en", &c.description_en),
            ("source", &c.source),
        ],
    )
}

/// A `classification_authorities` row, from the demo CSV or the database.
#[derive(Debug, Clone, serde::Deserialize, sqlx::FromRow)]
pub struct AuthorityRecord {
    /// ISO3 code.
    pub country: String,
    /// Level code.
    pub level: String,
    /// `classify` or `declassify`.
    pub action: String,
    /// Who, in French.
    pub authority_fr: String,
    /// Who, in English.
    pub authority_en: String,
    /// Not attested for this country.
    pub illustrative: bool,
    /// Source.
    pub source: String,
}

/// The id of an authority row: `BFA/SD/classify`.
pub fn authority_id(country: &str, level: &str, action: &str) -> String {
    format!("{country}/{level}/{action}")
}

/// An authority, as the log hashes it.
pub fn authority(a: &AuthorityRecord) -> [u8; 32] {
    state_hash(
        "classification_authority",
        &[
            ("country", &a.country),
            ("level", &a.level),
            ("action", &a.action),
            ("authority_fr", &a.authority_fr),
            ("authority_en", &a.authority_en),
            ("illustrative", flag(a.illustrative)),
            ("source", &a.source),
        ],
    )
}

/// An object stored over several tables (a document and its history; a
/// request, its decisions and grants), each a list of rows of
/// `(column, value)`: hashed part by part, row by row. Borrowed or owned
/// text alike, so that a large object (a process and its releases) is
/// hashed where it lies, not copied.
pub fn rows<S: AsRef<str>>(kind: &str, parts: &[Vec<Vec<(S, S)>>]) -> [u8; 32] {
    let mut fields: Vec<(&str, &str)> = Vec::new();
    for part in parts {
        fields.push(("#part", ""));
        for row in part {
            fields.push(("#row", ""));
            fields.extend(row.iter().map(|(k, v)| (k.as_ref(), v.as_ref())));
        }
    }
    state_hash(kind, &fields)
}

/// A user's clearance (the rank they are cleared to).
pub fn clearance(username: &str, rank: i32) -> [u8; 32] {
    state_hash(
        "clearance",
        &[("user", username), ("rank", &rank.to_string())],
    )
}
