//! Reading every file shape, from the real fixtures and from made-up text.

use std::fs::File;
use std::io::BufReader;

use serde_json::json;
use vigie_ocds::{Item, Location, OcdsError, read, read_each};

fn fixture(name: &str) -> BufReader<File> {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    BufReader::new(File::open(path).unwrap())
}

fn all(name: &str, input: impl std::io::BufRead) -> (Vec<Item>, Vec<OcdsError>) {
    let (mut items, mut errors) = (Vec::new(), Vec::new());
    read_each(name, input, |item| -> Result<(), ()> {
        match item {
            Ok(item) => items.push(item),
            Err(error) => errors.push(error),
        }
        Ok(())
    })
    .unwrap();
    (items, errors)
}

fn text(name: &str, text: &str) -> (Vec<Item>, Vec<OcdsError>) {
    all(name, text.as_bytes())
}

#[test]
fn a_release_package_yields_its_releases_by_pointer() {
    let (items, errors) = all("p.json", fixture("release-package.json"));
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(items.len(), 1);
    assert_eq!(
        items[0].location,
        Location::Pointer {
            line: None,
            pointer: "/releases/0".into()
        }
    );
    assert_eq!(items[0].value["ocid"], "ocds-xs1qbl-SFIN-03-0001-00-2017");
}

#[test]
fn a_record_yields_its_embedded_releases_not_its_compiled_release() {
    let (items, errors) = all("r.json", fixture("record-cdmx.json"));
    assert!(errors.is_empty(), "{errors:?}");
    let pointers: Vec<String> = items.iter().map(|i| format!("{:?}", i.location)).collect();
    assert_eq!(items.len(), 3, "{pointers:?}");
    assert!(items.iter().all(|i| i.value["tag"] != json!(["compiled"])));
}

#[test]
fn a_record_with_linked_releases_yields_its_compiled_release_or_says_it_has_none() {
    let (items, errors) = text(
        "r.json",
        r#"{"records": [{"ocid": "a", "releases": [{"url": "https://x/1", "date": "2020-01-01T00:00:00Z", "tag": ["tender"]}],
           "compiledRelease": {"ocid": "a", "id": "a-1", "tag": ["compiled"]}}]}"#,
    );
    assert!(errors.is_empty());
    assert_eq!(
        items[0].location,
        Location::Pointer {
            line: None,
            pointer: "/records/0/compiledRelease".into()
        }
    );

    let (items, errors) = all("linked.json", fixture("record-package-linked.json"));
    assert!(items.is_empty());
    assert_eq!(
        errors[0].to_string(),
        "linked.json:/records/0: record has neither embedded releases nor a compiledRelease"
    );
}

#[test]
fn a_single_release_and_json_lines_are_found_by_line() {
    let (items, errors) = all("u.json", fixture("release-uganda.json"));
    assert!(errors.is_empty());
    assert_eq!(items.len(), 1);
    assert_eq!(items[0].location, Location::Line(1));

    let (items, errors) = all("c.jsonl", fixture("compiled.jsonl"));
    assert!(errors.is_empty());
    let lines: Vec<_> = items.iter().map(|i| i.location.clone()).collect();
    assert_eq!(lines, [Location::Line(1), Location::Line(2)]);

    let (items, _) = text(
        "c.jsonl",
        "\n{\"ocid\":\"a\"}\n\n{\"ocid\":\"b\"}\n[{\"ocid\":\"c\"}]\n",
    );
    let lines: Vec<_> = items.iter().map(|i| i.location.clone()).collect();
    let in_array = Location::Pointer {
        line: Some(5),
        pointer: "/0".into(),
    };
    assert_eq!(lines, [Location::Line(2), Location::Line(4), in_array]);
}

