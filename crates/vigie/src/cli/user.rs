//! `vigie user add` and `vigie user list`.

use std::io::BufRead;

use anyhow::{Context, bail};
use clap::Subcommand;
use vigie_domain::{InstitutionCode, Role, Username};
use vigie_store::{NewUser, credentials};

use vigie_store::Actor;

use crate::config::StorageArgs;

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create an account. The password is read from standard input.
    Add {
        /// Login name: lowercase letters, digits, `.`, `_`, `-`.
        #[arg(long)]
        username: Username,
        /// Code of the user's institution (see `vigie institution list`).
        #[arg(long)]
        institution: InstitutionCode,
        /// A role (see `vigie role list`); repeat the flag or separate with commas.
        #[arg(long = "role", required = true, value_delimiter = ',')]
        roles: Vec<Role>,
        /// Read the password from the first line of standard input, so it
        /// never appears in the shell history or the process list.
        #[arg(long, required = true)]
        password_stdin: bool,
    },
    /// Print every user: username, institution code, roles (tab-separated).
    List,
    /// Disable an account: it can no longer sign in, its sessions end and
    /// its API tokens stop working until it is enabled again.
    Disable {
        /// The account.
        #[arg(long)]
        username: Username,
    },
    /// Enable a disabled account again.
    Enable {
        /// The account.
        #[arg(long)]
        username: Username,
    },
    /// Clear a user up to a level of their country's scheme (the level
    /// code, e.g. `CD`); the lowest level removes the clearance.
    Clearance {
        /// The account.
        #[arg(long)]
        username: Username,
        /// A level code of the user's country (see `vigie classification levels`).
        #[arg(long)]
        level: String,
    },
    /// Set a new password (read from standard input); ends the user's sessions.
    Passwd {
        /// The account.
        #[arg(long)]
        username: Username,
        /// Read the password from the first line of standard input.
        #[arg(long, required = true)]
        password_stdin: bool,
    },
    /// Remove a user's second factor (TOTP secret and recovery codes), for
    /// a lost or changed phone, and end their sessions. An account that
    /// needs one (cleared above public, administrator or classification
    /// authority) sets up a new one at its next sign-in.
    #[command(name = "reset-2fa")]
    Reset2fa {
        /// The account.
        #[arg(long)]
        username: Username,
    },
}

pub async fn run(storage: &StorageArgs, command: UserCommand) -> anyhow::Result<()> {
    match command {
        UserCommand::Add {
            username,
            institution,
            roles,
            password_stdin: _,
        } => {
            let password = read_password()?;
            let store = storage.open().await?;
            let password_hash = credentials::hash_password(&password)?;
            let user = store
                .create_user(
                    &Actor::Cli,
                    &NewUser {
                        username,
                        institution,
                        roles,
                        password_hash,
                    },
                )
                .await?;
            println!("created user {}", user.username);
            store.close().await;
        }
        UserCommand::Disable { username } => set_disabled(storage, &username, true).await?,
        UserCommand::Enable { username } => set_disabled(storage, &username, false).await?,
        UserCommand::Passwd {
            username,
            password_stdin: _,
        } => {
            let password = read_password()?;
            let store = storage.open().await?;
            store
                .set_password(
                    &Actor::Cli,
                    &username,
                    &credentials::hash_password(&password)?,
                )
                .await?;
            store.close().await;
            println!("new password set for {username}; their sessions have ended");
        }
        UserCommand::Clearance { username, level } => {
            let store = storage.open().await?;
            let result = set_clearance(&store, &username, &level).await;
            store.close().await;
            let rank = result?;
            println!("{username} is cleared to {level} (rank {rank})");
        }
        UserCommand::Reset2fa { username } => {
            let store = storage.open().await?;
            let result = store.reset_second_factor(&Actor::Cli, &username).await;
            store.close().await;
            if result? {
                println!(
                    "second factor of {username} removed; their sessions have ended; they set up a new one at their next sign-in"
                );
            } else {
                println!("{username} had no second factor; nothing changed");
            }
        }
        UserCommand::List => {
            let store = storage.open().await?;
            let users = store.list_users().await?;
            store.close().await;
            crate::output::lines(users.iter().map(|u| {
                let roles: Vec<_> = u.roles.iter().map(|r| r.code()).collect();
                format!("{}\t{}\t{}", u.username, u.institution, roles.join(","))
            }))?;
        }
    }
    Ok(())
}

async fn set_disabled(
    storage: &StorageArgs,
    username: &Username,
    disabled: bool,
) -> anyhow::Result<()> {
    let store = storage.open().await?;
    store
        .set_user_disabled(&Actor::Cli, username, disabled)
        .await?;
    store.close().await;
    println!(
        "{} user {username}",
        if disabled { "disabled" } else { "enabled" }
    );
    Ok(())
}

async fn set_clearance(
    store: &vigie_store::Store,
    username: &Username,
    level: &str,
) -> anyhow::Result<u8> {
    let user = store
        .user_by_username(username)
        .await?
        .with_context(|| format!("no user `{username}`"))?;
    let country = store
        .list_institutions()
        .await?
        .into_iter()
        .find(|i| *i.code() == user.institution)
        .and_then(|i| i.country())
        .with_context(|| {
            format!("{username}'s institution belongs to no country: clearance is per country")
        })?;
    let scheme = store
        .classification_scheme(country)
        .await?
        .with_context(|| format!("{country} has no classification scheme"))?;
    let rank = scheme
        .level(level)
        .with_context(|| format!("`{level}` is not a level of {country} (see `vigie classification levels --country {country}`)"))?
        .rank();
    store.set_clearance(&Actor::Cli, username, rank).await?;
    Ok(rank)
}

fn read_password() -> anyhow::Result<String> {
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .context("cannot read the password from standard input")?;
    let password = line.trim_end_matches(['\r', '\n']);
    if password.is_empty() {
        bail!(
            "no password on standard input (pipe it in: `echo \"$PASSWORD\" | vigie user add … --password-stdin`)"
        );
    }
    Ok(password.to_owned())
}
