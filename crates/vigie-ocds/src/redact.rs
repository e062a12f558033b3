//! Withholding classified fields (decision 0011, "Secrecy"): a field a
//! reader may not see is removed from the compiled release before anything
//! is derived from it, while the release's `classification` list stays, so
//! that the reader sees that a field was withheld and at what level.
//!
//! Array items are found by their `id` (decision 0014, [`crate::path`]):
//! the compiled release's positions are not those of the release that
//! classified a field, and change with every release merged in.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::path::{BY_ID, id_text, is_position, pointer, tokens};

/// The release's classified fields, as `(json_pointer, level)` pairs read
/// from its `classification` list; malformed entries are skipped.
pub fn classified(release: &Value) -> Vec<(&str, &str)> {
    let entries = release.get("classification").and_then(Value::as_array);
    entries
        .into_iter()
        .flatten()
        .filter_map(|entry| {
            let path = entry.get("path")?.as_str()?;
            let level = entry.get("level")?.as_str()?;
            Some((path, level))
        })
        .collect()
}

/// The places in `release` that the classification path `path` names, as
/// RFC 6901 pointers (decision 0014). A step `id=X` into an array names
/// every item whose `id` is `X` (none, one, or several when an id repeats);
/// a position into an array is never trusted, since the merge does not keep
/// positions: it names the whole array. The last step may name a field that
/// is absent (a field already removed still has its place). Paths into the
/// `classification` list itself name nothing.
pub fn locate(release: &Value, path: &str) -> Vec<String> {
    if path.is_empty() || path == "/classification" || path.starts_with("/classification/") {
        return Vec::new();
    }
    let mut found = Vec::new();
    walk(release, &tokens(path), &mut Vec::new(), &mut found);
    found.iter().map(|tokens| pointer(tokens)).collect()
}

fn walk(value: &Value, steps: &[String], at: &mut Vec<String>, found: &mut Vec<Vec<String>>) {
    let Some((step, rest)) = steps.split_first() else {
        found.push(at.clone());
        return;
    };
    match value {
        Value::Object(fields) => {
            at.push(step.clone());
            match fields.get(step) {
                Some(child) => walk(child, rest, at, found),
                None if rest.is_empty() => found.push(at.clone()),
                None => {}
            }
            at.pop();
        }
        Value::Array(items) => {
            if let Some(id) = step.strip_prefix(BY_ID) {
                for (i, item) in items.iter().enumerate() {
                    if id_text(item).as_deref() == Some(id) {
                        at.push(i.to_string());
                        walk(item, rest, at, found);
                        at.pop();
                    }
                }
            } else if is_position(step) {
                found.push(at.clone());
            }
        }
        _ => {}
    }
}

/// Removes what the classification paths `paths` name (see [`locate`]) from
/// `release`: by identity, never by position, so that whatever a later
/// release reorders, inserts or removes, a classified item stays out. A path
/// to nothing is ignored. The `classification` list and its entries are
/// never removed: they say what was withheld.
pub fn redact(release: &mut Value, paths: &[&str]) {
    let found: BTreeSet<Vec<String>> = paths
        .iter()
        .flat_map(|path| locate(release, path))
        .map(|p| tokens(&p))
        .filter(|p| !p.is_empty())
        .collect();
    // A place inside another one goes with it (removing both would remove
    // the wrong item once the outer one has shifted the array).
    let mut places: Vec<&Vec<String>> = found
        .iter()
        .filter(|p| !(1..p.len()).any(|n| found.contains(&p[..n])))
        .collect();
    // Every place was found in the release as it was: remove higher array
    // indices first, so that no removal shifts another place.
    places.sort_by(|a, b| {
        a.iter()
            .zip(b.iter())
            .find(|(x, y)| x != y)
            .map_or(std::cmp::Ordering::Equal, |(x, y)| {
                match (x.parse::<usize>(), y.parse::<usize>()) {
                    (Ok(x), Ok(y)) => y.cmp(&x),
                    _ => x.cmp(y),
                }
            })
    });
    for tokens in places {
        remove(release, tokens);
    }
}

