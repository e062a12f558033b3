//! `vigie token create --username U [--scope read|write] [--expires-in 90d]`:
//! prints a new API token, once.

use clap::Subcommand;
use time::{Duration, OffsetDateTime};
use vigie_domain::{TokenScope, Username};

use vigie_store::{Actor, TokenSpec};

use crate::config::StorageArgs;

#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// Create an API token for a user and print it (it is not shown again).
    /// By default it only reads (scope `read`) and expires in 90 days.
    Create {
        /// The user the token acts as.
        #[arg(long)]
        username: Username,
        /// A note to recognise the token by later.
        #[arg(long, default_value = "cli")]
        label: String,
        /// `read`: GET and HEAD only (a POST is refused with 403); `write`:
        /// everything the user may do.
        #[arg(long, default_value = "read", value_parser = parse_scope)]
        scope: TokenScope,
        /// How long the token works: days (`90d`) or hours (`12h`); after
        /// that it is refused with 401.
        #[arg(long, default_value = "90d", value_parser = parse_lifetime)]
        expires_in: Duration,
    },
    /// Print tokens: id, username, label, created, revoked, scope, expires
    /// (tab-separated; never the secret).
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
        TokenCommand::Create {
            username,
            label,
            scope,
            expires_in,
        } => {
            let spec = TokenSpec {
                label,
                scope,
                expires_at: Some(OffsetDateTime::now_utc() + expires_in),
            };
            let token = store
                .create_api_token_with(&Actor::Cli, &username, &spec)
                .await?;
            store.close().await;
            crate::output::lines([token.secret])
        }
        TokenCommand::List { username } => {
            let tokens = store.list_api_tokens(username.as_ref()).await?;
            store.close().await;
            crate::output::lines(tokens.iter().map(|t| {
                let revoked = t.revoked_at.map(|r| r.to_string()).unwrap_or_default();
                let expires = t.expires_at.map(|r| r.to_string()).unwrap_or_default();
                format!(
                    "{}\t{}\t{}\t{}\t{revoked}\t{}\t{expires}",
                    t.id, t.username, t.label, t.created_at, t.scope
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

fn parse_scope(s: &str) -> Result<TokenScope, String> {
    s.parse().map_err(|e: vigie_domain::Invalid| e.to_string())
}

/// `90d` or `12h`, at least an hour and at most ten years.
fn parse_lifetime(s: &str) -> Result<Duration, String> {
    let parsed = match s.char_indices().last() {
        Some((i, 'd')) => s[..i].parse::<i64>().ok().map(Duration::days),
        Some((i, 'h')) => s[..i].parse::<i64>().ok().map(Duration::hours),
        _ => None,
    };
    match parsed {
        Some(d) if d >= Duration::hours(1) && d <= Duration::days(3660) => Ok(d),
        Some(_) => Err(format!("`{s}`: between 1h and 3660d")),
        None => Err(format!(
            "`{s}` is not a lifetime: a number of days (`90d`) or hours (`12h`)"
        )),
    }
}
