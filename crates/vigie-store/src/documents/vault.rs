//! Document content, encrypted at rest.
//!
//! Each document is encrypted with [age](https://age-encryption.org): age
//! draws a fresh random file key per document, encrypts the content with it
//! (ChaCha20-Poly1305 in 64 KiB chunks, an AEAD), and wraps that file key to
//! the instance's X25519 recipient. The matching identity — the
//! key-encryption key — lives in a file outside the database
//! (`<data-dir>/document-key` by default), so neither a copy of the database
//! nor of the object store opens anything alone. Objects go through
//! `object_store`: the local file system by default, any URL it understands
//! (`s3://…` when built with the `s3` feature) otherwise.

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::Arc;

use age::secrecy::ExposeSecret;
use object_store::path::Path as ObjectPath;
use object_store::{ObjectStore, ObjectStoreExt, PutPayload};

use crate::{Result, StoreError};

/// The key-encryption key's file name in the data directory.
pub const DOCUMENT_KEY_FILE: &str = "document-key";

/// The default folder for encrypted objects in the data directory.
pub const DOCUMENTS_DIR: &str = "documents";

/// Where encrypted document content lives, and the key that opens it.
#[derive(Clone)]
pub struct Vault {
    objects: Arc<dyn ObjectStore>,
    prefix: ObjectPath,
    identity: Arc<age::x25519::Identity>,
    recipient: age::x25519::Recipient,
    /// The folder of a local store: `object_store` writes with the umask's
    /// mode, so each object is made `0600` after it is written.
    local_dir: Option<PathBuf>,
}

impl std::fmt::Debug for Vault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Vault")
            .field("objects", &self.objects.to_string())
            .field("prefix", &self.prefix)
            .finish_non_exhaustive()
    }
}

fn unavailable(what: impl std::fmt::Display) -> StoreError {
    StoreError::Unavailable(what.to_string())
}

impl Vault {
    /// The default vault: objects under `<data_dir>/documents`, key in
    /// `key_file` (created, readable by its owner only, if missing).
    pub fn local(data_dir: &Path, key_file: &Path) -> Result<Vault> {
        let dir = data_dir.join(DOCUMENTS_DIR);
        crate::private_fs::create_dir_all(&dir)
            .map_err(|e| unavailable(format!("cannot create `{}`: {e}", dir.display())))?;
        let objects = object_store::local::LocalFileSystem::new_with_prefix(&dir)
            .map_err(|e| unavailable(format!("`{}`: {e}", dir.display())))?;
        let mut vault = Self::with_objects(Arc::new(objects), ObjectPath::default(), key_file)?;
        vault.local_dir = Some(dir);
        Ok(vault)
    }

    /// A vault on any object store URL (`file:///…`, `s3://bucket/prefix`
    /// with the `s3` feature; credentials from the usual `AWS_*` variables).
    pub fn at_url(url: &str, key_file: &Path) -> Result<Vault> {
        let parsed = url::Url::parse(url)
            .map_err(|e| unavailable(format!("invalid document store URL `{url}`: {e}")))?;
        let options: Vec<(String, String)> = std::env::vars()
            .filter(|(k, _)| k.starts_with("AWS_"))
            .map(|(k, v)| (k.to_ascii_lowercase(), v))
            .collect();
        let (objects, prefix) = object_store::parse_url_opts(&parsed, options)
            .map_err(|e| unavailable(format!("document store `{url}`: {e}")))?;
        Self::with_objects(Arc::from(objects), prefix, key_file)
    }

    fn with_objects(
        objects: Arc<dyn ObjectStore>,
        prefix: ObjectPath,
        key_file: &Path,
    ) -> Result<Vault> {
        let identity = load_or_create_key(key_file)?;
        let recipient = identity.to_public();
        Ok(Vault {
            objects,
            prefix,
            identity: Arc::new(identity),
            recipient,
            local_dir: None,
        })
    }

    fn path(&self, key: &str) -> ObjectPath {
        self.prefix.clone().join(key)
    }

