//! `vigie coverage FILE`: how many times each field of line-delimited JSON
//! is non-empty, as `ocdscardinal coverage` 0.0.8 counts it, so that
//! Cardinal's users get the same answer from Vigie.
//!
//! The rules are Cardinal's:
//! - `""`, `[]`, `{}` and `null` are empty, and so is a node holding only
//!   empty nodes; numbers and booleans are never empty;
//! - a path joins the steps with no separator: `/` enters an object, a
//!   member's name follows it, `[]` enters an array's elements; the line
//!   itself is the path `""`, its object `/`;
//! - each non-empty node counts once where it is (so `/awards[]/` counts
//!   award objects, `/awards[]` the non-empty elements, `/awards` the lines
//!   with a non-empty array);
//! - a member name given twice counts once, with the last value; an empty
//!   member name shares its object's path;
//! - lines that are not JSON are skipped with a warning, blank lines
//!   silently.
//!
//! The counts come out in the order Cardinal's single-threaded run prints
//! them where members come in sorted order (Vigie's JSON objects are sorted
//! maps): the output is the same JSON object, its keys perhaps in another
//! order.

use std::collections::HashMap;
use std::io::{self, BufRead, Write};

use serde_json::Value;

/// The longest line read: a compiled release of a very large process is a
/// few megabytes; anything longer is refused before it is held whole.
pub const MAX_LINE: u64 = 256 << 20;

/// Reads the next line of `input` into `line` (replacing what it held) and
/// counts it in `number`; `false` at the end of input. A line longer than
/// [`MAX_LINE`] is an error before it is held whole.
pub(crate) fn read_line<R: BufRead>(
    input: &mut R,
    line: &mut Vec<u8>,
    number: &mut u64,
) -> io::Result<bool> {
    line.clear();
    let read = io::Read::take(input.by_ref(), MAX_LINE + 1).read_until(b'\n', line)?;
    if read == 0 {
        return Ok(false);
    }
    *number += 1;
    if read as u64 > MAX_LINE {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!("line {number} is longer than {} MiB", MAX_LINE >> 20),
        ));
    }
    Ok(true)
}

/// The counts, by path, in the order the paths were first met.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Coverage {
    counts: Vec<(String, u64)>,
    index: HashMap<String, usize>,
}

impl Coverage {
    /// Counts the fields of every JSON line of `input`. `skipped` hears of
    /// each line that is not JSON (its 1-based number and why). An input
    /// error, or a line longer than [`MAX_LINE`], ends the count.
    pub fn read<R: BufRead>(
        mut input: R,
        mut skipped: impl FnMut(u64, String),
    ) -> io::Result<Coverage> {
        let mut coverage = Coverage::default();
        let mut line = Vec::new();
        let mut number = 0_u64;
        while read_line(&mut input, &mut line, &mut number)? {
            if line.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            match serde_json::from_slice::<Value>(&line) {
                Ok(value) => {
                    coverage.add(value, &mut String::new());
                }
                Err(e) => skipped(number, format!("invalid JSON, skipped: {e}")),
            }
        }
        Ok(coverage)
    }

    /// The counts, by path.
    pub fn counts(&self) -> &[(String, u64)] {
        &self.counts
    }

    /// Writes the counts as Cardinal prints them: one JSON object,
    /// `{"path": count, …}`, then a line break.
    pub fn write_json(&self, out: &mut impl Write) -> io::Result<()> {
        out.write_all(b"{")?;
        for (i, (path, count)) in self.counts.iter().enumerate() {
            if i > 0 {
                out.write_all(b", ")?;
            }
            serde_json::to_writer(&mut *out, path)?;
            write!(out, ": {count}")?;
        }
        out.write_all(b"}\n")
    }

