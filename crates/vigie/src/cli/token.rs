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
    /// Print tokens: id, username, label, created, revoked (tab-separated; never the secret).
    List {
        /// Only this user's tokens.
        #[arg(long)]
        username: Option<Username>,
    },
    /// Revoke a token for good.
    Revoke {
        /// The token's id (see `vigie token list`).
        #[arg(long)]
        id: i64,
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
        TokenCommand::List { username } => {
            let tokens = store.list_api_tokens(username.as_ref()).await?;
            store.close().await;
            crate::output::lines(tokens.iter().map(|t| {
                let revoked = t.revoked_at.map(|r| r.to_string()).unwrap_or_default();
                format!(
                    "{}\t{}\t{}\t{}\t{revoked}",
                    t.id, t.username, t.label, t.created_at
                )
            }))
        }
        TokenCommand::Revoke { id } => {
            store.revoke_api_token(&Actor::Cli, id).await?;
            store.close().await;
            crate::output::lines([format!("revoked token {id}")])
        }
    }
}
