//! Reading a hand-edited record as its author meant it.
//!
//! A record that serde refuses is corrected where the refusal has one
//! sound reading, and read again: a number given as text (`"2024"` for a
//! year), a number where text belongs (`42` for a reference), one value
//! where a list belongs (`"BFA"` for `["BFA"]`), a list of one where one
//! value belongs, `null` for an empty list, a code in another case or
//! spelling (`"Audit"`, `"in-progress"` for `in_progress`), a date given
//! with a time (`2021-03-18T09:00:00Z`: the date as written). Each
//! correction is a warning at its place; whatever else serde refuses is
//! the error it was (decision 0019 does the same for OCDS, from its schema).

use serde::de::DeserializeOwned;
use serde_json::Value;

/// At most this many corrections per record: each is a new attempt to
/// read it, and a record needing more is not a slip of the pen.
const MAX_CORRECTIONS: usize = 64;

/// One correction: where (a JSON pointer within the record) and what.
pub(super) struct Correction {
    pub pointer: String,
    pub reason: String,
}

/// Reads `value` as a `T`, correcting what has one reading. On failure,
/// the pointer and reason of serde's last refusal.
pub(super) fn read<T: DeserializeOwned>(
    value: &Value,
    corrections: &mut Vec<Correction>,
) -> Result<T, (String, String)> {
    let mut owned: Option<Value> = None;
    loop {
        let current = owned.as_ref().unwrap_or(value);
        let error = match serde_path_to_error::deserialize::<_, T>(current) {
            Ok(t) => return Ok(t),
            Err(e) => e,
        };
        let pointer = super::pointer_of(error.path());
        let reason = error.into_inner().to_string();
        if corrections.len() >= MAX_CORRECTIONS {
            return Err((pointer, reason));
        }
        let copy = owned.get_or_insert_with(|| value.clone());
        let Some(node) = copy.pointer_mut(&pointer) else {
            return Err((pointer, reason));
        };
        match correct(node, &reason) {
            Some(what) => corrections.push(Correction {
                pointer,
                reason: what,
            }),
            None => return Err((pointer, reason)),
        }
    }
}

/// Corrects `node` for serde's `reason`, saying what was read; `None` when
/// the refusal has no one reading.
fn correct(node: &mut Value, reason: &str) -> Option<String> {
    let expected = reason.split_once(", expected ").map(|(_, e)| e);
    let wants_number = expected.is_some_and(|e| {
        [
            "i8", "i16", "i32", "i64", "u8", "u16", "u32", "u64", "f32", "f64",
        ]
        .iter()
        .any(|t| e.starts_with(t))
            || e.contains("integer")
            || e.contains("number")
    });
    let wants_list = expected.is_some_and(|e| e.starts_with("a sequence"));
    let wants_text = expected.is_some_and(|e| e.starts_with("a string"));
    let replacement = match &*node {
        Value::String(text) if wants_number => {
            let number = text.trim().parse::<serde_json::Number>().ok()?;
            let read = Value::Number(number);
            let what = format!("number given as text `{text}`: read as {read}");
            (read, what)
        }
        Value::Number(n) if wants_text => (
            Value::String(n.to_string()),
            format!("number {n} given where text belongs: read as text"),
        ),
        Value::Null if wants_list => (
            Value::Array(Vec::new()),
            "null given for a list: read as an empty list".to_owned(),
        ),
        Value::Array(items)
            if items.len() == 1
                && !wants_list
                && expected.is_some()
                && reason.starts_with("invalid type: sequence") =>
        {
            (
                items[0].clone(),
                "a list of one given where one value belongs: read as that value".to_owned(),
            )
        }
        Value::String(_) | Value::Number(_) | Value::Object(_) if wants_list => (
            Value::Array(vec![node.clone()]),
            "one value given where a list belongs: read as a list of one".to_owned(),
        ),
        Value::String(text) => {
            if let Some(code) = variant(text, reason) {
                let what = format!("`{text}` read as the code `{code}`");
                (Value::String(code), what)
            } else if let Some(day) = day_of(text, reason) {
                let what =
                    format!("date and time `{text}` given where a date belongs: read as {day}");
                (Value::String(day), what)
            } else {
                return None;
            }
        }
        _ => return None,
    };
    *node = replacement.0;
    Some(replacement.1)
}

