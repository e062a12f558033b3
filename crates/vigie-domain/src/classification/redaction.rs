//! Removing passages from a text, for a public or redacted version.

use crate::Invalid;

/// What replaces each removed passage.
pub const REMOVED_MARK: &str = "[█ retiré / removed █]";

/// The text without the passages: each occurrence of each passage is
/// replaced by [`REMOVED_MARK`]. Refuses a passage that is empty or absent
/// (a typo would otherwise leave the secret in), and checks that no passage
/// survives in the result, whatever the overlaps between them.
pub fn redact(text: &str, passages: &[String]) -> Result<String, Invalid> {
    if passages.is_empty() {
        return Err(Invalid::new(
            "remove",
            "",
            "name at least one passage to remove",
        ));
    }
    let mut out = text.to_owned();
    // Longest first, so a passage inside another goes with it.
    let mut sorted: Vec<&String> = passages.iter().collect();
    sorted.sort_by_key(|p| std::cmp::Reverse(p.len()));
    for passage in &sorted {
        if passage.trim().is_empty() {
            return Err(Invalid::new(
                "remove",
                passage,
                "a passage to remove must not be blank",
            ));
        }
        if !text.contains(passage.as_str()) {
            return Err(Invalid::new(
                "remove",
                passage,
                "this passage is not in the document",
            ));
        }
        out = out.replace(passage.as_str(), REMOVED_MARK);
    }
    if let Some(left) = sorted.iter().find(|p| out.contains(p.as_str())) {
        return Err(Invalid::new(
            "remove",
            left,
            "the passage is still present once others are removed; remove a larger passage",
        ));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passages_go_everywhere_they_occur() {
        let text = "Budget 12 M. Site: Kaya. Rappel: site Kaya.";
        let out = redact(text, &["Kaya".into()]).unwrap();
        assert!(!out.contains("Kaya"));
        assert_eq!(out.matches(REMOVED_MARK).count(), 2);
        assert!(out.starts_with("Budget 12 M."));
    }

    #[test]
    fn absent_blank_or_no_passage_is_refused() {
        assert_eq!(redact("abc", &["x".into()]).unwrap_err().field, "remove");
        assert!(redact("abc", &[" ".into()]).is_err());
        assert!(redact("abc", &[]).is_err());
    }

    #[test]
    fn nested_passages_leave_nothing() {
        let out = redact(
            "le site secret de Kaya",
            &["Kaya".into(), "site secret de Kaya".into()],
        )
        .unwrap();
        assert!(!out.contains("Kaya"));
    }
}
