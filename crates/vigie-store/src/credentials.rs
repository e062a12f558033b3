//! Secrets: password hashing (argon2id) and random tokens for sessions and
//! the API. Only hashes are stored.

use argon2::password_hash::PasswordHasher;
use argon2::password_hash::phc::{Output, PasswordHash};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};

use crate::{Result, StoreError};

/// Hashes a password with argon2id and the crate's default parameters
/// (19 MiB, 2 passes), returning the PHC string that is stored.
pub fn hash_password(password: &str) -> Result<String> {
    if password.is_empty() {
        return Err(StoreError::Invalid(vigie_domain::Invalid {
            field: "password",
            value: String::new(),
            reason: "a password cannot be empty".into(),
        }));
    }
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| StoreError::Unavailable(format!("cannot hash password: {e}")))
}

/// Whether a password matches a stored PHC hash. A malformed hash never matches.
///
/// The argon2 memory (19 MiB with the default parameters) is kept per
/// thread and reused: allocated afresh for every check, glibc's heap keeps
/// growing by about that much per check (the freed block raises its mmap
/// threshold, and the next one lands elsewhere): 20 sign-ins took a server
/// from 70 MiB to 440 MiB.
pub fn verify_password(password: &str, phc: &str) -> bool {
    let Ok(hash) = PasswordHash::new(phc) else {
        return false;
    };
    let (Some(salt), Some(expected)) = (&hash.salt, &hash.hash) else {
        return false;
    };
    let Ok(algorithm) = Algorithm::try_from(hash.algorithm.as_str()) else {
        return false;
    };
    let Ok(version) = hash
        .version
        .map_or(Ok(Version::default()), Version::try_from)
    else {
        return false;
    };
    let Ok(params) = Params::try_from(&hash) else {
        return false;
    };
    let blocks = params.block_count();
    if blocks > MAX_BLOCKS {
        return false;
    }
    let mut out = [0u8; Output::MAX_LENGTH];
    let Some(out) = out.get_mut(..expected.len()) else {
        return false;
    };
    let computed = MEMORY.with_borrow_mut(|memory| {
        if memory.len() < blocks {
            memory.resize(blocks, Block::default());
        }
        Argon2::new(algorithm, version, params).hash_password_into_with_memory(
            password.as_bytes(),
            salt,
            out,
            &mut memory[..blocks],
        )
    });
    // `Output`'s equality is constant-time.
    computed.is_ok() && Output::new(out).is_ok_and(|out| out == *expected)
}

/// Argon2 memory blocks (1 KiB each) a stored hash may ask for: 64 MiB.
const MAX_BLOCKS: usize = 64 * 1024;

thread_local! {
    /// The argon2 memory of this thread's password checks.
    static MEMORY: std::cell::RefCell<Vec<Block>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// A fresh 256-bit random secret, URL-safe base64 without padding.
pub fn random_token() -> String {
    // `rand::random` draws from the thread-local ChaCha generator that rand
    // seeds from the operating system: a cryptographically secure source.
    let bytes: [u8; 32] = rand::random();
    URL_SAFE_NO_PAD.encode(bytes)
}

/// The SHA-256 of a token, which is what the database keeps. Tokens carry
/// 256 bits of entropy, so a fast hash is enough (unlike passwords).
pub fn token_hash(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_round_trip_and_are_salted() {
        let a = hash_password("correct horse").unwrap();
        let b = hash_password("correct horse").unwrap();
        assert!(a.starts_with("$argon2id$"));
        assert_ne!(a, b, "each hash has its own salt");
        assert!(verify_password("correct horse", &a));
        assert!(!verify_password("Correct horse", &a));
        assert!(!verify_password("correct horse", "not a hash"));
        assert!(hash_password("").is_err());
    }

    #[test]
    fn tokens_are_random_and_hashed() {
        let (a, b) = (random_token(), random_token());
        assert_ne!(a, b);
        assert_eq!(a.len(), 43);
        assert_eq!(token_hash(&a).len(), 32);
        assert_ne!(token_hash(&a), token_hash(&b));
    }
}
