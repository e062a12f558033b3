//! Classification paths (decision 0014): JSON pointers (RFC 6901) whose
//! steps into an array name an item by its OCDS `id`, the key the merge
//! matches items on, rather than by its position, which the merge does not
//! keep: `/awards/id=A-1/value` is the `value` of the award `A-1` wherever
//! it sits. An id is escaped as any token is (`~1` for `/`, `~0` for `~`).
//!
//! Publishers may still write positions (`/awards/0/value`): [`identify`]
//! reads them against the release that declares them, once, and turns each
//! into an id. Where no single item can be named, the path stops at the
//! array, which is then classified whole: over-withholding is visible and
//! fixable by the publisher, a leak is neither.

use serde_json::Value;

use crate::rules::{RELEASE_RULES, Rules};

/// The prefix of a step that names an array item by its `id`.
pub(crate) const BY_ID: &str = "id=";

/// The unescaped tokens of a pointer (`""` has none).
pub(crate) fn tokens(path: &str) -> Vec<String> {
    match path.strip_prefix('/') {
        None => Vec::new(),
        Some(rest) => rest
            .split('/')
            .map(|token| token.replace("~1", "/").replace("~0", "~"))
            .collect(),
    }
}

/// A pointer made of `tokens`, escaped.
pub(crate) fn pointer<S: AsRef<str>>(tokens: &[S]) -> String {
    tokens
        .iter()
        .map(|t| format!("/{}", t.as_ref().replace('~', "~0").replace('/', "~1")))
        .collect()
}

/// Whether a token is a position (`0`, `17`): the only steps into an array
/// that are never trusted when redacting.
pub(crate) fn is_position(token: &str) -> bool {
    !token.is_empty() && token.bytes().all(|b| b.is_ascii_digit())
}

/// An item's `id` as text: OCDS allows a string or an integer, and `1` and
/// `"1"` are matched alike, so that neither escapes a path naming the other.
pub(crate) fn id_text(item: &Value) -> Option<String> {
    match item.get("id")? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The classification path `path`, declared by `release`, with every
/// position into an array merged by id replaced by the `id` of the item at
/// that position in `release` (`/awards/0/value` → `/awards/id=A-1/value`).
///
/// The path stops at the array (which is then classified whole) where a
/// position names no single identified item: no item there in `release`,
/// an item without `id`, an array of anything but objects, or one the
/// schema replaces whole (`wholeListMerge`, whose positions are only those
/// of the latest release). An id that two items of the array share is
/// kept: the merge makes them one item, and redaction hides every item with
/// that id. Steps already by id, and fields, are kept as written; a path
/// that is not a pointer is returned unchanged, for the validator to report.
pub fn identify(release: &Value, path: &str) -> String {
    if !path.starts_with('/') {
        return path.to_owned();
    }
    let mut out: Vec<String> = Vec::new();
    let mut here: Option<&Value> = Some(release);
    let mut rules: &Rules = &RELEASE_RULES;
    for token in tokens(path) {
        match here {
            Some(Value::Array(items)) => {
                if let Some(id) = token.strip_prefix(BY_ID) {
                    let mut same = items.iter().filter(|i| id_text(i).as_deref() == Some(id));
                    here = same.next().filter(|_| same.next().is_none());
                    out.push(token);
                    continue;
                }
                if !is_position(&token) {
                    out.push(token);
                    here = None;
                    continue;
                }
                let item = token
                    .parse::<usize>()
                    .ok()
                    .and_then(|i| items.get(i))
                    .filter(|_| !rules.whole_list);
                let Some((item, id)) = item.and_then(|i| Some((i, id_text(i)?))) else {
                    break;
                };
                out.push(format!("{BY_ID}{id}"));
                here = Some(item);
            }
            Some(Value::Object(fields)) => {
                here = fields.get(&token);
                rules = rules.field(&token);
                out.push(token);
            }
            // Past the release's end: a position there cannot be read, a
            // field name is kept for whatever the compiled release holds.
            _ if is_position(&token) => break,
            _ => {
                here = None;
                out.push(token);
            }
        }
    }
    pointer(&out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn release() -> Value {
        json!({
            "awards": [
                {"id": "A-1", "value": {"amount": 1}},
                {"id": 7, "items": [{"id": "i/1"}, {"id": "i2"}]},
                {"value": {"amount": 3}},
                {"id": "D", "n": 1},
                {"id": "D", "n": 2}
            ],
            "parties": [{"id": "P", "additionalIdentifiers": [{"id": "X"}]}],
            "tender": {"submissionMethod": ["electronicSubmission"], "title": "t"}
        })
    }

    #[test]
    fn positions_become_ids_of_the_declaring_release() {
        let r = release();
        assert_eq!(identify(&r, "/awards/0/value"), "/awards/id=A-1/value");
        assert_eq!(identify(&r, "/awards/0"), "/awards/id=A-1");
        assert_eq!(
            identify(&r, "/awards/1/items/0"),
            "/awards/id=7/items/id=i~11"
        );
        assert_eq!(
            identify(&r, "/awards/id=7/items/1"),
            "/awards/id=7/items/id=i2"
        );
    }

    #[test]
    fn a_position_naming_no_single_item_classifies_the_whole_array() {
        let r = release();
        assert_eq!(identify(&r, "/awards/2/value"), "/awards", "no id");
        assert_eq!(identify(&r, "/awards/9/value"), "/awards", "no such item");
        assert_eq!(
            identify(&r, "/contracts/0/value"),
            "/contracts",
            "no array here"
        );
        assert_eq!(
            identify(&r, "/parties/0/additionalIdentifiers/0"),
            "/parties/id=P/additionalIdentifiers",
            "replaced whole by the merge"
        );
        assert_eq!(
            identify(&r, "/tender/submissionMethod/0"),
            "/tender/submissionMethod",
            "not objects"
        );
        assert_eq!(
            identify(&r, "/awards/id=D/items/0"),
            "/awards/id=D/items",
            "under a shared id, positions cannot be read"
        );
    }

    #[test]
    fn a_shared_id_is_kept_and_fields_are_kept_as_written() {
        let r = release();
        assert_eq!(identify(&r, "/awards/3/n"), "/awards/id=D/n");
        assert_eq!(identify(&r, "/tender/title"), "/tender/title");
        assert_eq!(identify(&r, "/planning/rationale"), "/planning/rationale");
        assert_eq!(identify(&r, "/awards/id=Z/value"), "/awards/id=Z/value");
        assert_eq!(identify(&r, "no-slash"), "no-slash");
        assert_eq!(identify(&r, ""), "");
    }
}
