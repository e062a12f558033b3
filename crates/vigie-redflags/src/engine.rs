//! Reading and evaluation. The calling thread reads the input in large
//! batches of whole lines; workers (one per core) parse each line into the
//! borrowed model and fold it into their own `Partial`; batches go through a
//! bounded channel and their buffers come back to be reused, so memory stays
//! bounded by (workers + queue) × batch size. Partials merge at the end.

use std::fmt;
use std::io::{BufRead, Read};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, SyncSender, channel, sync_channel};
use std::sync::{Arc, Mutex};

use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use crate::error::Error;
use crate::indicators::Ctx;
use crate::model::Release;
use crate::partial::Partial;

/// Bytes per batch: large enough to amortize the channel, small enough
/// that (workers + queue) batches stay a few megabytes; and larger than
/// the input's own buffer (`cli::open_input`), so that each read goes
/// straight into the batch instead of through that buffer.
const BATCH: usize = 512 << 10;

/// A line's top-level value: a release if it is an object, else nothing (skipped).
struct Top<'a>(Option<Release<'a>>);

impl<'de: 'a, 'a> Deserialize<'de> for Top<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V<'a>(std::marker::PhantomData<&'a ()>);
        impl<'de: 'a, 'a> Visitor<'de> for V<'a> {
            type Value = Top<'a>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON value")
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                Release::deserialize(de::value::MapAccessDeserializer::new(map))
                    .map(|r| Top(Some(r)))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(Top(None))
            }
            fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
                Ok(Top(None))
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
                Ok(Top(None))
            }
            fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
                Ok(Top(None))
            }
            fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
                Ok(Top(None))
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
                Ok(Top(None))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(Top(None))
            }
        }
        deserializer.deserialize_any(V(std::marker::PhantomData))
    }
}

/// What to do with each line.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Mode<'c> {
    Evaluate(&'c Ctx<'c>),
    /// Only check that each line is JSON (the cost of reading, for benchmarks).
    ParseOnly,
}

/// Describes a bad line, with its JSON path when serde can tell (re-parsed, on the error path only).
fn describe(bytes: &[u8], error: &serde_json::Error) -> String {
    if std::str::from_utf8(bytes).is_err() {
        return "not valid UTF-8".to_owned();
    }
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    match serde_path_to_error::deserialize::<_, serde_json::Value>(&mut deserializer) {
        Err(e) if !matches!(e.path().to_string().as_str(), "." | "?") => {
            format!("{} (at {})", e.inner(), e.path())
        }
        _ => error.to_string(),
    }
}

/// Evaluates one line into the partial.
pub(crate) fn line(mode: Mode<'_>, strict: bool, bytes: &[u8], number: u64, partial: &mut Partial) {
    partial.lines += 1;
    let bytes = bytes.strip_suffix(b"\r").unwrap_or(bytes);
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return;
    }
    let outcome = match mode {
        Mode::ParseOnly => serde_json::from_slice::<IgnoredAny>(bytes).map(|_| ()),
        Mode::Evaluate(ctx) => match serde_json::from_slice::<Top<'_>>(bytes) {
            Ok(top) => {
                if let Some(release) = top.0 {
                    ctx.fold(&release, number, partial);
                }
                Ok(())
            }
            Err(error) => retry(ctx, bytes, number, partial).ok_or(error),
        },
    };
    if let Err(error) = outcome {
        let message = describe(bytes, &error);
        if strict {
            if partial.error.is_none() {
                partial.error = Some((number, message));
            }
        } else {
            partial
                .warnings
                .push(format!("line {number}: invalid JSON, skipped: {message}"));
        }
    }
}

/// Valid JSON that the typed model refused can only have a repeated key
/// (serde's derive rejects those); Cardinal keeps the last value, and so does
/// a `serde_json::Value` written back out. Only on this rare path.
fn retry(ctx: &Ctx<'_>, bytes: &[u8], number: u64, partial: &mut Partial) -> Option<()> {
    let text = serde_json::from_slice::<serde_json::Value>(bytes)
        .ok()?
        .to_string();
    let top = serde_json::from_str::<Top<'_>>(&text).ok()?;
    if let Some(release) = top.0 {
        ctx.fold(&release, number, partial);
    }
    Some(())
}

/// Evaluates a batch of whole lines, the first being line `first`.
fn batch(mode: Mode<'_>, strict: bool, data: &[u8], first: u64, partial: &mut Partial) {
    let mut number = first;
    let mut start = 0;
    for end in memchr::memchr_iter(b'\n', data) {
        line(mode, strict, &data[start..end], number, partial);
        number += 1;
        start = end + 1;
    }
    if start < data.len() {
        line(mode, strict, &data[start..], number, partial);
    }
}

struct Batch {
    first: u64,
    /// The buffer, kept at its full length once zeroed (a recycled buffer
    /// is never zeroed again); the batch is its first `len` bytes.
    data: Vec<u8>,
    len: usize,
}

