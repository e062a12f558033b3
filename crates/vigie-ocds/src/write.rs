//! Writing OCDS: compiled releases as JSON lines (what red-flag tools such as
//! Cardinal read), and release packages, streamed: the header first, then
//! one release at a time, so an export never holds the register in memory.

use std::borrow::Borrow;
use std::io::{self, Write};

use serde::Serialize;
use serde::de::IgnoredAny;
use serde_json::Value;

/// The OCDS version every package this crate writes declares.
pub const OCDS_VERSION: &str = "1.1";

/// The metadata of a release package: what the OCDS package schema
/// requires (`uri`, `publishedDate`, `publisher`, `version`) and what the
/// Open Contracting validator expects of a publisher (`license`,
/// `publicationPolicy`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PackageMeta {
    /// Where this package can be fetched from (a URI, required).
    pub uri: String,
    /// Who publishes it.
    pub publisher: Publisher,
    /// When it was published, RFC 3339 (`2026-11-29T10:00:00Z`).
    pub published_date: String,
    /// The URL of the data's licence.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub license: Option<String>,
    /// The URL of the publication policy (decision 0007's published policies).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub publication_policy: Option<String>,
    /// URLs of the `extension.json` of the extensions used. Left empty by
    /// default: validators fetch them, and Vigie's extension is not
    /// published at a URL yet (its fields pass as additional fields).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub extensions: Vec<String>,
}

/// The publisher of a package.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Publisher {
    /// The publisher's name (required by OCDS).
    pub name: String,
    /// Identifier scheme of `uid` (an org-id.guide prefix).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scheme: Option<String>,
    /// The publisher's identifier in `scheme`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uid: Option<String>,
    /// The publisher's web address.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uri: Option<String>,
}

/// Writes compiled releases as line-delimited JSON, one per line; returns
/// how many were written.
pub fn write_compiled<W, V>(mut w: W, items: impl IntoIterator<Item = V>) -> io::Result<usize>
where
    W: Write,
    V: Borrow<Value>,
{
    let mut count = 0;
    for item in items {
        serde_json::to_writer(&mut w, item.borrow())?;
        w.write_all(b"\n")?;
        count += 1;
    }
    Ok(count)
}

/// [`write_compiled`] for releases the store keeps as JSON text: checked to
/// be one JSON value each, and written as they are, except that a text
/// spread over several lines is made compact (a line is one release).
pub fn write_compiled_text<W, S>(mut w: W, items: impl IntoIterator<Item = S>) -> io::Result<usize>
where
    W: Write,
    S: AsRef<str>,
{
    let mut count = 0;
    for item in items {
        let text = item.as_ref().trim();
        if text.contains('\n') {
            let value: Value = serde_json::from_str(text).map_err(io::Error::other)?;
            serde_json::to_writer(&mut w, &value)?;
        } else {
            serde_json::from_str::<IgnoredAny>(text).map_err(io::Error::other)?;
            w.write_all(text.as_bytes())?;
        }
        w.write_all(b"\n")?;
        count += 1;
    }
    Ok(count)
}

/// Writes a release package: `meta`, `"version": "1.1"`, then `releases`
/// one by one as they come; returns how many were written.
pub fn write_release_package<W, V>(
    mut w: W,
    meta: &PackageMeta,
    releases: impl IntoIterator<Item = V>,
) -> io::Result<usize>
where
    W: Write,
    V: Borrow<Value>,
{
    let header = serde_json::to_string(meta)?;
    let header = header.strip_suffix('}').unwrap_or(&header);
    write!(w, "{header},\"version\":\"{OCDS_VERSION}\",\"releases\":[")?;
    let mut count = 0;
    for release in releases {
        if count > 0 {
            w.write_all(b",\n")?;
        } else {
            w.write_all(b"\n")?;
        }
        serde_json::to_writer(&mut w, release.borrow())?;
        count += 1;
    }
    w.write_all(b"\n]}\n")?;
    Ok(count)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn meta() -> PackageMeta {
        PackageMeta {
            uri: "https://vigie.example/ocds/bf.json".into(),
            publisher: Publisher {
                name: "Vigie".into(),
                scheme: None,
                uid: None,
                uri: None,
            },
            published_date: "2026-11-29T10:00:00Z".into(),
            license: Some("https://creativecommons.org/licenses/by/4.0/".into()),
            publication_policy: None,
            extensions: Vec::new(),
        }
    }

    #[test]
    fn a_package_is_one_json_document_with_the_required_fields() {
        let releases = [
            json!({"ocid": "a", "id": "1"}),
            json!({"ocid": "b", "id": "2"}),
        ];
        let mut out = Vec::new();
        assert_eq!(
            write_release_package(&mut out, &meta(), &releases).unwrap(),
            2
        );
        let package: Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(package["version"], "1.1");
        assert_eq!(package["publisher"]["name"], "Vigie");
        assert_eq!(package["publishedDate"], "2026-11-29T10:00:00Z");
        assert_eq!(package["releases"].as_array().unwrap().len(), 2);
        assert!(package.get("publicationPolicy").is_none());

        let mut empty = Vec::new();
        write_release_package(&mut empty, &meta(), Vec::<Value>::new()).unwrap();
        let package: Value = serde_json::from_slice(&empty).unwrap();
        assert_eq!(package["releases"], json!([]));
    }

    #[test]
    fn compiled_releases_are_one_per_line() {
        let mut out = Vec::new();
        write_compiled(&mut out, [json!({"ocid": "a"}), json!({"ocid": "b"})]).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "{\"ocid\":\"a\"}\n{\"ocid\":\"b\"}\n"
        );

        let mut out = Vec::new();
        write_compiled_text(&mut out, ["{\"ocid\": \"a\"}", "{\n  \"ocid\": \"b\"\n}\n"]).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "{\"ocid\": \"a\"}\n{\"ocid\":\"b\"}\n"
        );
        assert!(write_compiled_text(Vec::new(), ["{\"ocid\""]).is_err());
    }
}
