//! Reading OCDS as a stream: one release in memory at a time, whatever the
//! size of the file.
//!
//! A package is one JSON object whose `releases` or `records` array may hold
//! gigabytes, so it is never parsed whole: a `serde` visitor walks the
//! package's top-level keys and, inside `releases`/`records`, parses one
//! element at a time into a `serde_json::Value` that is handed to the
//! caller and dropped. The other top-level keys (`uri`, `publisher`, …) are
//! small and are kept only until the end of the object, which is also how a
//! file holding a single release is recognised: an object with neither
//! `releases` nor `records`. A file may hold several top-level values one
//! after the other (line-delimited JSON); each is read the same way.
//!
//! What is recognised, and what each yields:
//! - release package `{"releases": [...]}`: each release;
//! - record package `{"records": [...]}`: each record's embedded releases, or
//!   its `compiledRelease` when it only links to its releases;
//! - a single record `{"releases": [...], "compiledRelease": {...}}` (as some
//!   publishers serve one process): the same as one record of a package;
//! - a single release object, or one per line: the release;
//! - a JSON array of releases: each release.
//!
//! A package that declares OCDS 1.0 (`"version": "1.0"`) is refused by
//! [`read_each`]: Vigie stores 1.1 only, and a strict import wants 1.0 data
//! upgraded first (for example with `ocdskit upgrade 1.0:1.1`);
//! [`read_each_lenient`] reads it as 1.1 and says so. Releases carry no version, so a
//! bare 1.0 release is read and left to schema validation.
//!
//! Broken JSON ends the reading with one error naming line and column: a
//! streaming parser cannot find the next value reliably after it.

use std::cell::Cell;
use std::fmt;
use std::io::{self, BufRead, Read};
use std::rc::Rc;

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

use crate::error::{Location, OcdsError};

/// One release read from a file, and where it was.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    /// The release (or a record's compiled release), as published.
    pub value: Value,
    /// Its line, or its pointer inside the package.
    pub location: Location,
}

/// Reads every release of `input`, handing each (or each error) to `each`
/// as soon as it is parsed; `each` stops the reading by returning `Err`,
/// which is returned. `file_name` is only used in errors.
pub fn read_each<R, E, F>(file_name: &str, input: R, each: F) -> Result<(), E>
where
    R: BufRead,
    F: FnMut(Result<Item, OcdsError>) -> Result<(), E>,
{
    read_inner(file_name, input, false, each, None::<NoLines<E>>).map(drop)
}

/// [`read_each`] that reads a package declaring OCDS 1.0 as 1.1 (1.0's
/// fields are in 1.1, some deprecated, and validation says what is not)
/// instead of refusing it; returns what it read past that way, as warnings.
pub fn read_each_lenient<R, E, F>(file_name: &str, input: R, each: F) -> Result<Vec<OcdsError>, E>
where
    R: BufRead,
    F: FnMut(Result<Item, OcdsError>) -> Result<(), E>,
{
    read_inner(file_name, input, true, each, None::<NoLines<E>>)
}

/// [`read_each`] (or, `lenient`, [`read_each_lenient`]) that leaves the
/// parsing of lone releases to the caller: a line that holds one release
/// (a JSON object that is not a package, a record or a versioned document)
/// goes to `line` unparsed, checked only to be one such value (a parse
/// that builds nothing, several times cheaper), and the caller parses it
/// with [`Line::parse`] where it uses it, on another thread for instance,
/// so that the thread that reads a file of JSON lines is not the one that
/// parses every release of it. Everything else (packages, records, arrays,
/// a document spread over lines, a line that cannot be read) is read here
/// and handed to `each` as [`read_each`] does: the same items, errors and
/// notes, in the same order once the lines are parsed in theirs.
pub fn read_each_deferred<R, E, F, L>(
    file_name: &str,
    input: R,
    lenient: bool,
    each: F,
    line: L,
) -> Result<Vec<OcdsError>, E>
where
    R: BufRead,
    F: FnMut(Result<Item, OcdsError>) -> Result<(), E>,
    L: FnMut(Line) -> Result<(), E>,
{
    read_inner(file_name, input, lenient, each, Some(line))
}

