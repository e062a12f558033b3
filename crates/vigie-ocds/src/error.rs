//! The one error this crate reports, written for the person who will fix the
//! file, in the house style of `vigie-import`: which file, where in it, which
//! field, and why.

use std::fmt;

/// Where in a file an item (a release) or a problem is.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Location {
    /// The 1-based line a top-level JSON value starts on: a line of a
    /// line-delimited file, or a file holding one release.
    Line(u64),
    /// Line and column (both 1-based) of a syntax error, as `serde_json`
    /// counts them: the only place there is when the JSON is broken.
    LineColumn(u64, u64),
    /// The item's JSON pointer inside a package (`/releases/17`,
    /// `/records/3/compiledRelease`). When the package is one line of a
    /// line-delimited file, `line` says which (it is `None` otherwise).
    Pointer {
        /// The line the package starts on, if the file held several values.
        line: Option<u64>,
        /// The pointer of the item inside the package.
        pointer: String,
    },
    /// The file as a whole (empty, not OCDS, unsupported version).
    File,
}

impl Location {
    /// A pointer inside a package that starts on `line` of the file; the line
    /// is kept only for the second and later values of a file, because a
    /// single package is found by its pointer alone.
    pub(crate) fn in_package(line: u64, multi: bool, pointer: String) -> Self {
        Location::Pointer {
            line: multi.then_some(line),
            pointer,
        }
    }
}

/// One problem: file, place, JSON path inside the release, reason.
///
/// Displayed the way compilers report errors, so that editors and people
/// alike find the place: `awards.jsonl:12: /tender/value/amount: …`,
/// `package.json:/releases/17/tender/value/amount: …`,
/// `broken.json:3:14: invalid JSON: …`, `old.json: OCDS 1.0 …`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OcdsError {
    /// The file's name, as given to the reader.
    pub file: String,
    /// Where the release (or the syntax error) is in the file.
    pub location: Location,
    /// The JSON pointer of the offending field inside the release
    /// (`/tender/value/amount`), or empty when the problem is the whole item.
    pub json_path: String,
    /// What is wrong, quoting the value where it helps.
    pub reason: String,
}

impl OcdsError {
    pub(crate) fn new(
        file: &str,
        location: Location,
        json_path: impl Into<String>,
        reason: impl Into<String>,
    ) -> Self {
        OcdsError {
            file: file.to_owned(),
            location,
            json_path: json_path.into(),
            reason: reason.into(),
        }
    }
}

impl fmt::Display for OcdsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.file)?;
        match &self.location {
            Location::Line(line) => {
                write!(f, ":{line}")?;
                if !self.json_path.is_empty() {
                    write!(f, ": {}", self.json_path)?;
                }
            }
            Location::LineColumn(line, column) => write!(f, ":{line}:{column}")?,
            Location::Pointer { line, pointer } => {
                if let Some(line) = line {
                    write!(f, ":{line}")?;
                }
                write!(f, ":{pointer}{}", self.json_path)?;
            }
            Location::File => {
                if !self.json_path.is_empty() {
                    write!(f, ":{}", self.json_path)?;
                }
            }
        }
        write!(f, ": {}", self.reason)
    }
}

impl std::error::Error for OcdsError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn displays_like_a_compiler() {
        let at = |location, path: &str| OcdsError::new("f.json", location, path, "why").to_string();
        assert_eq!(
            at(Location::Line(12), "/tender/value/amount"),
            "f.json:12: /tender/value/amount: why"
        );
        assert_eq!(at(Location::Line(3), ""), "f.json:3: why");
        assert_eq!(at(Location::LineColumn(3, 14), ""), "f.json:3:14: why");
        let package = Location::in_package(1, false, "/releases/17".into());
        assert_eq!(
            at(package, "/tender/value/amount"),
            "f.json:/releases/17/tender/value/amount: why"
        );
        let line = Location::in_package(4, true, "/releases/0".into());
        assert_eq!(at(line, "/id"), "f.json:4:/releases/0/id: why");
        assert_eq!(at(Location::File, ""), "f.json: why");
    }
}
