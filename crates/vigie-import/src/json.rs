//! JSON files edited by hand (conference programmes, institution profiles,
//! assessments, meeting minutes): read into typed values, and every problem
//! reported at the line of the value it concerns, with its JSON pointer.
//!
//! `serde_json` says where a syntax error is, but a rule checked after
//! reading (a milestone due before its recommendation) only knows its
//! pointer. [`PointerLines`] finds each pointer's line in the text, so the
//! message reads `recs.json:14: /recommendations/2/milestones/0/due: …`
//! whichever step found the problem. [`JsonFile`] reads a file whose root
//! holds an array of records one record at a time, so that every bad record
//! is reported, not only the first.

use std::collections::HashMap;

use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::{ImportError, Location};

mod lenient;

/// A parsed file and the line where each of its values starts.
#[derive(Debug)]
pub struct JsonFile<'a> {
    /// The file's name, as messages give it.
    pub name: &'a str,
    /// The whole document.
    pub root: Value,
    lines: PointerLines,
}

impl<'a> JsonFile<'a> {
    /// Parses `text`; a syntax error is the file's one problem.
    pub fn parse(name: &'a str, text: &str) -> Result<JsonFile<'a>, Vec<ImportError>> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let root: Value = serde_json::from_str(text).map_err(|e| {
            let location = match e.line() {
                0 => Location::File,
                line => Location::Line(line as u64),
            };
            vec![ImportError::new(
                name,
                location,
                "",
                format!("invalid JSON: {e}"),
            )]
        })?;
        Ok(JsonFile {
            name,
            root,
            lines: PointerLines::of(text),
        })
    }

    /// An error at `pointer`, on the line its value starts (or its nearest
    /// parent's, for a member that is missing).
    pub fn error(&self, pointer: &str, reason: impl Into<String>) -> ImportError {
        ImportError::new(
            self.name,
            Location::Line(self.line(pointer)),
            pointer,
            reason,
        )
    }

    /// The line where the value at `pointer` starts (or its nearest
    /// parent's, for a member that is missing).
    pub fn line(&self, pointer: &str) -> u64 {
        self.lines.line(pointer)
    }

    /// The array under `key` of the root object, each item with its pointer.
    pub fn items(&self, key: &str) -> Result<Vec<(String, &Value)>, ImportError> {
        match self.root.get(key).and_then(Value::as_array) {
            Some(items) => Ok(items
                .iter()
                .enumerate()
                .map(|(i, v)| (format!("/{key}/{i}"), v))
                .collect()),
            None => Err(self.error("", format!("expected an object with a `{key}` array"))),
        }
    }

    /// The value at `pointer` as a `T`, or the error naming the field at fault.
    pub fn read<T: DeserializeOwned>(
        &self,
        pointer: &str,
        value: &Value,
    ) -> Result<T, ImportError> {
        serde_path_to_error::deserialize(value).map_err(|e| {
            let at = format!("{pointer}{}", pointer_of(e.path()));
            self.error(&at, e.into_inner().to_string())
        })
    }

    /// Like [`JsonFile::read`], but what has one sound reading (a number
    /// given as text, one value where a list belongs, a code in another
    /// case…) is read so, each correction a warning in `warnings` at its
    /// place; only what has no reading is an error.
    pub fn read_lenient<T: DeserializeOwned>(
        &self,
        pointer: &str,
        value: &Value,
        warnings: &mut Vec<ImportError>,
    ) -> Result<T, ImportError> {
        let mut corrections = Vec::new();
        let read = lenient::read(value, &mut corrections);
        let mut found: Vec<ImportError> = corrections
            .into_iter()
            .map(|c| self.error(&format!("{pointer}{}", c.pointer), c.reason))
            .collect();
        // In the file's order, whatever order serde visited the members in.
        found.sort_by_key(|w| match w.location {
            Location::Line(line) => line,
            _ => 0,
        });
        warnings.extend(found);
        read.map_err(|(at, reason)| self.error(&format!("{pointer}{at}"), reason))
    }
}

/// Reads the whole of `text` (the content of `file`) as one `T`: for files
/// that hold one record (an edition). A syntax error is reported at its
/// line; a value of the wrong shape at its line, with its pointer.
pub fn read<T: DeserializeOwned>(file: &str, text: &str) -> Result<T, ImportError> {
    let parsed = JsonFile::parse(file, text).map_err(|mut e| e.remove(0))?;
    let root = &parsed.root;
    parsed.read("", root)
}

/// Lines by JSON pointer (`/program/3/day` → 41); `` is the whole text.
#[derive(Debug)]
pub struct PointerLines(HashMap<String, u64>);

impl PointerLines {
    /// Scans a well-formed JSON text (one `serde_json` has read).
    pub fn of(text: &str) -> PointerLines {
        let mut scan = Scan {
            bytes: text.as_bytes(),
            at: 0,
            line: 1,
            lines: HashMap::new(),
        };
        scan.value(String::new());
        PointerLines(scan.lines)
    }

    /// The 1-based line of `pointer`, or of its nearest ancestor that has
    /// one (a member that is missing is reported where its object starts).
    pub fn line(&self, pointer: &str) -> u64 {
        let mut p = pointer;
        loop {
            if let Some(line) = self.0.get(p) {
                return *line;
            }
            match p.rfind('/') {
                Some(i) => p = &p[..i],
                None => return 1,
            }
        }
    }
}

/// A walk over JSON text that is known to be well formed.
struct Scan<'a> {
    bytes: &'a [u8],
    at: usize,
    line: u64,
    lines: HashMap<String, u64>,
}