/// A line of a JSON-lines file holding one release, not parsed yet
/// ([`read_each_deferred`]).
#[derive(Debug)]
pub struct Line {
    text: Vec<u8>,
    number: u64,
}

impl Line {
    /// What [`read_each`] hands out for this line: its release (or, if a
    /// string of it is not UTF-8, the error).
    pub fn parse(self, file_name: &str) -> Result<Item, OcdsError> {
        let parsed = match std::str::from_utf8(&self.text) {
            Ok(text) => serde_json::from_str(text),
            Err(_) => serde_json::from_slice(&self.text),
        };
        match parsed {
            Ok(value) => Ok(Item {
                value,
                location: Location::Line(self.number),
            }),
            Err(error) => Err(json_error_at(file_name, &error, self.number - 1)),
        }
    }
}

/// Whether `line` is one lone release, read without building it: an object
/// with none of the keys that make the reader treat it otherwise
/// (`releases`, `records`, `compiledRelease`, `version`). The check stops at
/// the first such key; anything else (an array, a scalar, broken or
/// unfinished JSON) is not one, and the reader parses it itself.
fn lone_release(line: &[u8]) -> bool {
    let mut de = serde_json::Deserializer::from_slice(line);
    matches!(
        LoneRelease
            .deserialize(&mut de)
            .and_then(|lone| de.end().map(|()| lone)),
        Ok(true)
    )
}

/// [`lone_release`]'s visitor: objects only.
struct LoneRelease;

impl<'de> DeserializeSeed<'de> for LoneRelease {
    type Value = bool;
    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<bool, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for LoneRelease {
    type Value = bool;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<bool, A::Error> {
        while let Some(special) = map.next_key_seed(SpecialKey)? {
            if special {
                return Ok(false);
            }
            map.next_value::<de::IgnoredAny>()?;
        }
        Ok(true)
    }
}

/// Whether an object's key is one the reader handles itself.
struct SpecialKey;

impl<'de> DeserializeSeed<'de> for SpecialKey {
    type Value = bool;
    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<bool, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl Visitor<'_> for SpecialKey {
    type Value = bool;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a key")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<bool, E> {
        Ok(matches!(
            key,
            "releases" | "records" | "compiledRelease" | "version"
        ))
    }
}

