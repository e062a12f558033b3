//! Random and mutated files through every reader: no input may panic, and
//! inputs are small (at most a few KiB), so a reader that allocated by what
//! a file claims rather than by what it holds would show here as an abort.
//! Bounded: a few thousand cases, a few seconds.

use std::sync::OnceLock;

use proptest::prelude::*;
use vigie_import::{budget, json};

const HEADER: &str = "pays;exercice;perimetre;section;programme;action;nature_economique;fonction;etape;montant;devise;loi;classification\n";

/// A valid budget workbook, to mutate.
fn workbook() -> &'static [u8] {
    static BYTES: OnceLock<Vec<u8>> = OnceLock::new();
    BYTES.get_or_init(|| {
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        sheet.set_name("Budget").unwrap();
        for (i, name) in HEADER.trim_end().split(';').enumerate() {
            sheet.write_string(0, i as u16, name).unwrap();
        }
        let row = "BFA;2024;secteur;Défense;P;;personnel;02.1;lfi;1000;XOF;;";
        for (i, value) in row.split(';').enumerate() {
            sheet.write_string(1, i as u16, value).unwrap();
        }
        book.save_to_buffer().unwrap()
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn budget_csv_random_bytes(bytes in prop::collection::vec(any::<u8>(), 0..4096)) {
        let _ = budget::parse("f.csv", &bytes);
    }

    #[test]
    fn budget_csv_after_a_valid_header(body in "[A-Za-z0-9;,.\"' \\n\u{a0}\u{202f}é-]{0,2000}") {
        let _ = budget::parse("f.csv", format!("{HEADER}{body}").as_bytes());
    }

    #[test]
    fn budget_workbook_random_bytes(bytes in prop::collection::vec(any::<u8>(), 0..4096)) {
        let _ = budget::parse("f.xlsx", &bytes);
        let mut zip = b"PK\x03\x04".to_vec();
        zip.extend(&bytes);
        let _ = budget::parse("f.xlsx", &zip);
        let _ = budget::parse("f.ods", &zip);
    }

    #[test]
    fn json_records_random_text(text in "[\\[\\]{}:,\"a-z0-9 \\n.-]{0,500}") {
        if let Ok(file) = json::JsonFile::parse("f.json", &text) {
            let _ = file.items("editions");
            let _ = file.error("/editions/0/x", "test");
        }
        let _ = json::read::<serde_json::Value>("f.json", &text);
        let _ = json::PointerLines::of(&text).line("/a/0");
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1000, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn budget_workbook_mutated(edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8)) {
        let mut bytes = workbook().to_vec();
        for (at, value) in edits {
            let i = at.index(bytes.len());
            bytes[i] = value;
        }
        let _ = budget::parse("f.xlsx", &bytes);
    }
}
