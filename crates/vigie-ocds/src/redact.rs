//! Withholding classified fields (decision 0011, "Secrecy"): a field a
//! reader may not see is removed from the compiled release before anything
//! is derived from it, while the release's `classification` list stays, so
//! that the reader sees that a field was withheld and at what level.

use serde_json::Value;

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

/// Removes the fields at `pointers` (RFC 6901 JSON pointers) from `release`.
/// A pointer to nothing is ignored. The `classification` list and its
/// entries are never removed: they say what was withheld. Pointers into
/// arrays remove the element; they are applied from the last index down, so
/// that removing one element does not shift the others' pointers.
pub fn redact(release: &mut Value, pointers: &[&str]) {
    let mut pointers: Vec<Vec<String>> = pointers
        .iter()
        .filter(|p| !p.is_empty() && **p != "/classification" && !p.starts_with("/classification/"))
        .map(|p| tokens(p))
        .collect();
    // Higher array indices first; equal prefixes keep their order.
    pointers.sort_by(|a, b| {
        a.iter()
            .zip(b)
            .find(|(x, y)| x != y)
            .map_or(std::cmp::Ordering::Equal, |(x, y)| {
                match (x.parse::<usize>(), y.parse::<usize>()) {
                    (Ok(x), Ok(y)) => y.cmp(&x),
                    _ => x.cmp(y),
                }
            })
    });
    for tokens in pointers {
        remove(release, &tokens);
    }
}

fn tokens(pointer: &str) -> Vec<String> {
    pointer
        .strip_prefix('/')
        .unwrap_or(pointer)
        .split('/')
        .map(|token| token.replace("~1", "/").replace("~0", "~"))
        .collect()
}

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
            "awards": [{"id": "a"}, {"id": "b"}, {"id": "c"}],
            "parties": [{"id": "p/1", "a~b": 1}],
            "classification": [
                {"path": "/tender/exemption/justification", "level": "CD"},
                {"path": "/awards/0", "level": "SD"}
            ]
        })
    }

    #[test]
    fn removes_the_fields_and_keeps_the_classification_list() {
        let mut r = release();
        let pointers: Vec<&str> = classified(&r)
            .into_iter()
            .map(|(p, _)| p)
            .collect::<Vec<_>>();
        let pointers: Vec<String> = pointers.into_iter().map(str::to_owned).collect();
        let pointers: Vec<&str> = pointers.iter().map(String::as_str).collect();
        redact(&mut r, &pointers);
        assert_eq!(r["tender"]["exemption"], json!({"legalBasis": "Décret"}));
        assert_eq!(r["awards"], json!([{"id": "b"}, {"id": "c"}]));
        assert_eq!(r["classification"], release()["classification"]);
    }

    #[test]
    fn array_pointers_do_not_shift_each_other_and_escapes_are_read() {
        let mut r = release();
        redact(
            &mut r,
            &[
                "/awards/0",
                "/awards/2",
                "/parties/0/a~0b",
                "/classification/0",
            ],
        );
        assert_eq!(r["awards"], json!([{"id": "b"}]));
        assert_eq!(r["parties"], json!([{"id": "p/1"}]));
        assert_eq!(r["classification"].as_array().unwrap().len(), 2);
    }

    #[test]
    fn pointers_to_nothing_are_ignored() {
        let mut r = release();
        redact(
            &mut r,
            &[
                "/nothing/here",
                "/awards/9",
                "/ocid/x",
                "",
                "/classification",
            ],
        );
        assert_eq!(r, release());
    }
}