/// JSON lines are read a line at a time; a value spread over lines after
/// them, and a broken one, are found at their lines all the same.
#[test]
fn json_lines_then_a_document_over_lines_keep_their_lines() {
    let (items, errors) = text(
        "m.jsonl",
        "{\"ocid\":\"a\"}\n{\"releases\": [\n  {\"ocid\": \"b\"},\n  {\"ocid\": \"c\"}\n]}\n{\"ocid\":\"d\"}\n",
    );
    assert!(errors.is_empty(), "{errors:?}");
    let found: Vec<_> = items
        .iter()
        .map(|i| {
            (
                i.value["ocid"].as_str().unwrap().to_owned(),
                i.location.clone(),
            )
        })
        .collect();
    let in_package = |pointer: &str| Location::Pointer {
        line: Some(2),
        pointer: pointer.into(),
    };
    assert_eq!(
        found,
        [
            ("a".to_owned(), Location::Line(1)),
            ("b".to_owned(), in_package("/releases/0")),
            ("c".to_owned(), in_package("/releases/1")),
            ("d".to_owned(), Location::Line(6)),
        ]
    );
    // A package with a release a line: the first line holds a whole
    // release but not a whole value; each release is read once.
    let (items, errors) = text(
        "p.jsonl",
        "{\"releases\": [{\"ocid\":\"b\"},\n{\"ocid\":\"c\"}]}\n{\"ocid\":\"d\"}\n",
    );
    assert!(errors.is_empty(), "{errors:?}");
    let found: Vec<_> = items
        .iter()
        .map(|i| (i.value["ocid"].as_str().unwrap(), i.location.clone()))
        .collect();
    // The first value of a file is a package's, whose pointers say it all.
    let in_package = |pointer: &str| Location::Pointer {
        line: None,
        pointer: pointer.into(),
    };
    assert_eq!(
        found,
        [
            ("b", in_package("/releases/0")),
            ("c", in_package("/releases/1")),
            ("d", Location::Line(3)),
        ]
    );
    let (items, errors) = text(
        "x.jsonl",
        "{\"ocid\":\"a\"}\n{\"ocid\": 1,}\n{\"ocid\":\"c\"}\n",
    );
    assert_eq!(items.len(), 1);
    assert_eq!(errors[0].location, Location::LineColumn(2, 12));
}

#[test]
fn ocds_1_0_packages_are_refused() {
    let (items, errors) = all("old.json", fixture("release-package-1.0.json"));
    assert!(items.is_empty());
    assert_eq!(errors.len(), 1);
    assert!(
        errors[0]
            .to_string()
            .starts_with("old.json: OCDS 1.0.1 is not supported"),
        "{}",
        errors[0]
    );
}

#[test]
fn broken_json_names_line_and_column() {
    let (items, errors) = all("empty.json", fixture("empty.json"));
    assert!(items.is_empty());
    assert_eq!(
        errors[0].to_string(),
        "empty.json: empty file: no OCDS data"
    );

    let (items, errors) = text(
        "b.json",
        "{\"releases\": [\n {\"ocid\": \"a\"},\n {\"ocid\": }\n]}",
    );
    assert_eq!(items.len(), 1);
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].location, Location::LineColumn(3, 11));
    assert!(
        errors[0]
            .to_string()
            .starts_with("b.json:3:11: invalid JSON: expected value"),
        "{}",
        errors[0]
    );

    let (_, errors) = text("n.json", "{\"releases\": [1]}");
    assert_eq!(
        errors[0].to_string(),
        "n.json:/releases/0: expected a release (a JSON object), found a number"
    );
}

#[test]
fn the_callback_stops_the_reading() {
    let mut seen = 0;
    let result = read_each("x.jsonl", "{}\n{}\n{}\n".as_bytes(), |_| {
        seen += 1;
        if seen == 2 { Err("enough") } else { Ok(()) }
    });
    assert_eq!(result, Err("enough"));
    assert_eq!(seen, 2);
}

/// A package of 20,000 releases (about 4 MB) is read through the iterator
/// from a reader that generates it on the fly: the whole document never
/// exists in memory, and the items arrive one by one.
#[test]
fn a_large_package_streams() {
    const N: usize = 20_000;
    struct Generated {
        next: usize,
        buf: Vec<u8>,
        pos: usize,
    }
    impl std::io::Read for Generated {
        fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
            if self.pos == self.buf.len() {
                self.buf.clear();
                self.pos = 0;
                match self.next {
                    0 => self
                        .buf
                        .extend_from_slice(b"{\"uri\": \"urn:x\", \"releases\": [\n"),
                    n if n <= N => {
                        let comma = if n < N { "," } else { "" };
                        let release = format!(
                            "{{\"ocid\": \"ocds-x-{n}\", \"id\": \"{n}\", \"date\": \"2020-01-01T00:00:00Z\", \"tag\": [\"tender\"], \"initiationType\": \"tender\", \"tender\": {{\"title\": \"{}\"}}}}{comma}\n",
                            "x".repeat(100)
                        );
                        self.buf.extend_from_slice(release.as_bytes());
                    }
                    n if n == N + 1 => self.buf.extend_from_slice(b"], \"version\": \"1.1\"}\n"),
                    _ => return Ok(0),
                }
                self.next += 1;
            }
            let n = out.len().min(self.buf.len() - self.pos);
            out[..n].copy_from_slice(&self.buf[self.pos..self.pos + n]);
            self.pos += n;
            Ok(n)
        }
    }
    let input = BufReader::new(Generated {
        next: 0,
        buf: Vec::new(),
        pos: 0,
    });
    let mut count = 0;
    for item in read("big.json", input) {
        let item = item.unwrap();
        count += 1;
        assert_eq!(item.value["id"], count.to_string());
    }
    assert_eq!(count, N);
}

