//! One-time codes (TOTP, RFC 6238) and recovery codes: the second factor's
//! arithmetic, with no storage. [`crate::second_factor`] keeps the state.
//!
//! The parameters are the ones every authenticator app understands and
//! most assume without asking: HMAC-SHA-1, six digits, 30-second steps. One
//! step either side is accepted, for a phone's clock that drifts and a
//! clerk who types slowly on a weak connection.

use sha2::{Digest, Sha256};
use totp_rs::{Builder, Secret, Totp};

/// Seconds per step.
pub const STEP_SECONDS: u64 = 30;

/// Bytes of a new secret: 160 bits, RFC 4226's recommendation.
const SECRET_BYTES: usize = 20;

/// Recovery codes given at enrolment.
pub const RECOVERY_CODES: usize = 10;

/// The issuer shown in authenticator apps.
const ISSUER: &str = "Vigie";

/// A fresh random secret.
pub fn new_secret() -> Vec<u8> {
    let bytes: [u8; SECRET_BYTES] = rand::random();
    bytes.to_vec()
}

/// A secret as people type it into an authenticator app: RFC 4648 base32
/// without padding, in groups of four.
pub fn base32(secret: &[u8]) -> String {
    let plain = Secret::from(secret.to_vec()).to_base32();
    grouped(plain.trim_end_matches('='), 4, ' ')
}

/// The `otpauth://` URI an authenticator app reads from a QR code.
/// Usernames are lowercase letters, digits, dots and hyphens, which need no
/// escaping.
pub fn otpauth_uri(secret: &[u8], username: &str) -> String {
    let plain = Secret::from(secret.to_vec()).to_base32();
    format!(
        "otpauth://totp/{ISSUER}:{username}?secret={}&issuer={ISSUER}&algorithm=SHA1&digits=6&period={STEP_SECONDS}",
        plain.trim_end_matches('=')
    )
}

/// The secret a base32 text stands for (spaces, hyphens and case ignored).
pub fn parse_base32(text: &str) -> Option<Vec<u8>> {
    let plain: String = text
        .chars()
        .filter(|c| !matches!(c, ' ' | '-'))
        .map(|c| c.to_ascii_uppercase())
        .collect();
    Secret::try_from_base32(plain)
        .ok()
        .map(|s| s.as_bytes().to_vec())
}

fn totp(secret: &[u8]) -> Option<Totp> {
    Builder::new()
        .with_secret(secret.to_vec())
        .with_step_duration(STEP_SECONDS)
        .with_skew(1)
        .build()
        .ok()
}

/// The step a Unix time falls in.
pub fn step_at(unix_seconds: u64) -> u64 {
    unix_seconds / STEP_SECONDS
}

/// The six-digit code of a step (what an authenticator app shows during it).
pub fn code_for_step(secret: &[u8], step: u64) -> Option<String> {
    totp(secret).map(|t| t.generate(step * STEP_SECONDS).to_string())
}

/// The step whose code `code` is, within one step of `unix_seconds`; `None`
/// if it is none of them or not six digits. Spaces are ignored (apps show
/// `123 456`). The caller refuses a step already used.
pub fn check(secret: &[u8], code: &str, unix_seconds: u64) -> Option<u64> {
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    totp(secret)?.check(&code, unix_seconds)
}

/// What a typed answer to the code question is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// Six digits: a code from the app.
    Code(String),
    /// A recovery code, normalised (16 base32 letters, uppercase).
    Recovery(String),
    /// Neither.
    Unreadable,
}

/// Reads an answer: six digits, or a recovery code in any case with or
/// without its hyphens and spaces.
pub fn read_answer(typed: &str) -> Answer {
    let plain: String = typed
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect();
    if plain.len() == 6 && plain.bytes().all(|b| b.is_ascii_digit()) {
        Answer::Code(plain)
    } else if plain.len() == 16
        && plain
            .bytes()
            .all(|b| BASE32.contains(&b.to_ascii_uppercase()))
    {
        Answer::Recovery(plain.to_ascii_uppercase())
    } else {
        Answer::Unreadable
    }
}

