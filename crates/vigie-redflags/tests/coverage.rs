//! `vigie coverage` against Cardinal's own coverage fixtures (0.0.8): the
//! same counts for every file, including the invalid and edge cases.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use vigie_redflags::Coverage;

#[test]
fn every_cardinal_fixture_counts_the_same() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/cardinal/coverage");
    let mut checked = 0;
    for entry in fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "jsonl") {
            continue;
        }
        let input = fs::read(&path).unwrap();
        let coverage = Coverage::read(&input[..], |_, _| {}).unwrap();
        let got: BTreeMap<String, u64> = coverage.counts().iter().cloned().collect();
        assert_eq!(got.len(), coverage.counts().len(), "each path once");
        let expected: BTreeMap<String, u64> =
            serde_json::from_slice(&fs::read(path.with_extension("expected")).unwrap()).unwrap();
        assert_eq!(got, expected, "{}", path.display());
        checked += 1;
    }
    assert_eq!(checked, 35, "every fixture of Cardinal 0.0.8");
}