/// One line's value through the visitors: the text checked as UTF-8 whole
/// once, not string by string (and, if it is not, parsed from bytes so
/// that the error says where).
fn parse_line<F, E>(ctx: &mut Ctx<'_, F, E>, line: &[u8]) -> Result<(), serde_json::Error>
where
    F: FnMut(Result<Item, OcdsError>) -> Result<(), E>,
{
    match std::str::from_utf8(line) {
        Ok(text) => {
            let mut de = serde_json::Deserializer::from_str(text);
            Top(ctx).deserialize(&mut de).and_then(|()| de.end())
        }
        Err(_) => {
            let mut de = serde_json::Deserializer::from_slice(line);
            Top(ctx).deserialize(&mut de).and_then(|()| de.end())
        }
    }
}

/// The line callback of the readers that parse every line themselves.
type NoLines<E> = fn(Line) -> Result<(), E>;

fn read_inner<R, E, F, L>(
    file_name: &str,
    input: R,
    lenient: bool,
    each: F,
    mut deferred: Option<L>,
) -> Result<Vec<OcdsError>, E>
where
    R: BufRead,
    F: FnMut(Result<Item, OcdsError>) -> Result<(), E>,
    L: FnMut(Line) -> Result<(), E>,
{
    let mut ctx = Ctx {
        file: file_name,
        each,
        stopped: None,
        emitted: 0,
        skip: 0,
        line: 1,
        multi: false,
        refused: false,
        lenient,
        notes: Vec::new(),
    };
    let mut values = 0u64;
    let mut input = input;
    // JSON lines, the common case, one line at a time from a slice (several
    // times faster than from a reader). The first line that is not a whole
    // JSON value (a document spread over lines) or is too long to hold (a
    // package on one line) goes, with the rest, to the streaming parser.
    let mut line = Vec::new();
    let mut number = 0u64;
    let rest = loop {
        line.clear();
        let read = (&mut input)
            .take(MAX_LINE as u64)
            .read_until(b'\n', &mut line);
        match read {
            Ok(0) => break None,
            Ok(_) => {}
            Err(e) => {
                let error =
                    OcdsError::new(file_name, Location::File, "", format!("cannot read: {e}"));
                (ctx.each)(Err(error))?;
                return Ok(ctx.notes);
            }
        }
        number += 1;
        let whole = line.ends_with(b"\n") || line.len() < MAX_LINE;
        if line.iter().all(u8::is_ascii_whitespace) && whole {
            continue;
        }
        if !whole {
            break Some(number - 1);
        }
        // Deferred: a line that is a lone release goes out unparsed; any
        // other is parsed here. (After a refused package, nothing goes out.)
        if let Some(deferred) = deferred.as_mut().filter(|_| !ctx.refused)
            && lone_release(&line)
        {
            let next = Vec::with_capacity(line.len() + line.len() / 4);
            deferred(Line {
                text: std::mem::replace(&mut line, next),
                number,
            })?;
            values += 1;
            continue;
        }
        ctx.line = number;
        ctx.multi = values > 0;
        let before = (ctx.emitted, ctx.notes.len(), ctx.refused);
        if let Err(error) = parse_line(&mut ctx, &line) {
            if let Some(stopped) = ctx.stopped.take() {
                return Err(stopped);
            }
            if error.is_eof() {
                // Not a whole value (a document spread over lines): streamed
                // from this line, what this line already handed out (a
                // package's releases, one a line) skipped, not handed twice.
                ctx.skip = ctx.emitted - before.0;
                ctx.notes.truncate(before.1);
                ctx.refused = before.2;
                break Some(number - 1);
            }
            (ctx.each)(Err(json_error_at(file_name, &error, number - 1)))?;
            return Ok(ctx.notes);
        }
        values += 1;
    };
    if let Some(before) = rest {
        let newlines = Rc::new(Cell::new(before));
        let reader = Counting {
            inner: std::io::Cursor::new(std::mem::take(&mut line)).chain(input),
            newlines: Rc::clone(&newlines),
        };
        let mut de = serde_json::Deserializer::from_reader(reader);
        // `end` skips white space and fails when something follows: another value.
        while de.end().is_err() {
            ctx.line = newlines.get() + 1;
            ctx.multi = values > 0;
            if let Err(error) = Top(&mut ctx).deserialize(&mut de) {
                if let Some(stopped) = ctx.stopped.take() {
                    return Err(stopped);
                }
                (ctx.each)(Err(json_error_at(file_name, &error, before)))?;
                return Ok(ctx.notes);
            }
            values += 1;
        }
    }
    if values == 0 {
        let error = OcdsError::new(file_name, Location::File, "", "empty file: no OCDS data");
        if lenient {
            ctx.notes.push(error);
        } else {
            (ctx.each)(Err(error))?;
        }
    }
    Ok(ctx.notes)
}

/// The same as [`read_each`], as an iterator: a thread parses `input` and
/// hands the items over through a small bounded channel, so memory stays
/// bounded; dropping the iterator stops the thread at its next item.
pub fn read<R>(file_name: &str, input: R) -> impl Iterator<Item = Result<Item, OcdsError>> + use<R>
where
    R: BufRead + Send + 'static,
{
    let (sender, receiver) = std::sync::mpsc::sync_channel(16);
    let file_name = file_name.to_owned();
    std::thread::spawn(move || read_each(&file_name, input, |item| sender.send(item)));
    receiver.into_iter()
}

/// The longest line read whole on the JSON-lines path; a longer one (a
/// package on one line) is streamed.
const MAX_LINE: usize = 64 * 1024 * 1024;

/// Turns a `serde_json` error into the file's error: syntax errors name line
/// (`lines_before` the text the parser saw) and column, read errors the file.
fn json_error_at(file: &str, error: &serde_json::Error, lines_before: u64) -> OcdsError {
    if error.is_io() {
        return OcdsError::new(file, Location::File, "", format!("cannot read: {error}"));
    }
    let text = error.to_string();
    let reason = text
        .rsplit_once(" at line ")
        .map_or(text.as_str(), |(reason, _)| reason);
    let location = Location::LineColumn(lines_before + error.line() as u64, error.column() as u64);
    OcdsError::new(file, location, "", format!("invalid JSON: {reason}"))
}

/// A reader that counts the line breaks it has handed out, so that the line
/// a top-level value starts on is known (`serde_json` does not expose it).
struct Counting<R> {
    inner: R,
    newlines: Rc<Cell<u64>>,
}

impl<R: BufRead> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let read = self.inner.read(buf)?;
        let lines = buf[..read].iter().filter(|&&b| b == b'\n').count() as u64;
        self.newlines.set(self.newlines.get() + lines);
        Ok(read)
    }
}

