//! A small INI reader with the dialect Cardinal's settings use (config-rs 0.13
//! over rust-ini): `[section]` headers (dots nest: `[R003.procurement_method_details]`),
//! `key = value` or `key: value`, whole-line comments with `;` or `#`, values
//! trimmed and stripped of one pair of surrounding quotes, keys case-sensitive.
//! Every entry keeps its line so errors can name it.

use crate::error::SettingsError;

/// One `key = value` entry.
#[derive(Debug, Clone)]
pub struct Entry {
    pub key: String,
    pub value: String,
    pub line: usize,
}

/// A section (`""` for the keys before the first header), in file order.
#[derive(Debug, Clone)]
pub struct Section {
    pub name: String,
    pub line: usize,
    pub entries: Vec<Entry>,
}

/// Parses INI text. `file` is only used in errors.
pub fn parse(file: &str, text: &str) -> Result<Vec<Section>, SettingsError> {
    let mut sections = vec![Section {
        name: String::new(),
        line: 0,
        entries: Vec::new(),
    }];
    for (index, raw) in text.lines().enumerate() {
        let line = index + 1;
        let trimmed = raw.trim();
        if trimmed.is_empty() || trimmed.starts_with(';') || trimmed.starts_with('#') {
            continue;
        }
        if let Some(rest) = trimmed.strip_prefix('[') {
            let Some(name) = rest.strip_suffix(']') else {
                return Err(SettingsError::new(
                    file,
                    line,
                    trimmed,
                    "a section header must end with ']'",
                ));
            };
            let name = name.trim().to_owned();
            // Repeated headers add to the same section, as rust-ini does.
            if !sections.iter().any(|s| s.name == name) {
                sections.push(Section {
                    name: name.clone(),
                    line,
                    entries: Vec::new(),
                });
            }
            // Move the section being filled to the end.
            let position = sections.iter().position(|s| s.name == name).unwrap_or(0);
            let section = sections.remove(position);
            sections.push(section);
            continue;
        }
        let Some(separator) = trimmed.find(['=', ':']) else {
            return Err(SettingsError::new(
                file,
                line,
                trimmed,
                "expected 'key = value'",
            ));
        };
        let key = trimmed[..separator].trim().to_owned();
        if key.is_empty() {
            return Err(SettingsError::new(file, line, trimmed, "empty key"));
        }
        let value = unquote(trimmed[separator + 1..].trim()).to_owned();
        if let Some(section) = sections.last_mut() {
            section.entries.push(Entry { key, value, line });
        }
    }
    Ok(sections)
}

fn unquote(value: &str) -> &str {
    for quote in ['"', '\''] {
        if value.len() >= 2 && value.starts_with(quote) && value.ends_with(quote) {
            return &value[1..value.len() - 1];
        }
    }
    value
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_keys_and_comments() {
        let text = "currency = USD\n; c\n[R003]\nthreshold: 10\n[R003.procurement_method_details]\nx = \"5\"\n[R028]\n";
        let sections = parse("s.ini", text).unwrap();
        let names: Vec<_> = sections.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(
            names,
            ["", "R003", "R003.procurement_method_details", "R028"]
        );
        assert_eq!(sections[0].entries[0].value, "USD");
        assert_eq!(sections[1].entries[0].line, 4);
        assert_eq!(sections[2].entries[0].value, "5");
    }

    #[test]
    fn bad_line_names_file_and_line() {
        let error = parse("s.ini", "[R003]\nnonsense\n").unwrap_err();
        assert_eq!(
            error.to_string(),
            "s.ini:2: nonsense: expected 'key = value'"
        );
    }
}
