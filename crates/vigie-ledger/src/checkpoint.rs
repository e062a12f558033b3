//! Signed checkpoints: the C2SP `tlog-checkpoint` body, signed with Ed25519
//! in the C2SP `signed-note` format, so that existing transparency-log
//! tooling can read and verify them.
//!
//! ```text
//! <origin>
//! <tree size>
//! <base64 root hash>
//!
//! — <key name> <base64(4-byte key id || 64-byte signature)>
//! ```

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use ed25519_dalek::{Signer, Verifier};
use sha2::{Digest, Sha256};

use crate::Hash;

/// The signed-note signature type of Ed25519.
const ED25519: u8 = 0x01;

/// A tree head: which log, how many entries, what root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checkpoint {
    /// The log's unique name, such as `vigie.example.org/log`.
    pub origin: String,
    /// Number of entries.
    pub size: u64,
    /// Root hash of the tree of `size` entries.
    pub root: Hash,
}

/// Why a checkpoint was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CheckpointError {
    /// The text is not a checkpoint note.
    #[error("malformed checkpoint: {0}")]
    Malformed(&'static str),
    /// No signature by the expected key.
    #[error("no signature by key `{0}`")]
    NotSigned(String),
    /// A signature by the expected key that does not verify.
    #[error("invalid signature by key `{0}`")]
    BadSignature(String),
    /// A key name or verifier key that cannot be used.
    #[error("invalid key: {0}")]
    BadKey(&'static str),
}

/// An Ed25519 key that signs checkpoints, with its signed-note name.
#[derive(Clone)]
pub struct SigningKey {
    name: String,
    key: ed25519_dalek::SigningKey,
}

impl std::fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SigningKey")
            .field("name", &self.name)
            .finish_non_exhaustive()
    }
}

/// The public half: verifies checkpoints, and prints as a C2SP verifier key
/// (`<name>+<hex key id>+<base64(0x01 || public key)>`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifierKey {
    name: String,
    key: ed25519_dalek::VerifyingKey,
}

fn check_name(name: &str) -> Result<(), CheckpointError> {
    if name.is_empty() || name.chars().any(|c| c.is_whitespace() || c == '+') {
        return Err(CheckpointError::BadKey(
            "a key name has no spaces and no `+`",
        ));
    }
    Ok(())
}

fn key_id(name: &str, public: &[u8; 32]) -> [u8; 4] {
    let mut h = Sha256::new();
    h.update(name.as_bytes());
    h.update([b'\n', ED25519]);
    h.update(public);
    let digest = h.finalize();
    [digest[0], digest[1], digest[2], digest[3]]
}

impl SigningKey {
    /// A key from its 32-byte secret seed.
    pub fn from_seed(name: &str, seed: &[u8; 32]) -> Result<SigningKey, CheckpointError> {
        check_name(name)?;
        Ok(SigningKey {
            name: name.to_owned(),
            key: ed25519_dalek::SigningKey::from_bytes(seed),
        })
    }

    /// The public verifier key.
    pub fn verifier(&self) -> VerifierKey {
        VerifierKey {
            name: self.name.clone(),
            key: self.key.verifying_key(),
        }
    }

    /// The signed note of a checkpoint.
    pub fn sign(&self, checkpoint: &Checkpoint) -> String {
        let body = checkpoint.body();
        let signature = self.key.sign(body.as_bytes());
        let id = key_id(&self.name, self.key.verifying_key().as_bytes());
        let blob = [id.as_slice(), &signature.to_bytes()].concat();
        format!("{body}\n\u{2014} {} {}\n", self.name, STANDARD.encode(blob))
    }
}

impl VerifierKey {
    /// The key's name (the signed-note key name).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Reads a verifier key in the C2SP text form.
    pub fn parse(text: &str) -> Result<VerifierKey, CheckpointError> {
        let mut parts = text.trim().split('+');
        let (Some(name), Some(hex), Some(b64), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(CheckpointError::BadKey("expected `name+keyid+key`"));
        };
        check_name(name)?;
        let raw = STANDARD
            .decode(b64)
            .map_err(|_| CheckpointError::BadKey("key is not base64"))?;
        let (&[ED25519], public) = raw.split_at(1.min(raw.len())) else {
            return Err(CheckpointError::BadKey("not an Ed25519 key"));
        };
        let public: [u8; 32] = public
            .try_into()
            .map_err(|_| CheckpointError::BadKey("wrong key length"))?;
        let expected: String = key_id(name, &public)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        if hex != expected {
            return Err(CheckpointError::BadKey("key id does not match the key"));
        }
        let key = ed25519_dalek::VerifyingKey::from_bytes(&public)
            .map_err(|_| CheckpointError::BadKey("not a valid Ed25519 point"))?;
        Ok(VerifierKey {
            name: name.to_owned(),
            key,
        })
    }

