//! The canonical bytes of one log entry.
//!
//! Written by hand rather than by `serde_json`: the bytes are what gets
//! hashed and signed, so they must be the same in every version of Vigie
//! and for every reader, whatever a serializer decides about spacing, key
//! order or escaping. The layout is versioned:
//!
//! ```text
//! 0x01                                  version
//! i64 BE                                time, milliseconds since 1970 UTC
//! str actor_user, str actor_institution   (empty for the system itself)
//! str action, str object_type, str object_id
//! u8 0|32, [32 bytes]                   hash of the object's new state, if any
//! u8 0|1|2                              no decision | permit | deny
//!   (if 1 or 2) u32 BE count, count × str policy id, str reasons
//! ```
//!
//! where `str` is a u32 BE byte length followed by UTF-8.
//!
//! Version 2 (issue 14, class 5, decision 0016) puts 32 secret random
//! bytes, the entry's **salt**, between the version byte and the time, and
//! is otherwise version 1:
//!
//! ```text
//! 0x02  [32 bytes salt]  …version 1 from the time on…
//! ```
//!
//! Public hash tiles carry every leaf's hash. Without a salt, an entry is
//! low-entropy (a known user, a known action, a document id, a time to the
//! millisecond within a guessable window), so anyone could rebuild who read
//! what by hashing candidates. With 256 secret bits in the leaf, its hash
//! reveals nothing; whoever is shown the entry is shown its salt, and so
//! can still check it against the tree offline.

/// The policy decision an entry records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    /// Whether access was allowed.
    pub permit: bool,
    /// The ids of the policies that decided it.
    pub policies: Vec<String>,
    /// The reasons, in words.
    pub reasons: String,
}

/// One entry of the log: who did what to which object, when, and under
/// which decision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// When, in milliseconds since the Unix epoch (UTC).
    pub time_ms: i64,
    /// The acting user's name; empty when Vigie itself acts (demo load,
    /// scheduled declassification).
    pub actor_user: String,
    /// The acting user's institution code; empty for the system.
    pub actor_institution: String,
    /// What was done: `create`, `update`, `delete`, `read`, `sign_in`…
    pub action: String,
    /// The kind of object: `user`, `institution`, `document`…
    pub object_type: String,
    /// The object's identifier within its kind.
    pub object_id: String,
    /// SHA-256 of the object's canonical state after the change; `None`
    /// for events that change no stored object (a read) or a deletion.
    pub content_hash: Option<[u8; 32]>,
    /// The policy decision, where one was taken.
    pub decision: Option<Decision>,
    /// The secret that makes the leaf's public hash unguessable (version
    /// 2); `None` for the version 1 entries written before it.
    pub salt: Option<[u8; 32]>,
}

/// Why bytes are not a valid entry.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EntryError {
    /// The bytes end before the entry does.
    #[error("entry truncated")]
    Truncated,
    /// The bytes go on after the entry ends.
    #[error("trailing bytes after the entry")]
    Trailing,
    /// An unknown version or tag.
    #[error("unknown {0}")]
    Unknown(&'static str),
    /// A text field is not UTF-8.
    #[error("field is not UTF-8")]
    NotUtf8,
}

/// Entries without a salt (written before version 2).
const UNSALTED: u8 = 1;
/// Entries with a salt.
const SALTED: u8 = 2;

impl Entry {
    /// The canonical bytes.
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(160);
        match &self.salt {
            None => out.push(UNSALTED),
            Some(salt) => {
                out.push(SALTED);
                out.extend_from_slice(salt);
            }
        }
        out.extend_from_slice(&self.time_ms.to_be_bytes());
        for s in [
            &self.actor_user,
            &self.actor_institution,
            &self.action,
            &self.object_type,
            &self.object_id,
        ] {
            put_str(&mut out, s);
        }
        match &self.content_hash {
            Some(h) => {
                out.push(32);
                out.extend_from_slice(h);
            }
            None => out.push(0),
        }
        match &self.decision {
            None => out.push(0),
            Some(d) => {
                out.push(if d.permit { 1 } else { 2 });
                out.extend_from_slice(
                    &u32::try_from(d.policies.len())
                        .unwrap_or(u32::MAX)
                        .to_be_bytes(),
                );
                for p in &d.policies {
                    put_str(&mut out, p);
                }
                put_str(&mut out, &d.reasons);
            }
        }
        out
    }

    /// Reads canonical bytes back; refuses anything that is not exactly one entry.
    pub fn decode(bytes: &[u8]) -> Result<Entry, EntryError> {
        let mut r = Reader(bytes);
        let salt = match r.byte()? {
            UNSALTED => None,
            SALTED => Some(r.array::<32>()?),
            _ => return Err(EntryError::Unknown("entry version")),
        };
        let time_ms = i64::from_be_bytes(r.array::<8>()?);
        let actor_user = r.string()?;
        let actor_institution = r.string()?;
        let action = r.string()?;
        let object_type = r.string()?;
        let object_id = r.string()?;
        let content_hash = match r.byte()? {
            0 => None,
            32 => Some(r.array::<32>()?),
            _ => return Err(EntryError::Unknown("content hash length")),
        };
        let decision = match r.byte()? {
            0 => None,
            tag @ (1 | 2) => {
                let count = u32::from_be_bytes(r.array::<4>()?);
                let mut policies = Vec::new();
                for _ in 0..count {
                    policies.push(r.string()?);
                }
                Some(Decision {
                    permit: tag == 1,
                    policies,
                    reasons: r.string()?,
                })
            }
            _ => return Err(EntryError::Unknown("decision tag")),
        };
        if !r.0.is_empty() {
            return Err(EntryError::Trailing);
        }
        Ok(Entry {
            time_ms,
            actor_user,
            actor_institution,
            action,
            object_type,
            object_id,
            content_hash,
            decision,
            salt,
        })
    }
}

