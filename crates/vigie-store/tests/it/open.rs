//! Opening databases: locations, migrations, the file on disk.

use vigie_store::testing::TestStore;
use vigie_store::{Backend, DatabaseLocation, Store};

#[tokio::test]
async fn a_new_store_is_migrated_and_empty() {
    let t = TestStore::new().await.unwrap();
    t.store.ping().await.unwrap();
    assert!(t.store.is_empty().await.unwrap());
    assert!(t.store.list_institutions().await.unwrap().is_empty());
    let expected = if std::env::var("VIGIE_TEST_DATABASE_URL").is_ok_and(|u| !u.is_empty()) {
        Backend::Postgres
    } else {
        Backend::Sqlite
    };
    assert_eq!(t.store.backend(), expected);
    t.cleanup().await.unwrap();
}

#[tokio::test]
async fn sqlite_lives_in_the_data_dir_in_wal_mode_and_keeps_data_across_opens() {
    let dir = tempfile::tempdir().unwrap();
    let data_dir = dir.path().join("nested").join("vigie-data");
    let location = DatabaseLocation::in_data_dir(&data_dir);
    let store = Store::open(&location).await.unwrap();
    let vault =
        vigie_store::documents::Vault::local(&data_dir, &data_dir.join("document-key")).unwrap();
    store.clone().with_vault(vault).load_demo().await.unwrap();
    store.close().await;
    assert!(data_dir.join("vigie.db").is_file());
    // WAL mode leaves a -wal file beside the database while it is open.
    let store = Store::open(&location).await.unwrap();
    assert!(data_dir.join("vigie.db-wal").exists());
    assert!(store.is_demo().await.unwrap());
    assert_eq!(store.list_countries().await.unwrap().len(), 5);
    store.close().await;
}

#[tokio::test]
async fn an_unwritable_data_dir_is_named_in_the_error() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a-file");
    std::fs::write(&file, b"").unwrap();
    // A data dir below a regular file cannot be created, even by root.
    let err = Store::open(&DatabaseLocation::in_data_dir(&file.join("data")))
        .await
        .unwrap_err()
        .to_string();
    assert!(err.contains("cannot create data directory"), "{err}");
    assert!(err.contains("a-file"), "{err}");
}

/// PostgreSQL runs its own forms of the kept counts' migrations (statement
/// triggers with transition tables); with `VIGIE_YSQL_FORMS`, YugabyteDB's
/// forms ran instead, with none (decision 0031), and the rest of the suite
/// then tests those forms.
#[tokio::test]
async fn the_forms_of_the_migrations_that_ran_are_the_engines() {
    let t = TestStore::new().await.unwrap();
    if t.store.backend() != Backend::Postgres {
        return t.cleanup().await.unwrap();
    }
    let with_transition_tables = t
        .text_pairs(
            "SELECT c.relname, t.tgname FROM pg_trigger t \
             JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace \
             WHERE n.nspname = current_schema() \
             AND (t.tgoldtable IS NOT NULL OR t.tgnewtable IS NOT NULL) ORDER BY 1, 2",
        )
        .await
        .unwrap();
    if vigie_store::ysql_forms_forced() {
        assert_eq!(with_transition_tables, []);
    } else {
        let tables: std::collections::BTreeSet<_> = with_transition_tables
            .iter()
            .map(|(table, _)| table.as_str())
            .collect();
        assert_eq!(
            tables.into_iter().collect::<Vec<_>>(),
            ["budget_lines", "documents", "recommendation_countries"]
        );
    }
    t.cleanup().await.unwrap();
}
