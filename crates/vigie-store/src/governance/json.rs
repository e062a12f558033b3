//! Reading a governance file: JSON parsed once, each record deserialized on
//! its own (so that every bad record is reported, not only the first), and
//! every problem placed at its line through the JSON pointer of the value.

use std::collections::HashMap;

use serde::de::DeserializeOwned;
use serde_json::Value;
use vigie_domain::governance::Problem;
use vigie_import::{ImportError, Location};

/// A parsed file and the line where each of its values starts.
pub(crate) struct JsonFile<'a> {
    pub name: &'a str,
    pub root: Value,
    lines: HashMap<String, u64>,
}

impl<'a> JsonFile<'a> {
    /// Parses `text`; a syntax error is the file's one problem.
    pub fn parse(name: &'a str, text: &str) -> Result<JsonFile<'a>, Vec<ImportError>> {
        let root: Value = serde_json::from_str(text).map_err(|e| {
            vec![ImportError {
                file: name.to_owned(),
                location: Location::Line(u64::try_from(e.line()).unwrap_or(0)),
                column: String::new(),
                reason: format!("not JSON: {e}"),
            }]
        })?;
        Ok(JsonFile {
            name,
            root,
            lines: pointer_lines(text),
        })
    }

    /// An error at `pointer`, on the line its value starts (or its nearest
    /// parent's, for a member that is missing).
    pub fn error(&self, pointer: &str, reason: impl Into<String>) -> ImportError {
        let mut at = pointer;
        let line = loop {
            if let Some(l) = self.lines.get(at) {
                break Some(*l);
            }
            match at.rfind('/') {
                Some(i) => at = &at[..i],
                None => break None,
            }
        };
        ImportError {
            file: self.name.to_owned(),
            location: line.map_or(Location::File, Location::Line),
            column: pointer.to_owned(),
            reason: reason.into(),
        }
    }

    /// Domain problems of the record at `base`, as errors of the file.
    pub fn problems(&self, base: &str, problems: Vec<Problem>) -> Vec<ImportError> {
        problems
            .into_iter()
            .map(|p| self.error(&format!("{base}{}", p.path), p.error.to_string()))
            .collect()
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
            let mut at = pointer.to_owned();
            for segment in e.path().iter() {
                match segment {
                    serde_path_to_error::Segment::Seq { index } => {
                        at.push_str(&format!("/{index}"))
                    }
                    serde_path_to_error::Segment::Map { key } => {
                        at.push_str(&format!("/{}", escape(key)))
                    }
                    serde_path_to_error::Segment::Enum { .. }
                    | serde_path_to_error::Segment::Unknown => {}
                }
            }
            self.error(&at, e.into_inner().to_string())
        })
    }
}

fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// The 1-based line where each value of `text` (valid JSON) starts, by JSON pointer.
fn pointer_lines(text: &str) -> HashMap<String, u64> {
    let mut scan = Scan {
        bytes: text.as_bytes(),
        at: 0,
        line: 1,
        out: HashMap::new(),
    };
    scan.value(String::new());
    scan.out
}

struct Scan<'t> {
    bytes: &'t [u8],
    at: usize,
    line: u64,
    out: HashMap<String, u64>,
}

impl Scan<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn skip_space(&mut self) {
        while let Some(b) = self.peek() {
            match b {
                b'\n' => self.line += 1,
                b' ' | b'\t' | b'\r' | b',' | b':' => {}
                _ => return,
            }
            self.at += 1;
        }
    }

    /// A string's content (escapes kept as written, enough for keys).
    fn string(&mut self) -> String {
        self.at += 1;
        let start = self.at;
        while let Some(b) = self.peek() {
            match b {
                b'\\' => self.at += 2,
                b'"' => break,
                b'\n' => {
                    self.line += 1;
                    self.at += 1;
                }
                _ => self.at += 1,
            }
        }
        let s =
            String::from_utf8_lossy(&self.bytes[start..self.at.min(self.bytes.len())]).into_owned();
        self.at += 1;
        s
    }

    fn value(&mut self, pointer: String) {
        self.skip_space();
        self.out.insert(pointer.clone(), self.line);
        match self.peek() {
            Some(b'{') => {
                self.at += 1;
                loop {
                    self.skip_space();
                    match self.peek() {
                        Some(b'"') => {
                            let key = self.string();
                            self.value(format!("{pointer}/{}", escape(&key)));
                        }
                        Some(b'}') | None => break,
                        Some(_) => self.at += 1,
                    }
                }
                self.at += 1;
            }
            Some(b'[') => {
                self.at += 1;
                let mut i = 0;
                loop {
                    self.skip_space();
                    match self.peek() {
                        Some(b']') | None => break,
                        Some(_) => {
                            self.value(format!("{pointer}/{i}"));
                            i += 1;
                        }
                    }
                }
                self.at += 1;
            }
            Some(b'"') => {
                self.string();
            }
            Some(_) => {
                while let Some(b) = self.peek() {
                    if matches!(b, b',' | b'}' | b']' | b' ' | b'\n' | b'\r' | b'\t') {
                        break;
                    }
                    self.at += 1;
                }
            }
            None => {}
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn each_value_is_found_at_its_line() {
        let text = "{\n  \"a\": [\n    {\"b\": 1,\n     \"c\": \"x\\\"y\"},\n    2\n  ],\n  \"d/e\": {}\n}\n";
        let lines = super::pointer_lines(text);
        assert_eq!(lines[""], 1);
        assert_eq!(lines["/a"], 2);
        assert_eq!(lines["/a/0"], 3);
        assert_eq!(lines["/a/0/c"], 4);
        assert_eq!(lines["/a/1"], 5);
        assert_eq!(lines["/d~1e"], 7);
    }
}
