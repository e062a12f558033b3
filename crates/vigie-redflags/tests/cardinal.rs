//! Conformance with Cardinal 0.0.8 on its own fixtures (MIT, see
//! `fixtures/cardinal/README.md`), run as upstream's harness runs them: only
//! that indicator, settings from the file name (one part after the code is
//! only a label, as `R038-tenderer`) (`R003-threshold-10` →
//! `[R003] threshold = 10`; more parts → `[R003.procurement_method_details]`;
//! `+` → `|`), plus `no_price_comparison_procurement_methods = NPC` and
//! `[exclusions] procurement_method_details = EXC`; results compared without
//! Meta, numbers as the f64 Cardinal reads back.

use std::fs;
use std::io::BufReader;
use std::path::Path;

use serde_json::Value;
use vigie_redflags::{Settings, evaluate_lines, evaluate_releases};

fn settings_for(name: &str) -> Settings {
    let name = name.replace('+', "|");
    let parts: Vec<&str> = name.split('-').collect();
    let mut text = String::from(
        "no_price_comparison_procurement_methods = NPC\n[exclusions]\nprocurement_method_details = EXC\n",
    );
    match parts.len() {
        1 | 2 => text.push_str(&format!("[{}]\n", parts[0])),
        3 => text.push_str(&format!("[{}]\n{} = {}\n", parts[0], parts[1], parts[2])),
        _ => {
            text.push_str(&format!("[{}.{}]\n", parts[0], parts[1]));
            for pair in parts[2..].chunks(2) {
                text.push_str(&format!("{} = {}\n", pair[0], pair[1]));
            }
        }
    }
    Settings::parse(&name, &text, None).unwrap()
}

/// Numbers become f64 so that `1` and `1.0` compare equal, as in Cardinal's harness.
fn normalize(value: Value) -> Value {
    match value {
        Value::Number(n) => serde_json::json!(n.as_f64().unwrap()),
        Value::Object(map) => {
            Value::Object(map.into_iter().map(|(k, v)| (k, normalize(v))).collect())
        }
        other => other,
    }
}

fn check(name: &str) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/cardinal");
    let settings = settings_for(name);
    let input = fs::read(dir.join(format!("{name}.jsonl"))).unwrap();
    let expected: Value =
        serde_json::from_slice(&fs::read(dir.join(format!("{name}.expected"))).unwrap()).unwrap();

    let streamed = evaluate_lines(BufReader::new(&input[..]), &settings).unwrap();
    let actual: Value = serde_json::from_str(&streamed.to_json(true)).unwrap();
    assert_eq!(
        normalize(actual),
        normalize(expected.clone()),
        "{name} (evaluate_lines)"
    );

    let text = String::from_utf8(input).unwrap();
    let in_memory = evaluate_releases(text.lines(), &settings).unwrap();
    assert_eq!(
        in_memory.to_json(true),
        streamed.to_json(true),
        "{name} (evaluate_releases)"
    );
}

macro_rules! fixtures {
    ($($test:ident: $name:literal,)*) => {
        $(
            #[test]
            fn $test() {
                check($name);
            }
        )*
    };
}

fixtures! {
    r003_procurement_method_details_x_5_y_10: "R003-procurement_method_details-x-5-y-10",
    r003_procurement_methods_open_selective: "R003-procurement_methods-open+selective",
    r003_threshold_10: "R003-threshold-10",
    r003: "R003",
    r018: "R018",
    r024: "R024",
    r025: "R025",
    r028: "R028",
    r030: "R030",
    r035: "R035",
    r036: "R036",
    r038_tenderer: "R038-tenderer",
    r038: "R038",
    r048_minimum_contracting_processes_1: "R048-minimum_contracting_processes-1",
    r058: "R058",
}
