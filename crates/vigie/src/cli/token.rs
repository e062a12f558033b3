//! `vigie token create --username U`: prints a new API token, once.

use clap::Subcommand;
use vigie_domain::Username;

use vigie_store::Actor;

use crate::config::StorageArgs;

#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// Create an API token for a user and print it (it is not shown again).
    Create {
        /// The user the token acts as.
        #[arg(long)]
        username: Username,
        /// A note to recognise the token by later.
        #[arg(long, default_value = "cli")]
        label: String,
    },
}

pub async fn run(storage: &StorageArgs, command: TokenCommand) -> anyhow::Result<()> {
    let store = storage.open().await?;
    match command {
        TokenCommand::Create { username, label } => {
            let token = store
                .create_api_token(&Actor::Cli, &username, &label)
                .await?;
            store.close().await;
            crate::output::lines([token.secret])
        }
    }
}
