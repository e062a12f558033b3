//! Files and directories only their owner may read.
//!
//! The data directory holds the database, the document key, the log's
//! signing key and the encrypted documents: on a shared machine none of it
//! is anyone else's business, so Vigie creates directories `0700` and
//! files `0600` itself rather than trusting the umask (typically `022`,
//! which gives everyone read access). Existing directories are left as
//! the operator made them.

use std::io;
use std::path::Path;

/// `create_dir_all`, every directory it creates `0700`.
pub fn create_dir_all(path: &Path) -> io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(path)
}

/// Creates an empty file `0600` unless it exists. SQLite keeps an existing
/// file's mode and gives its `-wal` and `-shm` files the same one, so the
/// database file is made here before SQLite opens it.
pub fn create_file(path: &Path) -> io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    match options.open(path) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(e),
    }
}

/// Makes a file something else wrote (`VACUUM INTO`, `pg_dump`, the object
/// store, a copy) `0600`.
pub fn restrict(path: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))?;
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}
