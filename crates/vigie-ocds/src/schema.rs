//! The OCDS 1.1.5 schemas, bundled: validation and merging must not depend
//! on the network, and the rules Vigie applies must be the ones of the
//! version it claims. Copied from `data/ocds/ocds-standard-1__1__5-schema.zip`
//! (see `data/ocds/PROVENANCE.md`).

use std::sync::LazyLock;

use serde_json::Value;

/// `release-schema.json` of OCDS 1.1.5, as published.
pub const RELEASE_SCHEMA: &str = include_str!("../schema/release-schema.json");
/// `release-package-schema.json` of OCDS 1.1.5, as published.
pub const RELEASE_PACKAGE_SCHEMA: &str = include_str!("../schema/release-package-schema.json");
/// `record-package-schema.json` of OCDS 1.1.5, as published.
pub const RECORD_PACKAGE_SCHEMA: &str = include_str!("../schema/record-package-schema.json");
/// Vigie's extension (decision 0011), in the OCDS extension format: a
/// partial release schema merged over the core one.
pub const VIGIE_EXTENSION: &str = include_str!("../schema/vigie-extension.json");

/// The release schema with Vigie's extension merged in, parsed once: what
/// releases are validated against and what the merge rules are read from
/// (so that `classification` is replaced whole rather than appended to).
pub(crate) static RELEASE: LazyLock<Value> = LazyLock::new(|| {
    let mut schema: Value =
        serde_json::from_str(RELEASE_SCHEMA).expect("the bundled release schema is JSON");
    let extension: Value =
        serde_json::from_str(VIGIE_EXTENSION).expect("the Vigie extension is JSON");
    patch(&mut schema, &extension);
    schema
});

/// Applies an extension as OCDS does (JSON Merge Patch, RFC 7386): objects
/// merged key by key, anything else replaced, `null` removes.
fn patch(target: &mut Value, patch_value: &Value) {
    let Value::Object(fields) = patch_value else {
        *target = patch_value.clone();
        return;
    };
    if !target.is_object() {
        *target = Value::Object(serde_json::Map::new());
    }
    if let Value::Object(target) = target {
        for (key, value) in fields {
            if value.is_null() {
                target.remove(key);
            } else if (key == "title" || key == "description") && target.contains_key(key) {
                // The extension's own title describes it, not the release.
                continue;
            } else {
                patch(target.entry(key.clone()).or_insert(Value::Null), value);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_extension_is_merged_into_the_release_schema() {
        let tender = &RELEASE["definitions"]["Tender"]["properties"];
        assert!(tender["exemption"].is_object());
        assert!(tender["title"].is_object(), "core fields stay");
        assert!(RELEASE["properties"]["country"].is_object());
        assert_eq!(RELEASE["title"], "Schema for an Open Contracting Release");
    }
}
