//! Corrections of the deviations that have one sound reading (decision
//! 0019): what real publishers publish is read as they meant it, and each
//! correction is reported, never made silently.
//!
//! The walk follows the release schema, so each rule applies wherever the
//! schema says what belongs:
//! - an object where a list belongs becomes a one-item list (an empty
//!   object, no list); text where a list belongs, a one-item list;
//! - a one-item list where an object belongs becomes its item (an empty
//!   list, no object);
//! - a number given as text where a number belongs becomes the number; a
//!   number where only text belongs (a telephone, a postal code) its text;
//! - empty text where a value with a form belongs (an id, a date, a URL, a
//!   code) or where no text belongs (an amount) is read as absent; a `null`
//!   inside a list is dropped;
//! - a date without a time zone is read as UTC, a date without a time as
//!   midnight UTC;
//! - a codelist value in another case or spelling is mapped to the code it
//!   spells (`Active` → `active`); a value outside a closed codelist is kept
//!   as given, and validation reports it as a warning;
//! - an item repeated whole in a list of unique items is dropped; an item
//!   without an `id` gets its position (1-based), a repeated `id` its
//!   position as a suffix (`A-3`), so that the merge and redaction by
//!   identity (decision 0014) have one key per item; but a reference to a
//!   party (a supplier, a tenderer, the buyer) is never given a position,
//!   which would name another party: without an id, it gets its
//!   identifier's `scheme-id`, as `ocdskit upgrade` names the party, or none;
//! - a release without `initiationType` gets `tender` (the only value OCDS
//!   1.1 allows), a tender without an `id` the process's ocid, a contract
//!   without an `awardID` the id of the release's only award.

mod shape;

use std::collections::HashSet;

use serde_json::{Map, Number, Value};

use self::shape::{SHAPES, Shape, Types};

/// One correction: where, the value as given, and what was done.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Correction {
    /// The JSON pointer of the field in the release, as published.
    pub path: String,
    /// The value as given, as JSON text (shortened when long).
    pub value: String,
    /// What was read, in a sentence.
    pub reason: String,
}

/// Corrects `release` in place and says what it corrected.
pub fn correct(release: &mut Value) -> Vec<Correction> {
    let mut walk = Walk::default();
    if let Value::Object(fields) = release {
        walk.object(fields, SHAPES.release);
        walk.release(fields);
    }
    walk.corrections
}

#[derive(Default)]
struct Walk {
    path: String,
    corrections: Vec<Correction>,
}

/// What the walk does with a node.
#[derive(PartialEq, Eq)]
enum Keep {
    Yes,
    /// Read as absent: remove it.
    No,
}

/// Text that is empty or white space only; most text starts with a letter
/// or a digit and is answered from its first byte.
fn blank(text: &str) -> bool {
    match text.as_bytes().first() {
        None => true,
        Some(&b) if b.is_ascii() && !char::from(b).is_whitespace() => false,
        Some(_) => text.trim().is_empty(),
    }
}

