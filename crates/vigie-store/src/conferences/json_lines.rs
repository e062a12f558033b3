//! The line each value of a JSON text starts on, by JSON pointer, so that
//! an edition's problems (found on the parsed value) name their line.
//!
//! A small scanner, not a parser: the text was already parsed by
//! `serde_json`, so it is well formed.

use std::collections::HashMap;

/// Lines by JSON pointer (`/program/3/day` → 41); `` is the whole text.
pub(crate) struct JsonLines(HashMap<String, u64>);

impl JsonLines {
    /// Scans a well-formed JSON text.
    pub(crate) fn of(text: &str) -> JsonLines {
        let mut scan = Scan {
            bytes: text.as_bytes(),
            at: 0,
            line: 1,
            lines: HashMap::new(),
        };
        scan.value(String::new());
        JsonLines(scan.lines)
    }

    /// The line of `pointer`, or of its nearest ancestor that has one.
    pub(crate) fn line(&self, pointer: &str) -> u64 {
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
                            let escaped = key.replace('~', "~0").replace('/', "~1");
                            self.value(format!("{pointer}/{escaped}"));
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
                            self.value(format!("{pointer}/{index}"));
                            index += 1;
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

    /// A string, its escapes left as they are (keys need no unescaping in
    /// the files Vigie reads).
    fn string(&mut self) -> String {
        self.bump();
        let start = self.at;
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
        let text = String::from_utf8_lossy(&self.bytes[start..self.at]).into_owned();
        self.bump();
        text
    }
}

#[cfg(test)]
mod tests {
    use super::JsonLines;

    #[test]
    fn names_the_line_of_each_value() {
        let text = "{\n  \"a\": 1,\n  \"b\": [\n    {\"c\": \"x\\\"y\"},\n    {\n      \"c\": 2\n    }\n  ]\n}\n";
        let lines = JsonLines::of(text);
        assert_eq!(lines.line(""), 1);
        assert_eq!(lines.line("/a"), 2);
        assert_eq!(lines.line("/b/0/c"), 4);
        assert_eq!(lines.line("/b/1"), 5);
        assert_eq!(lines.line("/b/1/c"), 6);
        assert_eq!(lines.line("/b/1/missing"), 5);
    }
}