const BASE32: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/// Fresh recovery codes: 80 random bits each, written as four groups of
/// four base32 letters (`ABCD-EFGH-IJKL-MNOP`), easy to copy by hand.
pub fn new_recovery_codes() -> Vec<String> {
    (0..RECOVERY_CODES)
        .map(|_| {
            let bytes: [u8; 10] = rand::random();
            let plain = Secret::from(bytes.to_vec()).to_base32();
            grouped(&plain, 4, '-')
        })
        .collect()
}

/// The hash kept of a recovery code (normalised first, see [`read_answer`]).
pub fn recovery_hash(code: &str) -> Vec<u8> {
    let normal = match read_answer(code) {
        Answer::Recovery(normal) => normal,
        Answer::Code(c) => c,
        Answer::Unreadable => code.to_owned(),
    };
    Sha256::digest(normal.as_bytes()).to_vec()
}

fn grouped(text: &str, size: usize, separator: char) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / size);
    for (i, c) in text.chars().enumerate() {
        if i > 0 && i % size == 0 {
            out.push(separator);
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238, appendix B: the SHA-1 secret is the ASCII of
    /// "12345678901234567890"; the last six digits of the eight-digit
    /// values are the six-digit codes.
    #[test]
    fn matches_the_rfc_test_vectors() {
        let secret = b"12345678901234567890";
        for (time, code) in [
            (59, "287082"),
            (1_111_111_109, "081804"),
            (1_111_111_111, "050471"),
            (1_234_567_890, "005924"),
            (2_000_000_000, "279037"),
        ] {
            assert_eq!(code_for_step(secret, step_at(time)).unwrap(), code);
            assert_eq!(check(secret, code, time), Some(step_at(time)));
        }
    }

    #[test]
    fn accepts_one_step_either_side_and_no_more() {
        let secret = new_secret();
        let now = 1_800_000_000;
        let step = step_at(now);
        for s in [step - 1, step, step + 1] {
            let code = code_for_step(&secret, s).unwrap();
            assert_eq!(check(&secret, &code, now), Some(s));
        }
        for s in [step - 2, step + 2] {
            let code = code_for_step(&secret, s).unwrap();
            assert_ne!(check(&secret, &code, now), Some(s));
        }
        let code = code_for_step(&secret, step).unwrap();
        let spaced = format!("{} {}", &code[..3], &code[3..]);
        assert_eq!(check(&secret, &spaced, now), Some(step));
        assert_eq!(check(&secret, "12345", now), None);
        assert_eq!(check(&secret, "+12345", now), None);
    }

    #[test]
    fn secrets_read_back_from_what_is_shown() {
        let secret = new_secret();
        assert_eq!(secret.len(), 20);
        let shown = base32(&secret);
        assert_eq!(shown.split(' ').count(), 8, "{shown}");
        assert_eq!(parse_base32(&shown).unwrap(), secret);
        assert_eq!(parse_base32(&shown.to_lowercase()).unwrap(), secret);
        let uri = otpauth_uri(&secret, "bfa-codes");
        assert!(uri.starts_with("otpauth://totp/Vigie:bfa-codes?secret="));
        assert!(uri.contains(&shown.replace(' ', "")));
    }

    #[test]
    fn recovery_codes_are_random_and_read_in_any_form() {
        let codes = new_recovery_codes();
        assert_eq!(codes.len(), RECOVERY_CODES);
        let first = &codes[0];
        assert_eq!(first.len(), 19, "{first}");
        assert!(codes[1..].iter().all(|c| c != first));
        let loose = first.to_lowercase().replace('-', " ");
        assert_eq!(read_answer(&loose), read_answer(first));
        assert_eq!(recovery_hash(&loose), recovery_hash(first));
        assert_eq!(read_answer("123 456"), Answer::Code("123456".into()));
        assert_eq!(read_answer("12345"), Answer::Unreadable);
        assert_eq!(read_answer("ABCD-EFGH-IJKL-MNO1"), Answer::Unreadable);
    }
}