/// A value as JSON text, for a report.
fn shown(value: &Value) -> String {
    const LONG: usize = 200;
    let text = match value {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    if text.chars().count() <= LONG {
        return text;
    }
    let cut: String = text.chars().take(LONG).collect();
    format!("{cut}…")
}

impl Walk {
    fn note(&mut self, value: &Value, reason: impl Into<String>) {
        self.corrections.push(Correction {
            path: self.path.clone(),
            value: shown(value),
            reason: reason.into(),
        });
    }

    fn enter(&mut self, key: &str) -> usize {
        let length = self.path.len();
        self.path.push('/');
        if key.contains(['~', '/']) {
            self.path
                .push_str(&key.replace('~', "~0").replace('/', "~1"));
        } else {
            self.path.push_str(key);
        }
        length
    }

    /// [`Walk::enter`] an array's item, without a string for its position
    /// (a list of thousands of bids is walked item by item).
    fn enter_index(&mut self, index: usize) -> usize {
        use std::fmt::Write as _;
        let length = self.path.len();
        let _ = write!(self.path, "/{index}");
        length
    }

    fn object(&mut self, fields: &mut Map<String, Value>, node: usize) {
        let shape = SHAPES.get(node);
        let mut absent: Vec<String> = Vec::new();
        for (key, value) in fields.iter_mut() {
            let Some(property) = shape.property(key) else {
                continue;
            };
            let length = self.enter(key);
            if self.node(value, property) == Keep::No {
                absent.push(key.clone());
            }
            self.path.truncate(length);
        }
        for key in absent {
            fields.remove(&key);
        }
    }

    fn node(&mut self, value: &mut Value, node: usize) -> Keep {
        let shape: &Shape = SHAPES.get(node);
        let types: Types = shape.types;
        match value {
            Value::String(text) => {
                if blank(text) && (shape.needs_text || !types.string) {
                    self.note(value, "empty text, read as absent");
                    return Keep::No;
                }
                if !types.string && types.array {
                    self.note(value, "text where a list belongs, read as a one-item list");
                    *value = Value::Array(vec![value.take()]);
                    return self.node(value, node);
                }
                if !types.string && types.numeric() {
                    if let Some(number) = number(text, types) {
                        self.note(value, "number given as text, read as the number");
                        *value = Value::Number(number);
                    }
                    return Keep::Yes;
                }
                let fixed = match &shape.codes {
                    Some(codes) => codes
                        .spelled(text)
                        .map(|code| (code.to_owned(), format!("codelist value read as `{code}`"))),
                    None if shape.date_time => {
                        date_time(text).map(|(fixed, reason)| (fixed, reason.to_owned()))
                    }
                    None => None,
                };
                if let Some((fixed, reason)) = fixed {
                    self.note(value, reason);
                    *value = Value::String(fixed);
                }
                Keep::Yes
            }
            Value::Number(number) if types.string && !types.numeric() => {
                let text = number.to_string();
                self.note(value, "number where text belongs, read as text");
                *value = Value::String(text);
                Keep::Yes
            }
            Value::Object(fields) if !types.object && types.array => {
                if fields.is_empty() {
                    self.note(value, "empty object where a list belongs, read as absent");
                    return Keep::No;
                }
                self.note(
                    value,
                    "object where a list belongs, read as a one-item list",
                );
                *value = Value::Array(vec![value.take()]);
                self.node(value, node)
            }
            Value::Object(fields) => {
                self.object(fields, node);
                if shape.organization_reference {
                    self.organization_id(fields);
                }
                Keep::Yes
            }
            Value::Array(items) if !types.array && types.object => {
                let single = items.len() == 1 && items[0].is_object();
                if items.is_empty() {
                    self.note(value, "empty list where an object belongs, read as absent");
                    return Keep::No;
                }
                if !single {
                    return Keep::Yes;
                }
                self.note(
                    value,
                    "one-item list where an object belongs, read as its item",
                );
                if let Value::Array(items) = value {
                    *value = items.remove(0);
                }
                self.node(value, node)
            }
            Value::Array(items) if types.array => {
                self.array(items, shape);
                Keep::Yes
            }
            _ => Keep::Yes,
        }
    }

    fn array(&mut self, items: &mut Vec<Value>, shape: &Shape) {
        let length = self.path.len();

        // Nulls out, then each item, from the end so positions stay right.
        let mut index = items.len();
        while index > 0 {
            index -= 1;
            self.enter_index(index);
            let keep = if items[index].is_null() {
                self.note(&items[index], "null in a list, dropped");
                Keep::No
            } else {
                self.node(&mut items[index], shape.items)
            };
            if keep == Keep::No {
                items.remove(index);
            }
            self.path.truncate(length);
        }

        if shape.unique_items {
            let mut seen: Vec<usize> = Vec::new();
            let mut index = 0;
            while index < items.len() {
                if seen.iter().any(|&s| items[s] == items[index]) {
                    self.enter_index(index);
                    self.note(&items[index], "item repeated whole in the list, dropped");
                    self.path.truncate(length);
                    items.remove(index);
                } else {
                    seen.push(index);
                    index += 1;
                }
            }
        }

        // A reference to a party is never given an id it was not given: it
        // would name another party.
        if shape.item_ids {
            self.ids(items);
        }
    }

    /// One id per item: missing ones from the position, repeated ones suffixed.
    fn ids(&mut self, items: &mut [Value]) {
        fn id_of(item: &Map<String, Value>) -> Option<String> {
            match item.get("id") {
                Some(Value::String(s)) if !s.is_empty() => Some(s.clone()),
                Some(Value::Number(n)) => Some(n.to_string()),
                _ => None,
            }
        }
        // The common case, every item with an id of its own: nothing to do,
        // nothing copied.
        let mut ids: HashSet<&str> = HashSet::with_capacity(items.len());
        let all_given = items.iter().filter_map(Value::as_object).all(|item| {
            matches!(item.get("id"), Some(Value::String(s)) if !s.is_empty() && ids.insert(s))
        });
        if all_given {
            return;
        }
        drop(ids);
        let mut used: HashSet<String> = items
            .iter()
            .filter_map(Value::as_object)
            .filter_map(id_of)
            .collect();
        let mut first: HashSet<String> = HashSet::new();
        let length = self.path.len();
        for (index, item) in items.iter_mut().enumerate() {
            let Some(fields) = item.as_object_mut() else {
                continue;
            };
            let position = index + 1;
            let (base, reason) = match id_of(fields) {
                None => (
                    position.to_string(),
                    "missing id, given the item's position",
                ),
                Some(id) if !first.insert(id.clone()) => (
                    format!("{id}-{position}"),
                    "repeated id, suffixed with the item's position",
                ),
                Some(_) => continue,
            };
            let mut id = base.clone();
            let mut n = 2;
            while used.contains(&id) {
                id = format!("{base}-{n}");
                n += 1;
            }
            used.insert(id.clone());
            self.enter_index(index);
            self.enter("id");
            let before = fields.get("id").cloned().unwrap_or(Value::Null);
            self.note(&before, format!("{reason}: `{id}`"));
            self.path.truncate(length);
            fields.insert("id".into(), Value::String(id));
        }
    }

    /// A reference to a party without an id (as OCDS 1.0 wrote them) gets
    /// the id `ocdskit upgrade` gives its party: `scheme-id` of its
    /// identifier. Without an identifier it stays without id.
    fn organization_id(&mut self, fields: &mut Map<String, Value>) {
        if fields.get("id").is_some_and(|id| !id.is_null()) {
            return;
        }
        let part = |key: &str| match fields.get("identifier").and_then(|i| i.get(key)) {
            Some(Value::String(s)) if !s.is_empty() => Some(s.clone()),
            Some(Value::Number(n)) => Some(n.to_string()),
            _ => None,
        };
        let Some(id) = part("id") else {
            return;
        };
        let id = match part("scheme") {
            Some(scheme) => format!("{scheme}-{id}"),
            None => id,
        };
        let length = self.enter("id");
        self.note(
            &Value::Null,
            format!("organization without id, given its identifier's: `{id}`"),
        );
        self.path.truncate(length);
        fields.insert("id".into(), Value::String(id));
    }

    /// What a release needs besides its fields' forms.
    fn release(&mut self, fields: &mut Map<String, Value>) {
        if fields.get("initiationType").is_none_or(Value::is_null) {
            self.path = "/initiationType".into();
            self.note(
                &Value::Null,
                "missing, read as `tender` (the only value OCDS 1.1 allows)",
            );
            fields.insert("initiationType".into(), Value::String("tender".into()));
        }
        let ocid = fields
            .get("ocid")
            .and_then(Value::as_str)
            .map(str::to_owned);
        if let (Some(ocid), Some(Value::Object(tender))) = (&ocid, fields.get_mut("tender"))
            && tender.get("id").is_none_or(Value::is_null)
        {
            self.path = "/tender/id".into();
            self.note(
                &Value::Null,
                format!("missing, given the process's ocid `{ocid}`"),
            );
            tender.insert("id".into(), Value::String(ocid.clone()));
        }
        let only_award = match fields.get("awards") {
            Some(Value::Array(awards)) if awards.len() == 1 => awards[0].get("id").cloned(),
            _ => None,
        };
        if let (Some(award), Some(Value::Array(contracts))) =
            (only_award, fields.get_mut("contracts"))
        {
            for (index, contract) in contracts.iter_mut().enumerate() {
                if let Some(contract) = contract.as_object_mut()
                    && contract.get("awardID").is_none_or(Value::is_null)
                {
                    self.path = format!("/contracts/{index}/awardID");
                    self.note(
                        &Value::Null,
                        format!("missing, given the only award's id `{}`", shown(&award)),
                    );
                    contract.insert("awardID".into(), award.clone());
                }
            }
        }
        self.path.clear();
    }
}

/// The number a text spells, as the schema wants it.
fn number(text: &str, types: Types) -> Option<Number> {
    let text = text.trim();
    // A whole number stays whole, as the publisher wrote it.
    if let Ok(n) = text.parse::<i64>() {
        return Some(n.into());
    }
    if types.number {
        let n: f64 = text.parse().ok()?;
        return Number::from_f64(n);
    }
    None
}

/// A date-time without a time zone, or a date without a time, completed:
/// `YYYY-MM-DD` and `YYYY-MM-DD[T ]HH:MM[:SS[.fff]]`.
fn date_time(text: &str) -> Option<(String, &'static str)> {
    if !text.is_ascii() || text.len() < 10 {
        return None;
    }
    let b = text.as_bytes();
    let number = |from: usize, to: usize| -> Option<u32> {
        let part = text.get(from..to)?;
        part.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| part.parse().ok())?
    };
    let month = number(5, 7)?;
    let day = number(8, 10)?;
    number(0, 4)?;
    if b[4] != b'-' || b[7] != b'-' || !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    if b.len() == 10 {
        return Some((
            format!("{text}T00:00:00Z"),
            "date without a time, read as midnight UTC",
        ));
    }
    if !matches!(b[10], b'T' | b' ') || b.len() < 16 || b[13] != b':' {
        return None;
    }
    if number(11, 13)? >= 24 || number(14, 16)? >= 60 {
        return None;
    }
    let seconds = match &text[16..] {
        "" => ":00",
        rest => {
            let (whole, fraction) = rest.split_once('.').unwrap_or((rest, ""));
            let fraction_ok = fraction.bytes().all(|c| c.is_ascii_digit())
                && rest.contains('.') != fraction.is_empty();
            let whole_ok = whole.len() == 3
                && whole.starts_with(':')
                && number(17, 19).is_some_and(|s| s <= 60);
            if !(whole_ok && fraction_ok) {
                return None;
            }
            ""
        }
    };
    Some((
        format!("{}T{}{seconds}Z", &text[..10], &text[11..]),
        "date and time without a time zone, read as UTC",
    ))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn corrected(mut release: Value) -> (Value, Vec<(String, String)>) {
        let notes = correct(&mut release)
            .into_iter()
            .map(|c| (c.path, c.reason))
            .collect();
        (release, notes)
    }

    fn base(extra: Value) -> Value {
        let mut release = json!({"ocid": "ocds-1", "id": "1", "date": "2024-01-01T00:00:00Z",
            "tag": ["tender"], "initiationType": "tender"});
        for (k, v) in extra.as_object().unwrap() {
            release[k] = v.clone();
        }
        release
    }

    #[test]
    fn a_valid_release_is_left_alone() {
        let release = base(json!({"awards": [{"id": 1, "status": "active"}]}));
        let (after, notes) = corrected(release.clone());
        assert_eq!(after, release);
        assert!(notes.is_empty(), "{notes:?}");
    }

    #[test]
    fn shapes_are_read_as_meant() {
        let (after, notes) = corrected(base(json!({
            "tag": "compiled",
            "awards": {"id": "A", "suppliers": {"id": "S"}},
            "tender": {"id": "T", "value": {"amount": " 12.5 ", "currency": "XOF"},
                       "submissionMethod": ["electronic", null], "milestones": {}},
            "parties": [{"id": "P", "address": {"postalCode": 1000}}],
            "planning": [{"budget": {"description": "b"}}],
        })));
        assert_eq!(after["tag"], json!(["compiled"]));
        assert_eq!(
            after["awards"],
            json!([{"id": "A", "suppliers": [{"id": "S"}]}])
        );
        assert_eq!(after["tender"]["value"]["amount"], json!(12.5));
        assert_eq!(after["tender"]["submissionMethod"], json!(["electronic"]));
        assert!(after["tender"].get("milestones").is_none());
        assert_eq!(after["parties"][0]["address"]["postalCode"], "1000");
        assert_eq!(after["planning"], json!({"budget": {"description": "b"}}));
        let paths: Vec<&str> = notes.iter().map(|(p, _)| p.as_str()).collect();
        for path in [
            "/tag",
            "/awards",
            "/awards/0/suppliers",
            "/tender/value/amount",
            "/tender/submissionMethod/1",
            "/tender/milestones",
            "/parties/0/address/postalCode",
            "/planning",
        ] {
            assert!(paths.contains(&path), "{path} in {paths:?}");
        }
    }

    #[test]
    fn dates_codes_and_empty_text() {
        let (after, notes) = corrected(base(json!({
            "date": "2024-03-01",
            "awards": [{"id": "A", "status": "Active", "date": "2024-03-01 10:30",
                        "documents": [{"id": "D", "url": ""}]}],
            "tender": {"id": "T", "status": "not a status", "tenderPeriod": {"startDate": "01/03/2024"}},
        })));
        assert_eq!(after["date"], "2024-03-01T00:00:00Z");
        assert_eq!(after["awards"][0]["status"], "active");
        assert_eq!(after["awards"][0]["date"], "2024-03-01T10:30:00Z");
        assert!(after["awards"][0]["documents"][0].get("url").is_none());
        // No sound reading: kept as given (validation reports them).
        assert_eq!(after["tender"]["status"], "not a status");
        assert_eq!(after["tender"]["tenderPeriod"]["startDate"], "01/03/2024");
        assert_eq!(notes.len(), 4, "{notes:?}");
    }

    #[test]
    fn ids_are_derived_by_position_and_repeats_suffixed() {
        let (after, notes) = corrected(base(json!({
            "awards": [{"id": "A", "title": "x"}, {"title": "no id"}, {"id": "A", "title": "y"},
                       {"id": "A", "title": "x"}],
            "contracts": [{"id": "C", "awardID": null}, {"id": "C", "awardID": "A"}],
        })));
        let ids: Vec<&str> = after["awards"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["id"].as_str().unwrap())
            .collect();
        assert_eq!(
            ids,
            ["A", "2", "A-3"],
            "the whole repeat dropped, the rest keyed"
        );
        assert_eq!(after["contracts"][1]["id"], "C-2");
        assert!(
            after["contracts"][0]["awardID"].is_null(),
            "several awards: no sound reading"
        );
        assert!(
            notes
                .iter()
                .any(|(p, r)| p == "/awards/3" && r.contains("repeated whole"))
        );
    }

    #[test]
    fn a_party_reference_is_named_by_its_identifier_never_by_position() {
        let (after, _) = corrected(base(json!({
            "buyer": {"name": "Ministry", "identifier": {"scheme": "NE-RCCM", "id": "42"}},
            "awards": [{"id": "A", "suppliers": [{"name": "No identifier"},
                {"name": "S", "identifier": {"id": 7}}]}],
        })));
        assert_eq!(after["buyer"]["id"], "NE-RCCM-42");
        assert!(after["awards"][0]["suppliers"][0].get("id").is_none());
        assert_eq!(after["awards"][0]["suppliers"][1]["id"], "7");
    }

    #[test]
    fn release_level_gaps_with_one_reading() {
        let mut release = base(json!({"tender": {"title": "t"}, "awards": [{"id": 7}],
            "contracts": [{"id": "C"}]}));
        release.as_object_mut().unwrap().remove("initiationType");
        let (after, notes) = corrected(release);
        assert_eq!(after["initiationType"], "tender");
        assert_eq!(after["tender"]["id"], "ocds-1");
        assert_eq!(after["contracts"][0]["awardID"], 7);
        assert_eq!(notes.len(), 3);
    }

    #[test]
    fn date_forms() {
        assert_eq!(
            date_time("2024-01-31T23:59:59.123").unwrap().0,
            "2024-01-31T23:59:59.123Z"
        );
        assert_eq!(
            date_time("2024-01-31T23:59").unwrap().0,
            "2024-01-31T23:59:00Z"
        );
        for wrong in [
            "2024-13-01",
            "2024-01-31T24:00",
            "2024-01-31T10:00:00+01:00",
            "2024-01-31X",
            "2024-01-31T10:00:0",
            "2024-01-31T10:00:00.",
            "31/01/2024",
        ] {
            assert!(date_time(wrong).is_none(), "{wrong}");
        }
    }
}