/// Everything `read_each` and `read_each_lenient` give, in order: items,
/// errors, and the lenient reader's notes.
fn both_ways(name: &str, input: &[u8], lenient: bool) -> [Vec<String>; 2] {
    let show = |found: &Result<Item, OcdsError>| match found {
        Ok(item) => format!("{:?} {}", item.location, item.value),
        Err(error) => format!("error {error}"),
    };
    let mut direct = Vec::new();
    let notes = if lenient {
        vigie_ocds::read_each_lenient(name, input, |found| {
            direct.push(show(&found));
            Ok::<(), ()>(())
        })
        .unwrap()
    } else {
        read_each(name, input, |found| {
            direct.push(show(&found));
            Ok::<(), ()>(())
        })
        .unwrap();
        Vec::new()
    };
    direct.extend(notes.iter().map(|n| format!("note {n}")));

    // Lines parsed after the reading, as a worker would, in file order.
    let found = std::cell::RefCell::new(Vec::new());
    let notes = vigie_ocds::read_each_deferred(
        name,
        input,
        lenient,
        |item| {
            found.borrow_mut().push(Ok(item));
            Ok::<(), ()>(())
        },
        |line| {
            found.borrow_mut().push(Err(line));
            Ok(())
        },
    )
    .unwrap();
    let mut deferred: Vec<String> = found
        .into_inner()
        .into_iter()
        .map(|unit| match unit {
            Ok(item) => show(&item),
            Err(line) => show(&line.parse(name)),
        })
        .collect();
    deferred.extend(notes.iter().map(|n| format!("note {n}")));
    [direct, deferred]
}

/// Parsing JSON lines where they are used gives what parsing them while
/// reading gives: every fixture and every shape of file above, strictly
/// and leniently.
#[test]
fn lines_parsed_later_give_what_lines_parsed_while_reading_give() {
    let mut inputs: Vec<(String, Vec<u8>)> =
        std::fs::read_dir(format!("{}/tests/fixtures", env!("CARGO_MANIFEST_DIR")))
            .unwrap()
            .map(|entry| entry.unwrap().path())
            .filter(|path| path.extension().is_some_and(|e| e != "md"))
            .map(|path| (path.display().to_string(), std::fs::read(path).unwrap()))
            .collect();
    for text in [
        "\n{\"ocid\":\"a\"}\n\n{\"ocid\":\"b\"}\n[{\"ocid\":\"c\"}]\n",
        "{\"ocid\":\"a\"}\n{\"releases\": [\n  {\"ocid\": \"b\"},\n  {\"ocid\": \"c\"}\n]}\n{\"ocid\":\"d\"}\n",
        "{\"releases\": [{\"ocid\":\"b\"},\n{\"ocid\":\"c\"}]}\n{\"ocid\":\"d\"}\n",
        "{\"ocid\":\"a\"}\n{\"releases\": [1, {\"ocid\":\"e\"}]}\n\"text\"\n{\"records\": [{\"ocid\": \"r\"}]}\n",
        "{\"version\": \"1.0\", \"releases\": [{\"ocid\":\"a\"}]}\n{\"ocid\":\"b\"}\n",
        "{\"ocid\":\"a\", \"version\": \"1.0\"}\n{\"ocid\":\"b\", \"compiledRelease\": {\"ocid\": \"c\"}}\n",
        "{\"ocid\":\"a\"}\n{\"ocid\": 1,}\n",
        "{\"ocid\":\"a\"} {\"ocid\":\"b\"}\n",
        "",
    ] {
        inputs.push((format!("{text:?}"), text.as_bytes().to_vec()));
    }
    inputs.push(("not UTF-8".into(), b"{\"ocid\":\"a\xff\"}\n".to_vec()));
    for (name, input) in &inputs {
        for lenient in [false, true] {
            let [direct, deferred] = both_ways("f.jsonl", input, lenient);
            // Broken JSON ends the reading; a release whose text is not
            // UTF-8, parsed on its own, is an error of its line, and the
            // lines after it are still read.
            let stopped = direct.iter().any(|d| d.contains("invalid JSON"));
            if stopped {
                assert_eq!(
                    direct,
                    deferred[..direct.len()],
                    "{name}, lenient: {lenient}"
                );
            } else {
                assert_eq!(direct, deferred, "{name}, lenient: {lenient}");
            }
        }
    }
}
