//! The OCDS merge routine (OCDS 1.1 "Merging"): the releases of one
//! contracting process, oldest first, folded into one compiled release.
//!
//! - objects are merged field by field, a newer value replacing an older one;
//! - `null` removes the field (and everything under it);
//! - an array of objects is merged by `id`: an object whose `id` is already
//!   there is merged into it, others are appended (an object without `id`
//!   is always appended, as `ocdsmerge` does);
//! - arrays that hold anything but objects, and those the schema marks
//!   `wholeListMerge`, are replaced whole;
//! - fields the schema marks `omitWhenMerged` (`id`, `date`, `tag`) are dropped;
//! - the compiled release gets `tag: ["compiled"]`, the latest `date`, and
//!   the `id` `{ocid}-{latest date}`.
//!
//! The rules come from the bundled schema ([`crate::rules`]); fields the
//! schema does not know (extensions, Vigie's own) follow the defaults above.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use serde_json::{Map, Value};

use crate::rules::{RELEASE_RULES, Rules};

/// Compiles the releases of one contracting process (one `ocid`) into its
/// compiled release. The releases may come in any order: they are sorted by
/// `date` (ISO 8601 text, compared as text as OCDS tools do; a release
/// without a date sorts first, and equal dates keep their order). An empty
/// slice gives an empty compiled release.
pub fn compile(releases: &[Value]) -> Value {
    compile_owned(releases.to_vec())
}

/// [`compile`], taking the releases: their values move into the compiled
/// release rather than being copied (an import compiles every process it
/// reads).
pub fn compile_owned(mut releases: Vec<Value>) -> Value {
    releases.sort_by(|a, b| date(a).cmp(date(b)));
    let latest = releases.last().map_or("", date).to_owned();
    let mut compiled = Map::new();
    for release in releases {
        if let Value::Object(release) = release {
            merge_object(&mut compiled, release, &RELEASE_RULES);
        }
    }
    let ocid = compiled
        .get("ocid")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    compiled.insert("tag".into(), Value::from(vec!["compiled"]));
    compiled.insert("id".into(), Value::from(format!("{ocid}-{latest}")));
    if !latest.is_empty() {
        compiled.insert("date".into(), Value::from(latest));
    }
    Value::Object(compiled)
}

fn date(release: &Value) -> &str {
    release
        .get("date")
        .and_then(Value::as_str)
        .unwrap_or_default()
}

fn merge_object(into: &mut Map<String, Value>, from: Map<String, Value>, rules: &Rules) {
    if into.is_empty() {
        // Merged into nothing (a process's first release, a new item): the
        // object itself, cleaned where it lies rather than rebuilt.
        *into = from;
        clean_object(into, rules);
        return;
    }
    for (name, value) in from {
        let rules = rules.field(&name);
        if rules.omit {
            continue;
        }
        match value {
            Value::Null => {
                into.remove(&name);
            }
            Value::Object(object) => {
                let slot = into
                    .entry(name)
                    .or_insert_with(|| Value::Object(Map::new()));
                if !slot.is_object() {
                    *slot = Value::Object(Map::new());
                }
                if let Value::Object(slot) = slot {
                    merge_object(slot, object, rules);
                }
            }
            Value::Array(items) if merged_by_id(&items, rules) => {
                let slot = into.entry(name).or_insert_with(|| Value::Array(Vec::new()));
                if !slot
                    .as_array()
                    .is_some_and(|old| old.iter().all(Value::is_object))
                {
                    *slot = Value::Array(Vec::new());
                }
                if let Value::Array(slot) = slot {
                    merge_by_id(slot, items, rules);
                }
            }
            value => {
                into.insert(name, value);
            }
        }
    }
}

/// What merging `object` into an empty object leaves, in place: no field
/// the schema omits, no `null`, lists of objects merged by id.
fn clean_object(object: &mut Map<String, Value>, rules: &Rules) {
    object.retain(|name, value| {
        let rules = rules.field(name);
        if rules.omit || value.is_null() {
            return false;
        }
        match value {
            Value::Object(inner) => clean_object(inner, rules),
            Value::Array(items) if merged_by_id(items, rules) => {
                if ids_unique(items) {
                    for item in items.iter_mut() {
                        if let Value::Object(item) = item {
                            clean_object(item, rules);
                        }
                    }
                } else {
                    let from = std::mem::take(items);
                    merge_by_id(items, from, rules);
                }
            }
            _ => {}
        }
        true
    });
}

/// Whether a list is merged item by item (by `id`) rather than replaced.
fn merged_by_id(items: &[Value], rules: &Rules) -> bool {
    !rules.whole_list && !items.is_empty() && items.iter().all(Value::is_object)
}

/// Whether no two items of a list share an id (then merging the list into
/// nothing keeps every item where it is).
fn ids_unique(items: &[Value]) -> bool {
    if items.len() < 2 {
        return true;
    }
    let mut seen = HashSet::with_capacity(items.len());
    items.iter().all(|item| {
        item.get("id")
            .and_then(Key::of)
            .is_none_or(|key| seen.insert(key))
    })
}

fn merge_by_id(into: &mut Vec<Value>, from: Vec<Value>, rules: &Rules) {
    // Where each id already is: a list of thousands of bids stays linear.
    let mut at: HashMap<Key<'static>, usize> = into
        .iter()
        .enumerate()
        .filter_map(|(i, old)| Some((Key::of(old.get("id")?)?.owned(), i)))
        .collect();
    for item in from {
        let Value::Object(item) = item else { continue };
        let key = item.get("id").and_then(Key::of).map(Key::owned);
        match key.as_ref().and_then(|key| at.get(key)) {
            Some(&i) => {
                if let Value::Object(old) = &mut into[i] {
                    merge_object(old, item, rules);
                }
            }
            None => {
                let mut new = Map::new();
                merge_object(&mut new, item, rules);
                if let Some(key) = key {
                    at.insert(key, into.len());
                }
                into.push(Value::Object(new));
            }
        }
    }
}

/// An item's `id` as the merge compares it: text and numbers apart (`"1"`
/// is not `1`), and none for `null` (an item without an id is always
/// appended).
/// Borrowed where it can be (checking a list's ids), owned where the
/// merge keeps it.
#[derive(PartialEq, Eq, Hash)]
enum Key<'a> {
    Text(Cow<'a, str>),
    Other(String),
}

impl<'a> Key<'a> {
    fn of(id: &'a Value) -> Option<Key<'a>> {
        match id {
            Value::Null => None,
            Value::String(text) => Some(Key::Text(Cow::Borrowed(text))),
            other => Some(Key::Other(other.to_string())),
        }
    }

    fn owned(self) -> Key<'static> {
        match self {
            Key::Text(text) => Key::Text(Cow::Owned(text.into_owned())),
            Key::Other(other) => Key::Other(other),
        }
    }
}
