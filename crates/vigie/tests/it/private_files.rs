//! The data directory and everything in it, and backups, are readable by
//! their owner only, whatever the umask: another account on the machine
//! must not copy the database, the keys or the documents.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use crate::support::Env;

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .permissions()
        .mode()
        & 0o777
}

/// Every file under `dir` is 0600 and every directory 0700.
fn assert_private_tree(dir: &Path) {
    assert_eq!(mode(dir), 0o700, "{}", dir.display());
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            assert_private_tree(&path);
        } else {
            assert_eq!(mode(&path), 0o600, "{}", path.display());
        }
    }
}

#[tokio::test]
async fn the_data_directory_and_backups_are_private() {
    let env = Env::new().await;
    let migrate = env.run(&["migrate"]);
    assert_eq!(migrate.code, Some(0), "{}", migrate.stderr);
    let data = env.data_dir();
    assert_eq!(mode(&data), 0o700);
    if env.database_url.is_none() {
        assert_eq!(mode(&data.join("vigie.db")), 0o600);
    }
    // The demo stores encrypted documents and creates both keys.
    let server = env.serve(&["--demo"]);
    drop(server);
    for file in ["document-key", "log-signing-key"] {
        assert_eq!(mode(&data.join(file)), 0o600, "{file}");
    }
    assert!(
        std::fs::read_dir(data.join("documents")).unwrap().count() > 0,
        "the demo stored documents"
    );
    assert_private_tree(&data);

    let backup_dir = env.dir.path().join("backup");
    let backup = env.run(&["backup", backup_dir.to_str().unwrap()]);
    assert_eq!(backup.code, Some(0), "{}", backup.stderr);
    assert_private_tree(&backup_dir);
    env.cleanup().await;
}