impl Scan<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn bump(&mut self) {
        if self.peek() == Some(b'\n') {
            self.line += 1;
        }
        self.at += 1;
    }

    fn skip_blank(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\r' | b'\n')) {
            self.bump();
        }
    }

    fn value(&mut self, pointer: String) {
        self.skip_blank();
        self.lines.insert(pointer.clone(), self.line);
        match self.peek() {
            Some(b'{') => {
                self.bump();
                loop {
                    self.skip_blank();
                    match self.peek() {
                        Some(b'"') => {
                            let key = self.string();
                            self.skip_blank();
                            self.bump(); // ':'
                            self.value(format!("{pointer}/{}", escape(&key)));
                        }
                        Some(b',') => self.bump(),
                        Some(b'}') => {
                            self.bump();
                            break;
                        }
                        _ => break,
                    }
                }
            }
            Some(b'[') => {
                self.bump();
                let mut index = 0;
                loop {
                    self.skip_blank();
                    match self.peek() {
                        Some(b',') => self.bump(),
                        Some(b']') => {
                            self.bump();
                            break;
                        }
                        None => break,
                        _ => {
                            let before = self.at;
                            self.value(format!("{pointer}/{index}"));
                            index += 1;
                            // Text that is not JSON (`[}`) must not spin
                            // here forever, adding pointers.
                            if self.at == before {
                                self.bump();
                            }
                        }
                    }
                }
            }
            Some(b'"') => {
                self.string();
            }
            _ => {
                while !matches!(
                    self.peek(),
                    None | Some(b',' | b']' | b'}' | b' ' | b'\t' | b'\r' | b'\n')
                ) {
                    self.bump();
                }
            }
        }
    }

    /// A string at the cursor, unescaped (keys are compared unescaped).
    fn string(&mut self) -> String {
        let start = self.at;
        self.bump();
        while let Some(b) = self.peek() {
            match b {
                b'\\' => {
                    self.bump();
                    self.bump();
                }
                b'"' => break,
                _ => self.bump(),
            }
        }
        self.bump();
        let raw = String::from_utf8_lossy(&self.bytes[start..self.at.min(self.bytes.len())]);
        serde_json::from_str(&raw).unwrap_or_else(|_| raw.trim_matches('"').to_owned())
    }
}

/// A key as a JSON pointer token (RFC 6901).
fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// `serde_path_to_error`'s path as a JSON pointer: `/recommendations/2/due`.
fn pointer_of(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut out = String::new();
    for segment in path.iter() {
        match segment {
            Segment::Seq { index } => out.push_str(&format!("/{index}")),
            Segment::Map { key } => {
                out.push('/');
                out.push_str(&escape(key));
            }
            Segment::Enum { .. } | Segment::Unknown => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = r#"{
  "code": "REC-1",
  "milestones": [
    {"title": "a", "due": "2021-01-01"},
    {
      "title": "b \" } ] {",
      "due": "2020-12-31"
    }
  ],
  "a/b": {"~x": 1}
}"#;

    #[test]
    fn finds_the_line_of_a_pointer_or_of_its_nearest_ancestor() {
        let lines = PointerLines::of(TEXT);
        assert_eq!(lines.line(""), 1);
        assert_eq!(lines.line("/code"), 2);
        assert_eq!(lines.line("/milestones/0"), 4);
        assert_eq!(lines.line("/milestones/0/due"), 4);
        assert_eq!(lines.line("/milestones/1"), 5);
        assert_eq!(lines.line("/milestones/1/due"), 7);
        assert_eq!(lines.line("/a~1b/~0x"), 10);
        assert_eq!(lines.line("/milestones/1/missing"), 5);
        assert_eq!(lines.line("/nope"), 1);
    }

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[expect(dead_code, reason = "only read to provoke errors")]
    struct Milestone {
        title: String,
        due: u32,
    }

    #[derive(Debug, serde::Deserialize)]
    #[expect(dead_code, reason = "only read to provoke errors")]
    struct Rec {
        code: String,
        milestones: Vec<Milestone>,
    }

    #[test]
    fn a_value_of_the_wrong_shape_is_named_by_line_and_pointer() {
        let e = read::<Rec>("recs.json", TEXT).unwrap_err();
        assert_eq!(
            e.to_string(),
            "recs.json:4: /milestones/0/due: invalid type: string \"2021-01-01\", expected u32"
        );
    }

    #[test]
    fn broken_json_is_named_by_line() {
        let e = read::<Rec>("recs.json", "{\n  \"code\": \"x\",\n  oops\n}").unwrap_err();
        assert_eq!(
            e.to_string(),
            "recs.json:3: invalid JSON: key must be a string at line 3 column 3"
        );
    }

    #[test]
    fn records_are_read_one_by_one_so_that_each_bad_one_is_named() {
        let text = "{\"items\": [\n {\"title\": \"a\", \"due\": 1},\n {\"title\": \"b\", \"due\": \"x\"},\n {\"title\": 3, \"due\": 2}\n]}";
        let file = JsonFile::parse("m.json", text).unwrap();
        let errors: Vec<String> = file
            .items("items")
            .unwrap()
            .into_iter()
            .filter_map(|(at, v)| file.read::<Milestone>(&at, v).err())
            .map(|e| e.to_string())
            .collect();
        assert_eq!(
            errors,
            [
                "m.json:3: /items/1/due: invalid type: string \"x\", expected u32",
                "m.json:4: /items/2/title: invalid type: integer `3`, expected a string",
            ]
        );
        assert_eq!(
            file.items("other").unwrap_err().to_string(),
            "m.json:1: expected an object with a `other` array"
        );
        assert_eq!(
            file.error("/items/1/due", "too late").to_string(),
            "m.json:3: /items/1/due: too late"
        );
    }
}
