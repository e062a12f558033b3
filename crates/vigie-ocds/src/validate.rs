//! Validation of one release against the bundled OCDS 1.1.5 release schema
//! (JSON Schema draft 4, formats checked as the Open Contracting validator
//! does). The validator is compiled once, on first use, and shared.

use std::sync::LazyLock;

use jsonschema::error::ValidationErrorKind;
use jsonschema::{Draft, Validator};
use serde_json::Value;

use crate::error::OcdsError;
use crate::read::Item;
use crate::schema::RELEASE;

static VALIDATOR: LazyLock<Validator> = LazyLock::new(|| {
    jsonschema::options()
        .with_draft(Draft::Draft4)
        .should_validate_formats(true)
        .build(&RELEASE)
        .expect("the bundled release schema compiles")
});

/// Every way `release` breaks the OCDS 1.1.5 release schema, as
/// `(json_path, reason)`: `json_path` is the JSON pointer of the offending
/// field (of the missing one for a required field: `/ocid`), empty for the
/// release as a whole. Empty when the release is valid.
pub fn validate_release(release: &Value) -> Vec<(String, String)> {
    findings(release)
        .into_iter()
        .map(|(path, reason, _)| (path, reason))
        .collect()
}

/// What breaks the schema in a release already corrected
/// ([`crate::correct`]), split into errors and warnings (decision 0019): a
/// value outside a closed codelist, a text not in the form the schema names
/// (a URL, an e-mail address, a date other than the release's), and a
/// missing field OCDS requires (other than the release's `ocid`, `id` and
/// `date`, without which it cannot be stored or merged) are kept as given
/// and are warnings; the rest cannot be read and are errors.
pub fn validate_release_lenient(release: &Value) -> Findings {
    let mut split = Findings::default();
    for (path, reason, kind) in findings(release) {
        let readable = match kind {
            Kind::Codelist => true,
            Kind::Form => path != "/date",
            Kind::Missing => !matches!(path.as_str(), "/ocid" | "/id" | "/date"),
            Kind::Other => false,
        };
        if readable {
            let reason = match kind {
                Kind::Missing => "required by OCDS, missing".to_owned(),
                _ => format!("{reason}; kept as given"),
            };
            split.warnings.push((path, reason));
        } else {
            split.errors.push((path, reason));
        }
    }
    split
}

/// Validation's answer, by level: `(json_path, reason)` each.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Findings {
    pub errors: Vec<(String, String)>,
    pub warnings: Vec<(String, String)>,
}

/// What kind of rule a finding breaks.
#[derive(Clone, Copy)]
enum Kind {
    Codelist,
    Form,
    Missing,
    Other,
}

fn findings(release: &Value) -> Vec<(String, String, Kind)> {
    VALIDATOR
        .iter_errors(release)
        .map(|error| {
            let mut path = error.instance_path().as_str().to_owned();
            let (reason, kind) = match error.kind() {
                ValidationErrorKind::Required { property } => {
                    let name = property.as_str().unwrap_or_default();
                    path.push('/');
                    path.push_str(&name.replace('~', "~0").replace('/', "~1"));
                    ("required field is missing".to_owned(), Kind::Missing)
                }
                ValidationErrorKind::Enum { .. } => (shorten(&error.to_string()), Kind::Codelist),
                ValidationErrorKind::Format { .. } => (shorten(&error.to_string()), Kind::Form),
                _ => (shorten(&error.to_string()), Kind::Other),
            };
            (path, reason, kind)
        })
        .collect()
}

/// The validator quotes the offending value whole; a whole object on one
/// line buries the reason. Long quotes are cut in the middle.
fn shorten(reason: &str) -> String {
    const KEEP: usize = 80;
    let chars: Vec<char> = reason.chars().collect();
    if chars.len() <= 2 * KEEP + 20 {
        return reason.to_owned();
    }
    let head: String = chars[..KEEP].iter().collect();
    let tail: String = chars[chars.len() - KEEP..].iter().collect();
    format!("{head} … {tail}")
}

/// [`validate_release`] for an item read from `file`, as errors naming the
/// file and where the release is in it.
pub fn validate(file: &str, item: &Item) -> Vec<OcdsError> {
    validate_release(&item.value)
        .into_iter()
        .map(|(path, reason)| OcdsError::new(file, item.location.clone(), path, reason))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_quoted_value_is_cut_but_the_reason_stays() {
        let release = serde_json::json!({
            "ocid": "o", "id": "1", "date": "2024-01-01T00:00:00Z", "tag": ["tender"],
            "initiationType": "tender",
            "awards": {"note": "x".repeat(1000)},
        });
        let errors = validate_release(&release);
        let (path, reason) = errors.iter().find(|(p, _)| p == "/awards").unwrap();
        assert_eq!(path, "/awards");
        assert!(reason.len() < 250, "{reason}");
        assert!(reason.ends_with(r#"is not of type "array""#), "{reason}");
    }
}