    /// Reads a signed checkpoint and checks this key's signature on it.
    /// Other signatures (witnesses, co-signers) are allowed and ignored.
    pub fn verify(&self, note: &str) -> Result<Checkpoint, CheckpointError> {
        let Some(split) = note.find("\n\n") else {
            return Err(CheckpointError::Malformed(
                "no blank line before the signatures",
            ));
        };
        let (body, signatures) = (&note[..split + 1], &note[split + 2..]);
        let checkpoint = Checkpoint::parse_body(body)?;
        let id = key_id(&self.name, self.key.as_bytes());
        let mut seen = false;
        for line in signatures.lines() {
            let Some(rest) = line.strip_prefix("\u{2014} ") else {
                return Err(CheckpointError::Malformed(
                    "signature line does not start with an em dash",
                ));
            };
            let Some((name, b64)) = rest.split_once(' ') else {
                return Err(CheckpointError::Malformed(
                    "signature line without a signature",
                ));
            };
            let Ok(blob) = STANDARD.decode(b64) else {
                return Err(CheckpointError::Malformed("signature is not base64"));
            };
            if name != self.name || blob.len() != 68 || blob[..4] != id {
                continue;
            }
            seen = true;
            let signature = ed25519_dalek::Signature::from_slice(&blob[4..])
                .map_err(|_| CheckpointError::BadSignature(self.name.clone()))?;
            if self.key.verify(body.as_bytes(), &signature).is_ok() {
                return Ok(checkpoint);
            }
        }
        if seen {
            Err(CheckpointError::BadSignature(self.name.clone()))
        } else {
            Err(CheckpointError::NotSigned(self.name.clone()))
        }
    }
}

impl std::fmt::Display for VerifierKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let public = self.key.as_bytes();
        let id: String = key_id(&self.name, public)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let key = STANDARD.encode([&[ED25519][..], public].concat());
        write!(f, "{}+{id}+{key}", self.name)
    }
}

impl Checkpoint {
    /// The note text that is signed: origin, size and root, one per line.
    pub fn body(&self) -> String {
        format!(
            "{}\n{}\n{}\n",
            self.origin,
            self.size,
            self.root.to_base64()
        )
    }

    fn parse_body(body: &str) -> Result<Checkpoint, CheckpointError> {
        let mut lines = body.lines();
        let origin = lines
            .next()
            .filter(|o| !o.is_empty())
            .ok_or(CheckpointError::Malformed("no origin"))?;
        let size = lines
            .next()
            .filter(|s| !s.starts_with('+') && (s == &"0" || !s.starts_with('0')))
            .and_then(|s| s.parse::<u64>().ok())
            .ok_or(CheckpointError::Malformed(
                "tree size is not a decimal number",
            ))?;
        let root = lines
            .next()
            .and_then(Hash::from_base64)
            .ok_or(CheckpointError::Malformed(
                "root is not a base64 SHA-256 hash",
            ))?;
        Ok(Checkpoint {
            origin: origin.to_owned(),
            size,
            root,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::leaf_hash;

    fn key() -> SigningKey {
        SigningKey::from_seed("vigie.example/log", &[9; 32]).unwrap()
    }

    #[test]
    fn signs_and_verifies_the_c2sp_way() {
        let checkpoint = Checkpoint {
            origin: "vigie.example/log".into(),
            size: 42,
            root: leaf_hash(b"x"),
        };
        let note = key().sign(&checkpoint);
        let lines: Vec<_> = note.lines().collect();
        assert_eq!(
            lines[..4],
            ["vigie.example/log", "42", &checkpoint.root.to_base64(), ""]
        );
        assert!(lines[4].starts_with("\u{2014} vigie.example/log "));
        assert!(note.ends_with('\n'));

        let verifier = VerifierKey::parse(&key().verifier().to_string()).unwrap();
        assert_eq!(verifier.verify(&note).unwrap(), checkpoint);

        let forged = note.replacen("\n42\n", "\n43\n", 1);
        assert_eq!(
            verifier.verify(&forged),
            Err(CheckpointError::BadSignature("vigie.example/log".into()))
        );
        let other = SigningKey::from_seed("vigie.example/log", &[8; 32])
            .unwrap()
            .verifier();
        assert!(other.verify(&note).is_err());
    }

    #[test]
    fn verifier_keys_are_checked() {
        let text = key().verifier().to_string();
        assert!(text.starts_with("vigie.example/log+"));
        assert!(VerifierKey::parse(&text.replacen('+', "+0", 1)).is_err());
        assert!(VerifierKey::parse("no-plus").is_err());
        assert!(SigningKey::from_seed("has space", &[1; 32]).is_err());
    }
}