fn worker(
    mode: Mode<'_>,
    strict: bool,
    queue: &Mutex<Receiver<Batch>>,
    recycle: &std::sync::mpsc::Sender<Vec<u8>>,
    stop: &AtomicBool,
) -> Partial {
    let mut partial = Partial::default();
    loop {
        let next = match queue.lock() {
            Ok(receiver) => receiver.recv(),
            Err(_) => break,
        };
        let Ok(Batch { first, data, len }) = next else {
            break;
        };
        batch(mode, strict, &data[..len], first, &mut partial);
        if partial.error.is_some() {
            stop.store(true, Ordering::Relaxed);
        }
        let _ = recycle.send(data);
    }
    partial
}

/// Reads the next batch into `data`: first `carry`, the unfinished line
/// the previous batch left, then straight from `input` until `data` is
/// full or the input ends, cut after the last line end; what follows goes
/// back to `carry`. A line longer than `data` grows it. Returns the
/// batch's length, 0 at the end of the input.
fn fill<R: Read>(input: &mut R, data: &mut Vec<u8>, carry: &mut Vec<u8>) -> std::io::Result<usize> {
    if data.len() < carry.len() + BATCH {
        data.resize(carry.len() + BATCH, 0);
    }
    data[..carry.len()].copy_from_slice(carry);
    let mut filled = carry.len();
    carry.clear();
    loop {
        while filled < data.len() {
            match input.read(&mut data[filled..]) {
                Ok(0) => return Ok(filled),
                Ok(n) => filled += n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        if let Some(end) = memchr::memrchr(b'\n', data) {
            carry.extend_from_slice(&data[end + 1..]);
            return Ok(end + 1);
        }
        data.resize(data.len() + BATCH, 0);
    }
}

/// Reads all of `input` on this thread and evaluates it on `threads` workers.
pub(crate) fn run<R: BufRead>(
    mut input: R,
    mode: Mode<'_>,
    strict: bool,
    threads: usize,
) -> Result<Partial, Error> {
    let stop = AtomicBool::new(false);
    let (sender, receiver): (SyncSender<Batch>, Receiver<Batch>) = sync_channel(threads);
    let queue = Arc::new(Mutex::new(receiver));
    let (recycle, recycled) = channel::<Vec<u8>>();
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                let queue = Arc::clone(&queue);
                let recycle = recycle.clone();
                let stop = &stop;
                scope.spawn(move || worker(mode, strict, &queue, &recycle, stop))
            })
            .collect();
        let mut next_line = 1_u64;
        let mut read_error = None;
        let mut carry = Vec::new();
        while !stop.load(Ordering::Relaxed) {
            let mut data = recycled.try_recv().unwrap_or_default();
            let len = match fill(&mut input, &mut data, &mut carry) {
                Ok(0) => break,
                Ok(len) => len,
                Err(e) => {
                    read_error = Some(e);
                    break;
                }
            };
            let batch = &data[..len];
            let lines = memchr::memchr_iter(b'\n', batch).count() as u64
                + u64::from(!batch.ends_with(b"\n"));
            let first = next_line;
            next_line += lines;
            if sender.send(Batch { first, data, len }).is_err() {
                break;
            }
        }
        drop(sender);
        // The first worker's partial is the total (moved, not copied); the
        // others merge into it. Order is restored by line below.
        let mut total = handles
            .into_iter()
            .map(|handle| {
                handle
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .reduce(|mut total, partial| {
                total.merge(partial);
                total
            })
            .unwrap_or_default();
        if let Some(e) = read_error {
            return Err(Error::Io(e));
        }
        if let Some((line, message)) = total.error.take() {
            return Err(Error::Line { line, message });
        }
        total.sort();
        Ok(total)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A reader that hands out at most `step` bytes a read, as a pipe may.
    struct Trickle<'a> {
        rest: &'a [u8],
        step: usize,
    }

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let n = self.step.min(buf.len()).min(self.rest.len());
            buf[..n].copy_from_slice(&self.rest[..n]);
            self.rest = &self.rest[n..];
            Ok(n)
        }
    }

    /// Every batch is whole lines, and together they are the input, byte
    /// for byte: whatever the reads' sizes, with a line longer than a
    /// batch, and a last line without its line end.
    #[test]
    fn batches_are_whole_lines_and_lose_nothing() {
        let mut input = Vec::new();
        for n in 0..3000 {
            input.extend_from_slice(
                format!("{{\"n\":{n},\"pad\":\"{}\"}}\n", "x".repeat(n % 700)).as_bytes(),
            );
        }
        input.extend_from_slice(&vec![b'y'; 2 * BATCH + 17]);
        input.extend_from_slice(b"\n{\"last\":true}");
        for step in [7, 4096, usize::MAX] {
            let mut reader = Trickle { rest: &input, step };
            let (mut data, mut carry, mut seen) = (Vec::new(), Vec::new(), Vec::new());
            let mut batches = 0;
            loop {
                let len = fill(&mut reader, &mut data, &mut carry).unwrap();
                if len == 0 {
                    break;
                }
                let batch = &data[..len];
                assert!(
                    batch.ends_with(b"\n") || batch.ends_with(b"{\"last\":true}"),
                    "step {step}"
                );
                seen.extend_from_slice(batch);
                batches += 1;
            }
            assert_eq!(seen, input, "step {step}");
            assert!(batches > 3, "step {step}: {batches}");
        }
    }
}
