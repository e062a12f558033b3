//! The merge rules, read from the release schema (with Vigie's extension)
//! rather than written by hand, so that they follow the schema: which fields are dropped when
//! merging (`omitWhenMerged`) and which arrays are replaced whole
//! (`wholeListMerge`). Every other array of objects is merged by `id`.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use serde_json::Value;

use crate::schema::RELEASE;

/// The rules at one field of a release, and those of its sub-fields (the
/// sub-fields of an array's items are those of the array: merging does not
/// see array positions).
#[derive(Debug, Default, PartialEq)]
pub(crate) struct Rules {
    pub(crate) omit: bool,
    pub(crate) whole_list: bool,
    pub(crate) fields: BTreeMap<String, Rules>,
}

impl Rules {
    /// The rules of a sub-field; a field the schema does not know (an
    /// extension's) has none.
    pub(crate) fn field(&self, name: &str) -> &Rules {
        static NONE: Rules = Rules {
            omit: false,
            whole_list: false,
            fields: BTreeMap::new(),
        };
        self.fields.get(name).unwrap_or(&NONE)
    }
}

/// The release schema's rules, derived once.
pub(crate) static RELEASE_RULES: LazyLock<Rules> = LazyLock::new(|| {
    let mut rules = Rules::default();
    collect(&RELEASE, &RELEASE, &mut rules, 0);
    rules
});

/// Far deeper than OCDS nests; only a guard against a cyclic `$ref`.
const MAX_DEPTH: usize = 16;

fn collect(root: &Value, schema: &Value, into: &mut Rules, depth: usize) {
    let schema = resolve(root, schema);
    if depth > MAX_DEPTH {
        return;
    }
    if let Some(properties) = schema.get("properties").and_then(Value::as_object) {
        for (name, property) in properties {
            let flag = |key| property.get(key).and_then(Value::as_bool).unwrap_or(false);
            let rules = into.fields.entry(name.clone()).or_default();
            rules.omit = flag("omitWhenMerged");
            rules.whole_list = flag("wholeListMerge");
            collect(root, property, rules, depth + 1);
        }
    }
    if let Some(items) = schema.get("items") {
        collect(root, items, into, depth + 1);
    }
}

/// Follows local `$ref`s (`#/definitions/Award`). The flags are read before,
/// on the property itself, where the schema puts them.
pub(crate) fn resolve<'a>(root: &'a Value, mut schema: &'a Value) -> &'a Value {
    for _ in 0..MAX_DEPTH {
        let Some(pointer) = schema
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| r.strip_prefix('#'))
        else {
            break;
        };
        match root.pointer(pointer) {
            Some(target) => schema = target,
            None => break,
        }
    }
    schema
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(path: &[&str]) -> &'static Rules {
        path.iter()
            .fold(&*RELEASE_RULES, |rules, name| rules.field(name))
    }

    #[test]
    fn reads_the_schema_rules() {
        assert!(at(&["id"]).omit);
        assert!(at(&["date"]).omit);
        assert!(at(&["tag"]).omit);
        assert!(!at(&["ocid"]).omit);
        assert!(at(&["parties", "additionalIdentifiers"]).whole_list);
        assert!(at(&["tender", "items", "additionalClassifications"]).whole_list);
        assert!(at(&["awards", "suppliers", "additionalIdentifiers"]).whole_list);
        assert!(!at(&["awards"]).whole_list);
        assert!(!at(&["tender", "value", "amount"]).whole_list);
        assert!(at(&["classification"]).whole_list, "Vigie's extension");
        assert!(!at(&["tender", "exemption", "legalBasis"]).omit);
        assert_eq!(at(&["tender", "unknownField"]), &Rules::default());
    }
}
