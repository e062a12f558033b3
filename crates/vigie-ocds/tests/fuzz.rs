//! Random input through the streaming OCDS reader: no input may panic.
//! Bounded: inputs of a few KiB, a few thousand cases.

use proptest::prelude::*;

fn read_all(bytes: &[u8]) {
    let _ = vigie_ocds::read_each("f.json", bytes, |item| {
        let _ = item;
        Ok::<(), ()>(())
    });
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes(bytes in prop::collection::vec(any::<u8>(), 0..4096)) {
        read_all(&bytes);
    }

    #[test]
    fn json_like_text(text in "[\\[\\]{}:,\"a-z0-9 \\n.-]{0,500}") {
        read_all(text.as_bytes());
    }

    #[test]
    fn package_like_text(body in "[\\[\\]{}:,\"a-z0-9 \\n.-]{0,500}") {
        read_all(format!(r#"{{"version":"1.1","releases":[{body}"#).as_bytes());
        read_all(format!(r#"{{"version":"1.1","records":[{{"releases":[{body}"#).as_bytes());
    }
}
