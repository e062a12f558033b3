//! The release schema as the corrections read it, compiled once: for each
//! schema node the walk can meet (its `$ref`s followed), the types it
//! allows, its codes, its properties and its items, so that correcting a
//! release is a walk over the release alone. Reading them from the schema's
//! `Value` at every node (a `$ref` resolved, five keys looked up by hash)
//! was a fifth of an import's time.

use std::collections::HashMap;
use std::sync::LazyLock;

use serde_json::Value;

use crate::rules::resolve;
use crate::schema::RELEASE;

/// Every node, by index; `0` is the empty schema (no type, no property),
/// which an array without `items` holds.
pub(super) struct Shapes {
    nodes: Vec<Shape>,
    /// The release's own node.
    pub(super) release: usize,
}

pub(super) static SHAPES: LazyLock<Shapes> = LazyLock::new(|| Shapes::of(&RELEASE));

impl Shapes {
    pub(super) fn get(&self, node: usize) -> &Shape {
        &self.nodes[node]
    }

    fn of(root: &Value) -> Shapes {
        let mut shapes = Shapes {
            nodes: vec![Shape::default()],
            release: 0,
        };
        let mut built = HashMap::new();
        shapes.release = shapes.build(root, root, &mut built);
        shapes
    }

    /// The node of `schema`, built once per schema object (so a `$ref` to
    /// a definition already met, even one being built, is that node).
    fn build(
        &mut self,
        root: &Value,
        schema: &Value,
        built: &mut HashMap<*const Value, usize>,
    ) -> usize {
        let schema = resolve(root, schema);
        if let Some(&node) = built.get(&std::ptr::from_ref(schema)) {
            return node;
        }
        let node = self.nodes.len();
        self.nodes.push(Shape::default());
        built.insert(std::ptr::from_ref(schema), node);

        let mut properties: Vec<(Box<str>, usize)> = schema
            .get("properties")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
            .map(|(name, property)| (name.as_str().into(), self.build(root, property, built)))
            .collect();
        properties.sort_by(|a, b| a.0.cmp(&b.0));
        let items = schema
            .get("items")
            .map_or(0, |items| self.build(root, items, built));
        let codes = match schema.get("enum") {
            Some(Value::Array(codes)) => Some(Codes::of(codes)),
            _ => None,
        };
        let organization_reference = root
            .pointer("/definitions/OrganizationReference")
            .is_some_and(|reference| std::ptr::eq(reference, schema));
        let item_ids = {
            let item = &self.nodes[items];
            items != 0
                && item.types.object
                && !item.organization_reference
                && item.property("id").is_some()
        };
        self.nodes[node] = Shape {
            types: Types::of(schema),
            needs_text: schema.get("format").is_some()
                || schema.get("enum").is_some()
                || schema.get("minLength").and_then(Value::as_u64).unwrap_or(0) > 0,
            date_time: schema.get("format").and_then(Value::as_str) == Some("date-time"),
            codes,
            properties,
            items,
            unique_items: schema.get("uniqueItems").and_then(Value::as_bool) == Some(true),
            organization_reference,
            item_ids,
        };
        node
    }
}

/// What the walk needs of one schema node.
#[derive(Default)]
pub(super) struct Shape {
    pub(super) types: Types,
    /// Empty text cannot be a value here (it has a form, a codelist or a
    /// minimum length).
    pub(super) needs_text: bool,
    /// A `date-time` form.
    pub(super) date_time: bool,
    /// A closed codelist.
    pub(super) codes: Option<Codes>,
    /// By name, sorted.
    properties: Vec<(Box<str>, usize)>,
    /// The node of an array's items (`0`: none given).
    pub(super) items: usize,
    pub(super) unique_items: bool,
    /// A reference to a party.
    pub(super) organization_reference: bool,
    /// An array whose items are objects with an `id` (not party references):
    /// each gets one.
    pub(super) item_ids: bool,
}

impl Shape {
    /// The node of the property `name`, if the schema names it.
    pub(super) fn property(&self, name: &str) -> Option<usize> {
        self.properties
            .binary_search_by(|(key, _)| key.as_ref().cmp(name))
            .ok()
            .map(|at| self.properties[at].1)
    }
}

/// The JSON types a schema allows.
#[derive(Default, Clone, Copy)]
pub(super) struct Types {
    pub(super) string: bool,
    pub(super) number: bool,
    pub(super) integer: bool,
    pub(super) array: bool,
    pub(super) object: bool,
}

impl Types {
    fn of(schema: &Value) -> Types {
        let mut types = Types::default();
        let mut add = |name: &str| match name {
            "string" => types.string = true,
            "number" => types.number = true,
            "integer" => types.integer = true,
            "array" => types.array = true,
            "object" => types.object = true,
            _ => {}
        };
        match schema.get("type") {
            Some(Value::String(name)) => add(name),
            Some(Value::Array(names)) => names.iter().filter_map(Value::as_str).for_each(add),
            _ => {
                if schema.get("properties").is_some() {
                    types.object = true;
                }
            }
        }
        types
    }

    pub(super) fn numeric(self) -> bool {
        self.number || self.integer
    }
}

/// A closed codelist's codes, and each spelled without case, spaces,
/// hyphens or underscores.
pub(super) struct Codes {
    /// Sorted: every text of a release is looked up here (currencies are
    /// over a hundred and fifty codes).
    codes: Vec<String>,
    squashed: Vec<String>,
}

impl Codes {
    fn of(codes: &[Value]) -> Codes {
        let mut codes: Vec<String> = codes
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect();
        codes.sort();
        codes.dedup();
        let squashed = codes.iter().map(|c| squash(c)).collect();
        Codes { codes, squashed }
    }

    /// The code that `text` spells in another case or with spaces, hyphens
    /// or underscores (`Active`, `PLANNING`, `plan ned`); `None` for a code
    /// as listed, or for text that spells none or several.
    pub(super) fn spelled(&self, text: &str) -> Option<&str> {
        if self
            .codes
            .binary_search_by(|c| c.as_str().cmp(text))
            .is_ok()
        {
            return None;
        }
        let wanted = squash(text);
        let mut found = self
            .squashed
            .iter()
            .zip(&self.codes)
            .filter(|(s, _)| **s == wanted);
        match (found.next(), found.next()) {
            (Some((_, code)), None) => Some(code),
            _ => None,
        }
    }
}

fn squash(s: &str) -> String {
    s.chars()
        .filter(|c| !matches!(c, ' ' | '-' | '_'))
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(path: &[&str]) -> &'static Shape {
        let shapes = &*SHAPES;
        let node = path.iter().fold(shapes.release, |node, step| match *step {
            "[]" => shapes.get(node).items,
            name => shapes.get(node).property(name).unwrap_or(0),
        });
        shapes.get(node)
    }

    #[test]
    fn the_schema_is_read_through_its_references() {
        assert!(at(&[]).types.object);
        assert!(at(&["awards"]).types.array && at(&["awards"]).item_ids);
        assert!(at(&["awards", "[]", "value", "amount"]).types.numeric());
        assert!(at(&["awards", "[]", "suppliers", "[]"]).organization_reference);
        assert!(
            !at(&["awards", "[]", "suppliers"]).item_ids,
            "a party is never given a position"
        );
        assert!(at(&["date"]).date_time && at(&["date"]).needs_text);
        assert_eq!(
            at(&["tender", "status"])
                .codes
                .as_ref()
                .and_then(|c| c.spelled("Active")),
            Some("active")
        );
        assert!(at(&["tender", "unknownField"]).properties.is_empty());
    }
}