    /// Encrypts `content` under a fresh key and stores it; returns the new
    /// object's key.
    pub(crate) async fn put(&self, content: &[u8]) -> Result<String> {
        let sealed = age::encrypt(&self.recipient, content)
            .map_err(|e| unavailable(format!("cannot encrypt: {e}")))?;
        let id: [u8; 16] = rand::random();
        let key = format!(
            "{}.age",
            id.iter().map(|b| format!("{b:02x}")).collect::<String>()
        );
        self.objects
            .put(&self.path(&key), PutPayload::from(sealed))
            .await
            .map_err(|e| unavailable(format!("cannot store document content: {e}")))?;
        if let Some(dir) = &self.local_dir {
            crate::private_fs::restrict(&dir.join(&key))
                .map_err(|e| unavailable(format!("cannot protect document content: {e}")))?;
        }
        Ok(key)
    }

    /// Reads and decrypts an object. A changed or swapped object fails
    /// authentication and is reported as corrupt.
    pub(crate) async fn get(&self, key: &str) -> Result<Vec<u8>> {
        let sealed = self
            .objects
            .get(&self.path(key))
            .await
            .map_err(|e| unavailable(format!("cannot read document content `{key}`: {e}")))?
            .bytes()
            .await
            .map_err(|e| unavailable(format!("cannot read document content `{key}`: {e}")))?;
        age::decrypt(self.identity.as_ref(), &sealed)
            .map_err(|e| StoreError::Corrupt(format!("document content `{key}`: {e}")))
    }

    /// Removes an object (after a failed insert).
    pub(crate) async fn delete(&self, key: &str) {
        if let Err(e) = self.objects.delete(&self.path(key)).await {
            tracing::warn!(key, "could not remove an orphan document object: {e}");
        }
    }
}

/// The default key file of a data directory.
pub fn default_key_file(data_dir: &Path) -> PathBuf {
    data_dir.join(DOCUMENT_KEY_FILE)
}

fn load_or_create_key(path: &Path) -> Result<age::x25519::Identity> {
    match std::fs::read_to_string(path) {
        Ok(text) => {
            let line = text
                .lines()
                .find(|l| l.starts_with("AGE-SECRET-KEY-"))
                .unwrap_or_default();
            age::x25519::Identity::from_str(line.trim()).map_err(|_| {
                StoreError::Corrupt(format!("`{}` holds no age identity", path.display()))
            })
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                crate::private_fs::create_dir_all(dir)
                    .map_err(|e| unavailable(format!("cannot create `{}`: {e}", dir.display())))?;
            }
            let identity = age::x25519::Identity::generate();
            let text = format!(
                "# Vigie document key-encryption key (age X25519). Keep it apart from the database.\n# public: {}\n{}\n",
                identity.to_public(),
                identity.to_string().expose_secret()
            );
            crate::log::write_private(path, &text)
                .map_err(|e| unavailable(format!("cannot write `{}`: {e}", path.display())))?;
            tracing::info!(file = %path.display(), "created the document key");
            Ok(identity)
        }
        Err(e) => Err(unavailable(format!(
            "cannot read `{}`: {e}",
            path.display()
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn content_round_trips_and_is_not_stored_in_clear() {
        let dir = tempfile::tempdir().unwrap();
        let vault = Vault::local(dir.path(), &default_key_file(dir.path())).unwrap();
        let secret = b"Paragraphe 3 : emplacement du depot de munitions";
        let key = vault.put(secret).await.unwrap();
        assert_eq!(vault.get(&key).await.unwrap(), secret);
        let raw = std::fs::read(dir.path().join(DOCUMENTS_DIR).join(&key)).unwrap();
        assert!(!raw.windows(secret.len()).any(|w| w == secret));
        // Two encryptions of the same content share nothing: a fresh key each.
        let again = vault.put(secret).await.unwrap();
        let raw2 = std::fs::read(dir.path().join(DOCUMENTS_DIR).join(&again)).unwrap();
        assert_ne!(raw[raw.len() - 64..], raw2[raw2.len() - 64..]);
        // Another instance's key opens nothing.
        let other = tempfile::tempdir().unwrap();
        let stranger = Vault::local(dir.path(), &default_key_file(other.path())).unwrap();
        assert!(matches!(
            stranger.get(&key).await,
            Err(StoreError::Corrupt(_))
        ));
        // A flipped byte fails authentication.
        let mut tampered = raw.clone();
        let last = tampered.len() - 1;
        tampered[last] ^= 1;
        std::fs::write(dir.path().join(DOCUMENTS_DIR).join(&key), tampered).unwrap();
        assert!(matches!(vault.get(&key).await, Err(StoreError::Corrupt(_))));
    }
}