/// What the visitors share: the callback, and where the current value is.
struct Ctx<'f, F, E> {
    file: &'f str,
    each: F,
    /// The callback's `Err`, kept while the parse unwinds.
    stopped: Option<E>,
    /// Items (and errors) handed out so far, or skipped.
    emitted: u64,
    /// Items still to skip: those handed out before a line was found not to
    /// be a whole value, read again by the streaming parser.
    skip: u64,
    /// The line the current top-level value starts on.
    line: u64,
    /// Whether the current top-level value is the second or a later one.
    multi: bool,
    /// The package declared OCDS 1.0: its releases are not handed out.
    refused: bool,
    /// Read OCDS 1.0 as 1.1, noting it, rather than refuse it.
    lenient: bool,
    /// What was read past.
    notes: Vec<OcdsError>,
}

impl<F, E> Ctx<'_, F, E>
where
    F: FnMut(Result<Item, OcdsError>) -> Result<(), E>,
{
    fn pointer(&self, pointer: String) -> Location {
        Location::in_package(self.line, self.multi, pointer)
    }

    /// Hands one item over; a `serde` error stops the parse if the callback
    /// said stop.
    fn emit<D: de::Error>(&mut self, item: Result<Item, OcdsError>) -> Result<(), D> {
        self.emitted += 1;
        if self.skip > 0 {
            self.skip -= 1;
            return Ok(());
        }
        if self.refused {
            return Ok(());
        }
        (self.each)(item).map_err(|stop| {
            self.stopped = Some(stop);
            D::custom("stopped by the caller")
        })
    }

    fn release<D: de::Error>(&mut self, value: Value, location: Location) -> Result<(), D> {
        let item = if value.is_object() {
            Ok(Item { value, location })
        } else {
            let reason = format!("expected a release (a JSON object), found {}", kind(&value));
            Err(OcdsError::new(self.file, location, "", reason))
        };
        self.emit(item)
    }

    fn refuse<D: de::Error>(&mut self, version: &str) -> Result<(), D> {
        if self.lenient {
            let reason = format!("OCDS {version} package read as OCDS 1.1");
            let note = OcdsError::new(self.file, Location::File, "/version", reason);
            if !self.notes.contains(&note) {
                self.notes.push(note);
            }
            return Ok(());
        }
        let reason = format!(
            "OCDS {version} is not supported: Vigie reads OCDS 1.1; upgrade the file first (e.g. `ocdskit upgrade 1.0:1.1`)"
        );
        let error = OcdsError::new(self.file, Location::File, "", reason);
        let result = self.emit(Err(error));
        self.refused = true;
        result
    }

    /// A record: its embedded releases, or else its compiled release.
    fn record<D: de::Error>(&mut self, mut record: Value, at: &str) -> Result<(), D> {
        let releases = match record.get_mut("releases").map(Value::take) {
            Some(Value::Array(releases)) => releases,
            _ => Vec::new(),
        };
        let mut embedded = 0;
        for (index, release) in releases.into_iter().enumerate() {
            if !is_linked(&release) {
                embedded += 1;
                self.release(release, self.pointer(format!("{at}/releases/{index}")))?;
            }
        }
        if embedded == 0 {
            return self.compiled(record.get_mut("compiledRelease").map(Value::take), at);
        }
        Ok(())
    }

    fn compiled<D: de::Error>(&mut self, compiled: Option<Value>, at: &str) -> Result<(), D> {
        let location = self.pointer(format!("{at}/compiledRelease"));
        match compiled {
            Some(compiled) => self.release(compiled, location),
            None => {
                let reason = "record has neither embedded releases nor a compiledRelease";
                let location = self.pointer(if at.is_empty() { "/".into() } else { at.into() });
                let error = OcdsError::new(self.file, location, "", reason);
                if self.lenient {
                    // Its releases are elsewhere (linked): nothing here to read.
                    let mut note = error;
                    note.reason = format!(
                        "{reason}: its releases are only linked, nothing to import from it"
                    );
                    self.notes.push(note);
                    return Ok(());
                }
                self.emit(Err(error))
            }
        }
    }
}

