//! `vigie migrate`.

use crate::config::{StorageArgs, describe};

pub async fn run(storage: &StorageArgs) -> anyhow::Result<()> {
    let store = storage.open().await?;
    println!("{} is up to date", describe(&storage.location()?));
    store.close().await;
    Ok(())
}
