//! JSON files edited by hand (conference programmes, recommendations,
//! meeting minutes): read into typed values, and every problem reported at
//! the line of the value it concerns, with its JSON pointer.
//!
//! `serde_json` says where a syntax or type error is, but a rule checked
//! after reading (a milestone due before its recommendation) only knows its
//! pointer. [`line_of`] finds that pointer's line again in the text, so the
//! message reads `recs.json:14: /recommendations/2/milestones/0/due: …`
//! whichever step found the problem.

use serde::de::DeserializeOwned;

use crate::{ImportError, Location};

/// Reads `text` (the content of `file`) as a `T`. A syntax error is
/// reported at its line; a value of the wrong shape at its line, with the
/// pointer of the field that holds it.
pub fn read<T: DeserializeOwned>(file: &str, text: &str) -> Result<T, ImportError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut de = serde_json::Deserializer::from_str(text);
    let value = serde_path_to_error::deserialize(&mut de)
        .map_err(|e| shape_error(file, &pointer_of(e.path()), e.inner()))?;
    de.end().map_err(|e| shape_error(file, "", &e))?;
    Ok(value)
}

fn shape_error(file: &str, pointer: &str, e: &serde_json::Error) -> ImportError {
    let location = match e.line() {
        0 => Location::File,
        line => Location::Line(line as u64),
    };
    if e.is_syntax() || e.is_eof() {
        ImportError::new(file, location, "", format!("invalid JSON: {e}"))
    } else {
        ImportError::new(file, location, pointer, strip_position(&e.to_string()))
    }
}

/// A problem found after reading: reported at the line `pointer` starts on
/// in `text`, or for the whole file when the pointer is not in it.
pub fn error_at(file: &str, text: &str, pointer: &str, reason: impl Into<String>) -> ImportError {
    let location = line_of(text, pointer).map_or(Location::File, Location::Line);
    ImportError::new(file, location, pointer, reason)
}

/// The 1-based line on which the value at `pointer` (RFC 6901) starts in
/// the JSON `text`, or `None` if there is no such value.
pub fn line_of(text: &str, pointer: &str) -> Option<u64> {
    let wanted: Vec<String> = if pointer.is_empty() {
        Vec::new()
    } else {
        pointer
            .strip_prefix('/')?
            .split('/')
            .map(|t| t.replace("~1", "/").replace("~0", "~"))
            .collect()
    };
    let mut scan = Scanner {
        bytes: text.as_bytes(),
        at: 0,
        line: 1,
    };
    scan.find(&wanted)
}

/// A walk over JSON text that is known to be valid (it was just read).
struct Scanner<'a> {
    bytes: &'a [u8],
    at: usize,
    line: u64,
}

impl Scanner<'_> {
    /// Descends along `path` from the value at the cursor; the line of the
    /// value it names.
    fn find(&mut self, path: &[String]) -> Option<u64> {
        self.skip_space();
        let Some((first, rest)) = path.split_first() else {
            return Some(self.line);
        };
        match self.peek()? {
            b'{' => {
                self.at += 1;
                loop {
                    self.skip_space();
                    if self.peek()? == b'}' {
                        return None;
                    }
                    let key = self.string()?;
                    self.skip_space();
                    self.at += 1; // ':'
                    if &key == first {
                        return self.find(rest);
                    }
                    self.skip_value()?;
                    self.skip_space();
                    if self.peek()? == b',' {
                        self.at += 1;
                    }
                }
            }
            b'[' => {
                let index: usize = first.parse().ok()?;
                self.at += 1;
                for i in 0.. {
                    self.skip_space();
                    if self.peek()? == b']' {
                        return None;
                    }
                    if i == index {
                        return self.find(rest);
                    }
                    self.skip_value()?;
                    self.skip_space();
                    if self.peek()? == b',' {
                        self.at += 1;
                    }
                }
                None
            }
            _ => None,
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn skip_space(&mut self) {
        while let Some(b) = self.peek() {
            match b {
                b'\n' => self.line += 1,
                b' ' | b'\t' | b'\r' => {}
                _ => return,
            }
            self.at += 1;
        }
    }

    /// A string at the cursor, unescaped enough to compare keys (escaped
    /// keys are compared by their JSON unescaping).
    fn string(&mut self) -> Option<String> {
        let start = self.at;
        self.at += 1;
        while let Some(b) = self.peek() {
            self.at += 1;
            match b {
                b'\\' => self.at += 1,
                b'"' => {
                    let raw = std::str::from_utf8(&self.bytes[start..self.at]).ok()?;
                    return serde_json::from_str(raw).ok();
                }
                _ => {}
            }
        }
        None
    }

    fn skip_value(&mut self) -> Option<()> {
        self.skip_space();
        match self.peek()? {
            b'"' => {
                self.string()?;
            }
            b'{' | b'[' => {
                let mut depth = 0usize;
                loop {
                    match self.peek()? {
                        b'"' => {
                            self.string()?;
                            continue;
                        }
                        b'{' | b'[' => depth += 1,
                        b'}' | b']' => {
                            depth -= 1;
                            if depth == 0 {
                                self.at += 1;
                                return Some(());
                            }
                        }
                        b'\n' => self.line += 1,
                        _ => {}
                    }
                    self.at += 1;
                }
            }
            _ => {
                while let Some(b) = self.peek() {
                    if matches!(b, b',' | b'}' | b']') || b.is_ascii_whitespace() {
                        break;
                    }
                    self.at += 1;
                }
            }
        }
        Some(())
    }
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
                out.push_str(&key.replace('~', "~0").replace('/', "~1"));
            }
            Segment::Enum { .. } | Segment::Unknown => {}
        }
    }
    out
}

/// `serde_json` ends its messages with " at line 3 column 14"; the line is
/// already in the location.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_owned(),
        None => message.to_owned(),
    }
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
    fn finds_the_line_of_a_pointer() {
        assert_eq!(line_of(TEXT, ""), Some(1));
        assert_eq!(line_of(TEXT, "/code"), Some(2));
        assert_eq!(line_of(TEXT, "/milestones/0"), Some(4));
        assert_eq!(line_of(TEXT, "/milestones/0/due"), Some(4));
        assert_eq!(line_of(TEXT, "/milestones/1/due"), Some(7));
        assert_eq!(line_of(TEXT, "/a~1b/~0x"), Some(10));
        assert_eq!(line_of(TEXT, "/milestones/2"), None);
        assert_eq!(line_of(TEXT, "/nope"), None);
        assert_eq!(line_of(TEXT, "/code/0"), None);
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
    fn a_rule_broken_after_reading_is_named_by_line_and_pointer() {
        let e = error_at(
            "recs.json",
            TEXT,
            "/milestones/1/due",
            "before the recommendation",
        );
        assert_eq!(
            e.to_string(),
            "recs.json:7: /milestones/1/due: before the recommendation"
        );
        let e = error_at("recs.json", TEXT, "/nowhere", "why");
        assert_eq!(e.to_string(), "recs.json: /nowhere: why");
    }
}
