//! The hash of an object's state, as log entries record it.

use sha2::{Digest, Sha256};

/// SHA-256 over an object's kind and its fields, each name and value
/// length-prefixed so that no two different states share bytes.
///
/// The same function serves the write (the entry records the new state) and
/// `vigie log verify` (the stored object must still hash to the last entry
/// about it), so a field changed behind the log's back shows.
pub fn state_hash(kind: &str, fields: &[(&str, &str)]) -> [u8; 32] {
    let mut h = Sha256::new();
    let mut put = |s: &str| {
        h.update((s.len() as u64).to_be_bytes());
        h.update(s.as_bytes());
    };
    put(kind);
    for (name, value) in fields {
        put(name);
        put(value);
    }
    h.finalize().into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_cannot_run_into_each_other() {
        let a = state_hash("user", &[("name", "ab"), ("role", "c")]);
        let b = state_hash("user", &[("name", "a"), ("role", "bc")]);
        assert_ne!(a, b);
        assert_ne!(state_hash("user", &[]), state_hash("country", &[]));
        assert_eq!(a, state_hash("user", &[("name", "ab"), ("role", "c")]));
    }
}
