//! Text as budget files carry it: mixed encodings, accented or unaccented
//! headers, and the several spaces French typography puts inside numbers.

use std::borrow::Cow;

/// The UTF-8 byte order mark, which Excel writes at the start of a "CSV UTF-8"
/// file and which is not part of the first header.
pub(crate) const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Decodes one field: valid UTF-8 stays as it is, anything else is read as
/// Windows-1252, the encoding Excel uses for a plain "CSV" export on a French
/// Windows. Deciding per field, not per file, keeps streaming possible (no
/// need to scan the whole file first) and copes with files pasted together
/// from both; a 1252 label is almost never valid UTF-8 by accident.
pub(crate) fn decode(bytes: &[u8]) -> Cow<'_, str> {
    match std::str::from_utf8(bytes) {
        Ok(text) => Cow::Borrowed(text),
        Err(_) => {
            encoding_rs::WINDOWS_1252
                .decode_without_bom_handling(bytes)
                .0
        }
    }
}

/// The spaces people and spreadsheets put between groups of digits: the
/// ordinary space, the no-break space (U+00A0, Excel in French), the narrow
/// no-break space (U+202F, French typography) and the thin space (U+2009).
pub(crate) fn is_digit_space(c: char) -> bool {
    matches!(c, ' ' | '\u{A0}' | '\u{202F}' | '\u{2009}')
}

/// A header name reduced to what identifies it: trimmed, lower case, French
/// accents dropped, spaces as `_`. So `Nature économique`,
/// `nature_economique` and ` NATURE_ÉCONOMIQUE ` are the same column.
pub(crate) fn header_key(name: &str) -> String {
    name.trim()
        .trim_start_matches('\u{FEFF}')
        .trim()
        .to_lowercase()
        .chars()
        .map(|c| match c {
            'à' | 'â' | 'ä' | 'á' => 'a',
            'ç' => 'c',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'î' | 'ï' | 'í' => 'i',
            'ô' | 'ö' | 'ó' => 'o',
            'ù' | 'û' | 'ü' | 'ú' => 'u',
            'ÿ' => 'y',
            c if c.is_whitespace() => '_',
            c => c,
        })
        .collect()
}

/// The spreadsheet letters of a 0-based column index: 0 → `A`, 26 → `AA`.
pub(crate) fn column_letters(index: u32) -> String {
    let mut n = u64::from(index) + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        // INVARIANT: rem < 26, so the sum stays within `A`..=`Z`.
        letters.push(char::from(b'A' + rem as u8));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_decode_as_utf8_or_windows_1252() {
        assert_eq!(decode("Défense".as_bytes()), "Défense");
        assert_eq!(decode(b"D\xE9fense"), "Défense");
        assert_eq!(decode(b"Minist\xE8re \x80"), "Ministère €");
    }

    #[test]
    fn header_keys_ignore_case_accents_and_spaces() {
        assert_eq!(header_key(" Nature Économique "), "nature_economique");
        assert_eq!(header_key("\u{FEFF}PAYS"), "pays");
        assert_eq!(header_key("étape"), "etape");
    }

    #[test]
    fn column_letters_count_like_a_spreadsheet() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(4), "E");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(701), "ZZ");
        assert_eq!(column_letters(702), "AAA");
    }
}