/// A linked release (`{"url", "date", "tag"}`) only points to a release.
fn is_linked(release: &Value) -> bool {
    release.get("url").is_some() && release.get("id").is_none()
}

pub(crate) fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// One top-level value of the file.
struct Top<'c, 'f, F, E>(&'c mut Ctx<'f, F, E>);

impl<'de, F, E> DeserializeSeed<'de> for Top<'_, '_, F, E>
where
    F: FnMut(Result<Item, OcdsError>) -> Result<(), E>,
{
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de, F, E> Visitor<'de> for Top<'_, '_, F, E>
where
    F: FnMut(Result<Item, OcdsError>) -> Result<(), E>,
{
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an OCDS package, record or release (a JSON object)")
    }

    /// A bare array of releases.
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<(), A::Error> {
        Elements {
            ctx: self.0,
            at: "",
            records: false,
        }
        .visit_seq(seq)
        .map(drop)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let ctx = self.0;
        let mut rest = Map::new();
        let mut package = false;
        let mut embedded = 0;
        let mut compiled = None;
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "releases" | "records" => {
                    package = true;
                    let records = key == "records";
                    let at = format!("/{key}");
                    embedded += map.next_value_seed(Elements {
                        ctx: &mut *ctx,
                        at: &at,
                        records,
                    })?;
                }
                "compiledRelease" => compiled = Some(map.next_value::<Value>()?),
                _ => {
                    let value = map.next_value::<Value>()?;
                    let old = value.as_str().filter(|v| v.starts_with("1.0"));
                    if let Some(version) = old.filter(|_| key == "version") {
                        ctx.refuse(version)?;
                    }
                    rest.insert(key, value);
                }
            }
        }
        if !package {
            let location = Location::Line(ctx.line);
            return ctx.release(Value::Object(rest), location);
        }
        // A single record whose releases were all linked: its compiled release.
        if compiled.is_some() && embedded == 0 {
            return ctx.compiled(compiled, "");
        }
        Ok(())
    }
}

/// The `releases` or `records` array, one element at a time.
struct Elements<'c, 'f, 'a, F, E> {
    ctx: &'c mut Ctx<'f, F, E>,
    at: &'a str,
    records: bool,
}

/// Its value is the number of releases handed out (records excepted).
impl<'de, F, E> DeserializeSeed<'de> for Elements<'_, '_, '_, F, E>
where
    F: FnMut(Result<Item, OcdsError>) -> Result<(), E>,
{
    type Value = usize;
    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<usize, D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de, F, E> Visitor<'de> for Elements<'_, '_, '_, F, E>
where
    F: FnMut(Result<Item, OcdsError>) -> Result<(), E>,
{
    type Value = usize;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "an array at {}",
            if self.at.is_empty() { "/" } else { self.at }
        )
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<usize, A::Error> {
        let mut index = 0usize;
        let mut embedded = 0;
        while let Some(value) = seq.next_element::<Value>()? {
            let at = format!("{}/{index}", self.at);
            if self.records {
                self.ctx.record(value, &at)?;
            } else if !is_linked(&value) {
                let location = self.ctx.pointer(at);
                self.ctx.release(value, location)?;
                embedded += 1;
            }
            index += 1;
        }
        Ok(embedded)
    }
}