/// The code serde lists (`unknown variant `Audit`, expected one of
/// `audit`, …`) that `text` names in another case or with other
/// separators.
fn variant(text: &str, reason: &str) -> Option<String> {
    let listed = reason.strip_prefix("unknown variant `")?;
    let (_, expected) = listed.split_once("`, expected ")?;
    let fold = |s: &str| s.trim().to_lowercase().replace([' ', '-'], "_");
    let wanted = fold(text);
    let mut found = expected
        .split('`')
        .skip(1)
        .step_by(2)
        .filter(|code| fold(code) == wanted);
    let code = found.next()?;
    // Two codes folding alike would be two readings.
    found.next().is_none().then(|| code.to_owned())
}

/// The calendar date at the start of a date and time, when a date was
/// refused (`… is not a date …`).
fn day_of(text: &str, reason: &str) -> Option<String> {
    if !reason.contains("is not a date") {
        return None;
    }
    let (day, time) = text.trim().split_at_checked(10)?;
    let ok = time.starts_with(['T', ' '])
        && day.len() == 10
        && day.bytes().enumerate().all(|(i, b)| match i {
            4 | 7 => b == b'-',
            _ => b.is_ascii_digit(),
        });
    ok.then(|| day.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize, PartialEq)]
    #[serde(rename_all = "snake_case")]
    enum Source {
        Audit,
        InProgress,
    }

    #[derive(Debug, serde::Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct Record {
        year: i32,
        reference: String,
        countries: Vec<String>,
        #[serde(default)]
        tags: Vec<String>,
        source: Source,
        #[serde(default)]
        status: Option<Source>,
        #[serde(with = "vigie_day")]
        on: String,
    }

    /// A stand-in for `vigie_domain::iso_day`: refuses anything but a date.
    mod vigie_day {
        pub fn deserialize<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
            let text: String = serde::Deserialize::deserialize(d)?;
            if text.len() == 10 {
                Ok(text)
            } else {
                Err(serde::de::Error::custom(format!(
                    "`{text}` is not a date (YYYY-MM-DD)"
                )))
            }
        }
    }

    fn read_json(v: Value) -> (Result<Record, (String, String)>, Vec<String>) {
        let mut corrections = Vec::new();
        let r = read::<Record>(&v, &mut corrections);
        (
            r,
            corrections
                .into_iter()
                .map(|c| format!("{}: {}", c.pointer, c.reason))
                .collect(),
        )
    }

    #[test]
    fn what_has_one_reading_is_read_and_reported() {
        let (r, warnings) = read_json(serde_json::json!({
            "year": "2024", "reference": 42, "countries": "BFA", "tags": null,
            "source": "Audit", "status": ["in-progress"], "on": "2021-03-18T09:00:00Z"
        }));
        assert_eq!(
            r.unwrap(),
            Record {
                year: 2024,
                reference: "42".into(),
                countries: vec!["BFA".into()],
                tags: vec![],
                source: Source::Audit,
                status: Some(Source::InProgress),
                on: "2021-03-18".into(),
            }
        );
        // Sorted: serde's map order varies with the build's features.
        let mut warnings = warnings;
        warnings.sort();
        assert_eq!(
            warnings,
            [
                "/countries: one value given where a list belongs: read as a list of one",
                "/on: date and time `2021-03-18T09:00:00Z` given where a date belongs: read as 2021-03-18",
                "/reference: number 42 given where text belongs: read as text",
                "/source: `Audit` read as the code `audit`",
                "/status: `in-progress` read as the code `in_progress`",
                "/status: a list of one given where one value belongs: read as that value",
                "/tags: null given for a list: read as an empty list",
                "/year: number given as text `2024`: read as 2024",
            ]
        );
    }

    #[test]
    fn what_has_no_one_reading_stays_an_error() {
        let base = serde_json::json!({
            "year": 2024, "reference": "r", "countries": [], "source": "audit", "on": "2021-03-18"
        });
        for (field, value, expected) in [
            ("year", serde_json::json!("twenty"), "/year"),
            ("source", serde_json::json!("audits"), "/source"),
            ("on", serde_json::json!("18 mars 2021"), "/on"),
            ("countries", serde_json::json!(true), "/countries"),
            ("status", serde_json::json!(["audit", "audit"]), "/status"),
        ] {
            let mut v = base.clone();
            v[field] = value;
            let (r, _) = read_json(v);
            assert_eq!(r.unwrap_err().0, expected, "{field}");
        }
        let mut unknown = base.clone();
        unknown["extra"] = serde_json::json!(1);
        assert!(
            read_json(unknown)
                .0
                .unwrap_err()
                .1
                .contains("unknown field")
        );
    }
}