/// Removes the one place `tokens` (positions already resolved) names.
fn remove(value: &mut Value, tokens: &[String]) {
    let Some((last, parents)) = tokens.split_last() else {
        return;
    };
    let mut parent = value;
    for token in parents {
        parent = match parent {
            Value::Object(fields) => match fields.get_mut(token) {
                Some(child) => child,
                None => return,
            },
            Value::Array(items) => match token.parse::<usize>().ok().and_then(|i| items.get_mut(i))
            {
                Some(child) => child,
                None => return,
            },
            _ => return,
        };
    }
    match parent {
        Value::Object(fields) => {
            fields.remove(last);
        }
        Value::Array(items) => {
            if let Some(index) = last.parse::<usize>().ok().filter(|&i| i < items.len()) {
                items.remove(index);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn release() -> Value {
        json!({
            "ocid": "ocds-x-1",
            "tender": {"exemption": {"legalBasis": "Décret", "justification": "secret"}},
            "awards": [{"id": "a"}, {"id": "b", "value": {"amount": 5}}, {"id": 3}],
            "parties": [{"id": "p/1", "a~b": 1}],
            "classification": [
                {"path": "/tender/exemption/justification", "level": "CD"},
                {"path": "/awards/id=a", "level": "SD"}
            ]
        })
    }

    fn paths(r: &Value) -> Vec<String> {
        classified(r)
            .into_iter()
            .map(|(p, _)| p.to_owned())
            .collect()
    }

    #[test]
    fn removes_the_fields_and_keeps_the_classification_list() {
        let mut r = release();
        let paths = paths(&r);
        let paths: Vec<&str> = paths.iter().map(String::as_str).collect();
        redact(&mut r, &paths);
        assert_eq!(r["tender"]["exemption"], json!({"legalBasis": "Décret"}));
        assert_eq!(
            r["awards"],
            json!([{"id": "b", "value": {"amount": 5}}, {"id": 3}])
        );
        assert_eq!(r["classification"], release()["classification"]);
    }

    #[test]
    fn items_are_found_by_id_wherever_they_sit() {
        let mut reordered = release();
        reordered["awards"] = json!([{"id": 3}, {"id": "b", "value": {"amount": 5}}, {"id": "a"}]);
        assert_eq!(
            locate(&reordered, "/awards/id=b/value"),
            ["/awards/1/value"]
        );
        assert_eq!(
            locate(&reordered, "/awards/id=3"),
            ["/awards/0"],
            "a number id"
        );
        redact(&mut reordered, &["/awards/id=a", "/awards/id=b/value"]);
        assert_eq!(reordered["awards"], json!([{"id": 3}, {"id": "b"}]));
    }

    #[test]
    fn a_repeated_id_hides_every_item_that_carries_it() {
        let mut r = release();
        r["awards"] =
            json!([{"id": "d", "v": 1}, {"id": "e"}, {"id": "d", "v": 2}, {"id": 4}, {"id": "4"}]);
        redact(&mut r, &["/awards/id=d/v", "/awards/id=4"]);
        assert_eq!(r["awards"], json!([{"id": "d"}, {"id": "e"}, {"id": "d"}]));
    }

    #[test]
    fn a_position_is_never_trusted_it_withholds_the_whole_array() {
        let mut r = release();
        assert_eq!(locate(&r, "/awards/1/value"), ["/awards"]);
        redact(&mut r, &["/awards/1/value", "/parties/id=p~11/a~0b"]);
        assert!(r.get("awards").is_none());
        assert_eq!(r["parties"], json!([{"id": "p/1"}]));
    }

    #[test]
    fn nested_and_repeated_places_do_not_shift_each_other() {
        let mut r = release();
        redact(
            &mut r,
            &[
                "/awards/id=a",
                "/awards/id=a",
                "/awards/id=b/value",
                "/awards/id=b",
                "/awards/id=3",
            ],
        );
        assert_eq!(r["awards"], json!([]));
        let mut r = release();
        redact(&mut r, &["/awards/id=b", "/awards/id=a"]);
        assert_eq!(r["awards"], json!([{"id": 3}]));
    }

    #[test]
    fn an_absent_last_field_still_has_its_place_and_the_list_none() {
        let r = release();
        assert_eq!(
            locate(&r, "/tender/exemption/opinion"),
            ["/tender/exemption/opinion"]
        );
        assert!(locate(&r, "/planning/budget/amount").is_empty());
        assert!(locate(&r, "/awards/id=zz/value").is_empty());
        assert!(locate(&r, "/classification/0").is_empty());
        assert!(locate(&r, "").is_empty());
    }

    #[test]
    fn paths_to_nothing_are_ignored() {
        let mut r = release();
        redact(
            &mut r,
            &[
                "/nothing/here",
                "/awards/id=9",
                "/awards/x",
                "/ocid/x",
                "",
                "/classification",
                "/classification/0",
            ],
        );
        assert_eq!(r, release());
    }

    /// As the store does it: each release's paths identified against that
    /// release, the compiled release redacted by all of them.
    fn public(releases: &[Value]) -> String {
        let mut compiled = crate::compile(releases);
        let paths: Vec<String> = releases
            .iter()
            .flat_map(|r| {
                classified(r)
                    .into_iter()
                    .map(|(p, _)| crate::identify(r, p))
            })
            .collect();
        let paths: Vec<&str> = paths.iter().map(String::as_str).collect();
        redact(&mut compiled, &paths);
        compiled.to_string()
    }

    const SECRET: i64 = 987_654_321;

    fn award(id: &str, amount: i64) -> Value {
        json!({"id": id, "value": {"amount": amount, "currency": "XOF"}})
    }

    fn dated(date: &str, awards: Value, classified: &[&str]) -> Value {
        let list: Vec<Value> = classified
            .iter()
            .map(|p| json!({"path": p, "level": "SD"}))
            .collect();
        json!({"ocid": "o", "id": date, "date": date, "awards": awards, "classification": list})
    }

    #[test]
    fn a_classified_award_stays_hidden_when_a_release_reorders_inserts_or_removes() {
        // Reordered: the declaring release lists it first, the compiled
        // release second.
        let reordered = public(&[
            dated("2024-01", json!([award("A-2", 22), award("A-1", 11)]), &[]),
            dated(
                "2024-02",
                json!([award("A-1", SECRET), award("A-2", 22)]),
                &["/awards/0/value"],
            ),
        ]);
        assert!(!reordered.contains(&SECRET.to_string()), "{reordered}");
        assert!(reordered.contains("22"), "the other award is not withheld");
        // Inserted before it by an earlier release, imported later.
        let inserted = public(&[
            dated(
                "2024-03",
                json!([award("A-1", SECRET)]),
                &["/awards/0/value"],
            ),
            dated("2024-02", json!([award("A-0", 5)]), &[]),
        ]);
        assert!(!inserted.contains(&SECRET.to_string()), "{inserted}");
        assert!(inserted.contains(r#""amount":5"#));
        // Removed: nothing left to hide, and the award after it is shown.
        let removed = public(&[
            dated(
                "2024-01",
                json!([award("A-1", SECRET)]),
                &["/awards/0/value"],
            ),
            json!({"ocid": "o", "id": "2", "date": "2024-02", "awards": null}),
            dated("2024-03", json!([award("A-2", 5)]), &[]),
        ]);
        assert!(!removed.contains(&SECRET.to_string()), "{removed}");
        assert!(removed.contains(r#""amount":5"#), "{removed}");
    }

    #[test]
    fn a_duplicate_id_is_hidden_whole() {
        let duplicated = public(&[dated(
            "2024-01",
            json!([award("A-1", 1), award("A-1", SECRET), award("A-2", 5)]),
            &["/awards/1/value"],
        )]);
        assert!(!duplicated.contains(&SECRET.to_string()), "{duplicated}");
        assert!(duplicated.contains(r#""amount":5"#));
    }
}