    /// Counts `value` at `path` and below; whether it is non-empty.
    fn add(&mut self, value: Value, path: &mut String) -> bool {
        let depth = path.len();
        let counted = match value {
            Value::Null => false,
            Value::String(s) => !s.is_empty(),
            Value::Bool(_) | Value::Number(_) => true,
            Value::Array(items) => {
                path.push_str("[]");
                let mut any = false;
                for item in items {
                    any |= self.add(item, path);
                }
                path.truncate(depth);
                any
            }
            Value::Object(members) => {
                path.push('/');
                let object = path.len();
                let mut any = false;
                for (name, member) in members {
                    path.push_str(&name);
                    any |= self.add(member, path);
                    path.truncate(object);
                }
                if any {
                    self.increment(path);
                }
                path.truncate(depth);
                any
            }
        };
        if counted {
            self.increment(path);
        }
        counted
    }

    fn increment(&mut self, path: &str) {
        match self.index.get(path) {
            Some(&i) => self.counts[i].1 += 1,
            None => {
                self.index.insert(path.to_owned(), self.counts.len());
                self.counts.push((path.to_owned(), 1));
            }
        }
    }
}

/// `vigie coverage` arguments.
#[derive(Debug, Clone, clap::Args)]
pub struct CoverageArgs {
    /// The file (`-` for standard input), each line JSON text.
    pub file: std::path::PathBuf,
}

/// Runs `vigie coverage`: the counts on standard output, skipped lines on
/// standard error.
pub fn run_coverage(args: &CoverageArgs) -> anyhow::Result<()> {
    use anyhow::Context as _;
    let name = args.file.display().to_string();
    let warn = |line: u64, why: String| eprintln!("{name}:{line}: {why}");
    let coverage =
        Coverage::read(crate::cli::open_input(&args.file)?, warn).with_context(|| name.clone())?;
    let mut out = io::BufWriter::new(io::stdout().lock());
    coverage.write_json(&mut out)?;
    out.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn count(text: &str) -> Vec<(String, u64)> {
        let mut skipped = Vec::new();
        let c = Coverage::read(text.as_bytes(), |n, _| skipped.push(n)).unwrap();
        assert!(skipped.is_empty(), "{skipped:?}");
        c.counts
    }

    fn pairs(expected: &[(&str, u64)]) -> Vec<(String, u64)> {
        expected
            .iter()
            .map(|(p, c)| ((*p).to_owned(), *c))
            .collect()
    }

    /// Cardinal's documentation example, in Cardinal's order.
    #[test]
    fn counts_cardinals_example() {
        let line = r#"{"phoneNumbers":[{"type":"home","number":"212 555-1234"},{"type":"office","number":"646 555-4567"}]}"#;
        let mut got = count(line);
        got.sort();
        let mut expected = pairs(&[
            ("/phoneNumbers[]/type", 2),
            ("/phoneNumbers[]/number", 2),
            ("/phoneNumbers[]/", 2),
            ("/phoneNumbers[]", 2),
            ("/phoneNumbers", 1),
            ("/", 1),
            ("", 1),
        ]);
        expected.sort();
        assert_eq!(got, expected);
    }

    #[test]
    fn empty_nodes_count_nowhere() {
        assert!(count(r#"{"a":"","b":[],"c":{},"d":null,"e":[{"f":""}]}"#).is_empty());
        // Cardinal's caveat: an empty member name shares its object's path.
        assert_eq!(count(r#"{"":0}"#), pairs(&[("/", 2), ("", 1)]));
        assert_eq!(count("\n  \n"), pairs(&[]));
    }

    #[test]
    fn a_line_that_is_not_json_is_skipped_with_its_number() {
        let mut skipped = Vec::new();
        let c = Coverage::read("{\"a\":1}\nnot json\n".as_bytes(), |n, _| skipped.push(n)).unwrap();
        assert_eq!(skipped, [2]);
        assert_eq!(c.counts.len(), 3);
    }

    #[test]
    fn writes_what_cardinal_prints() {
        let c = Coverage::read(r#"{"a":[1]}"#.as_bytes(), |_, _| {}).unwrap();
        let mut out = Vec::new();
        c.write_json(&mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "{\"/a[]\": 1, \"/a\": 1, \"/\": 1, \"\": 1}\n"
        );
        let mut out = Vec::new();
        Coverage::default().write_json(&mut out).unwrap();
        assert_eq!(out, b"{}\n");
    }
}
