//! The checkpoint signing key: created at first start, kept in the data
//! directory (never in the database, so a copy of the database alone
//! cannot forge checkpoints).

use std::path::Path;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use vigie_ledger::SigningKey;

use crate::{Result, StoreError};

/// The key file's name inside the data directory.
pub const KEY_FILE: &str = "log-signing-key";

/// Loads `<data_dir>/log-signing-key`, or creates it with a fresh random
/// key and a new log origin (`vigie/<16 hex digits>`) if it does not exist.
/// The file holds the origin on the first line and the base64 seed on the
/// second, and is readable by its owner only.
pub fn load_or_create_signing_key(data_dir: &Path) -> Result<SigningKey> {
    let path = data_dir.join(KEY_FILE);
    let unreadable = |e: std::io::Error| {
        StoreError::Unavailable(format!("cannot read `{}`: {e}", path.display()))
    };
    match std::fs::read_to_string(&path) {
        Ok(text) => parse(&path, &text),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            crate::private_fs::create_dir_all(data_dir).map_err(unreadable)?;
            let id: [u8; 8] = rand::random();
            let origin = format!(
                "vigie/{}",
                id.iter().map(|b| format!("{b:02x}")).collect::<String>()
            );
            let seed: [u8; 32] = rand::random();
            let key = SigningKey::from_seed(&origin, &seed)
                .map_err(|e| StoreError::Corrupt(e.to_string()))?;
            write_private(&path, &format!("{origin}\n{}\n", STANDARD.encode(seed)))
                .map_err(unreadable)?;
            tracing::info!(origin, "created the log signing key");
            Ok(key)
        }
        Err(e) => Err(unreadable(e)),
    }
}

/// Loads `<data_dir>/log-signing-key`, which must exist: a server reading a
/// replica signs the checkpoints of the primary's log, with the primary's
/// key (a key of its own would publish heads nobody can check against the
/// instance's key).
pub fn load_signing_key(data_dir: &Path) -> Result<SigningKey> {
    let path = data_dir.join(KEY_FILE);
    let text = std::fs::read_to_string(&path).map_err(|e| {
        StoreError::Unavailable(format!(
            "cannot read `{}` ({e}): copy the primary's key file there",
            path.display()
        ))
    })?;
    parse(&path, &text)
}

/// The key a key file's `text` holds.
fn parse(path: &Path, text: &str) -> Result<SigningKey> {
    let mut lines = text.lines();
    let (Some(origin), Some(seed)) = (lines.next(), lines.next()) else {
        return Err(StoreError::Corrupt(format!(
            "`{}` is not a Vigie signing key",
            path.display()
        )));
    };
    let seed: [u8; 32] = STANDARD
        .decode(seed.trim())
        .ok()
        .and_then(|s| s.try_into().ok())
        .ok_or_else(|| StoreError::Corrupt(format!("`{}` holds no valid key", path.display())))?;
    SigningKey::from_seed(origin.trim(), &seed)
        .map_err(|e| StoreError::Corrupt(format!("`{}`: {e}", path.display())))
}

#[cfg(unix)]
pub(crate) fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)?;
    file.write_all(text.as_bytes())?;
    file.sync_all()
}

#[cfg(not(unix))]
pub(crate) fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    std::fs::write(path, text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn created_once_then_reloaded() {
        let dir = tempfile::tempdir().unwrap();
        let first = load_or_create_signing_key(dir.path()).unwrap();
        let again = load_or_create_signing_key(dir.path()).unwrap();
        assert_eq!(first.verifier(), again.verifier());
        assert!(first.verifier().name().starts_with("vigie/"));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.path().join(KEY_FILE))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        std::fs::write(dir.path().join(KEY_FILE), "garbage").unwrap();
        assert!(load_or_create_signing_key(dir.path()).is_err());
    }
}
