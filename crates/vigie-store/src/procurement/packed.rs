//! OCDS JSON as stored: a release's body and a process's compiled release,
//! compressed (decision 0021).
//!
//! Each value is `[0]` then the LZ4 block of the JSON text, its length
//! first (four bytes, little-endian). JSON text never starts with a zero
//! byte, so a value written before compression (plain UTF-8 JSON, as
//! PostgreSQL's migration 0016 converts it and SQLite keeps it) reads as
//! it is. What the trail vouches for is the JSON text, never these bytes:
//! the states hash the text, so compressing changes no state.

use crate::{Result, StoreError};

/// The mark of a compressed value.
const LZ4: u8 = 0;

/// The largest JSON text a stored value may unpack to: a corrupted or
/// forged length must not make a reader allocate gigabytes. Far above any
/// release (a line of an import is at most 64 MiB).
const MAX_TEXT: usize = 256 * 1024 * 1024;

/// `json` as stored: compressed, or as it is past [`MAX_TEXT`] (read as
/// it is, never refused by the bound).
pub(crate) fn pack(json: &str) -> Vec<u8> {
    if json.len() > MAX_TEXT {
        return json.as_bytes().to_vec();
    }
    let mut out = vec![0; 5 + lz4_flex::block::get_maximum_output_size(json.len())];
    out[0] = LZ4;
    out[1..5].copy_from_slice(&(json.len() as u32).to_le_bytes());
    // Sized for the worst case, the output cannot be too small; were it,
    // the text as it is still reads.
    match lz4_flex::block::compress_into(json.as_bytes(), &mut out[5..]) {
        Ok(size) => {
            out.truncate(5 + size);
            out
        }
        Err(_) => json.as_bytes().to_vec(),
    }
}

/// The JSON text of a stored value (`what` names it in errors).
pub(crate) fn unpack(stored: Vec<u8>, what: &str) -> Result<String> {
    let corrupt = |why: &str| StoreError::Corrupt(format!("{what}: {why}"));
    let text = match stored.split_first() {
        Some((&LZ4, rest)) => {
            let (size, block) = rest
                .split_first_chunk::<4>()
                .ok_or_else(|| corrupt("truncated"))?;
            let size = u32::from_le_bytes(*size) as usize;
            if size > MAX_TEXT {
                return Err(corrupt("larger than any stored JSON"));
            }
            lz4_flex::block::decompress(block, size).map_err(|e| corrupt(&e.to_string()))?
        }
        _ => stored,
    };
    String::from_utf8(text).map_err(|_| corrupt("not UTF-8"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_unpacks_to_its_text_and_is_smaller() {
        let json = serde_json::json!({"ocid": "ocds-1", "awards": vec![serde_json::json!({"id": "A", "status": "active"}); 50]})
            .to_string();
        let stored = pack(&json);
        assert!(
            stored.len() * 3 < json.len(),
            "{} of {}",
            stored.len(),
            json.len()
        );
        assert_eq!(unpack(stored, "x").unwrap(), json);
        assert_eq!(unpack(pack(""), "x").unwrap(), "");
    }

    #[test]
    fn plain_json_stored_before_compression_reads_as_it_is() {
        let json = r#"{"ocid":"ocds-1"}"#;
        assert_eq!(unpack(json.as_bytes().to_vec(), "x").unwrap(), json);
    }

    #[test]
    fn a_forged_length_is_refused_before_anything_is_allocated() {
        let mut forged = vec![LZ4];
        forged.extend_from_slice(&u32::MAX.to_le_bytes());
        forged.extend_from_slice(b"\x10a");
        let error = unpack(forged, "process ocds-1").unwrap_err().to_string();
        assert!(error.contains("ocds-1"), "{error}");
        assert!(unpack(vec![LZ4, 1], "x").is_err(), "truncated");
        let mut wrong = pack(r#"{"a":1}"#);
        wrong.truncate(wrong.len() - 2);
        assert!(unpack(wrong, "x").is_err(), "a cut block");
    }
}