fn put_str(out: &mut Vec<u8>, s: &str) {
    out.extend_from_slice(&u32::try_from(s.len()).unwrap_or(u32::MAX).to_be_bytes());
    out.extend_from_slice(s.as_bytes());
}

struct Reader<'a>(&'a [u8]);

impl Reader<'_> {
    fn take(&mut self, n: usize) -> Result<&[u8], EntryError> {
        if self.0.len() < n {
            return Err(EntryError::Truncated);
        }
        let (head, tail) = self.0.split_at(n);
        self.0 = tail;
        Ok(head)
    }

    fn byte(&mut self) -> Result<u8, EntryError> {
        Ok(self.take(1)?[0])
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N], EntryError> {
        self.take(N)?.try_into().map_err(|_| EntryError::Truncated)
    }

    fn string(&mut self) -> Result<String, EntryError> {
        let len = u32::from_be_bytes(self.array::<4>()?) as usize;
        String::from_utf8(self.take(len)?.to_vec()).map_err(|_| EntryError::NotUtf8)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Entry {
        Entry {
            time_ms: 1_764_000_000_000,
            actor_user: "mli-bvg".into(),
            actor_institution: "MLI-BVG".into(),
            action: "read".into(),
            object_type: "document".into(),
            object_id: "42".into(),
            content_hash: Some([7; 32]),
            decision: Some(Decision {
                permit: true,
                policies: vec!["audit-mandate".into()],
                reasons: "mandat de vérification 2024".into(),
            }),
            salt: None,
        }
    }

    #[test]
    fn round_trips_and_is_stable() {
        let e = sample();
        let bytes = e.encode();
        assert_eq!(Entry::decode(&bytes).unwrap(), e);
        // The layout is a contract: this prefix must never change.
        assert_eq!(&bytes[..9], &[1, 0, 0, 1, 154, 182, 151, 232, 0]);
        let bare = Entry {
            content_hash: None,
            decision: None,
            ..e
        };
        assert_eq!(Entry::decode(&bare.encode()).unwrap(), bare);
    }

    #[test]
    fn refuses_anything_else() {
        let bytes = sample().encode();
        assert_eq!(
            Entry::decode(&bytes[..bytes.len() - 1]),
            Err(EntryError::Truncated)
        );
        assert_eq!(
            Entry::decode(&[bytes.clone(), vec![0]].concat()),
            Err(EntryError::Trailing)
        );
        assert!(Entry::decode(&[2]).is_err());
        assert!(Entry::decode(&[3]).is_err());
        assert!(Entry::decode(&[]).is_err());
    }

    /// Version 2: the salt follows the version byte, and the same entry
    /// with another salt has another leaf hash — the public tiles' hashes
    /// say nothing about a guessed entry.
    #[test]
    fn a_salted_entry_round_trips_and_hides_behind_its_salt() {
        let salted = Entry {
            salt: Some([9; 32]),
            ..sample()
        };
        let bytes = salted.encode();
        assert_eq!(bytes[0], 2);
        assert_eq!(&bytes[1..33], &[9; 32]);
        assert_eq!(
            &bytes[33..],
            &sample().encode()[1..],
            "then version 1's layout"
        );
        assert_eq!(Entry::decode(&bytes).unwrap(), salted);
        let other = Entry {
            salt: Some([8; 32]),
            ..sample()
        };
        assert_ne!(crate::leaf_hash(&bytes), crate::leaf_hash(&other.encode()));
        assert_eq!(Entry::decode(&bytes[..20]), Err(EntryError::Truncated));
    }
}
