//! `vigie role list`: one role per line, code first, then what it is for.

use clap::Subcommand;
use vigie_domain::{Lang, Role};

#[derive(Debug, Subcommand)]
pub enum RoleCommand {
    /// Print every role: code, tab, description.
    List {
        /// Language of the descriptions.
        #[arg(long, default_value = "fr")]
        lang: Lang,
    },
}

pub fn run(command: RoleCommand) -> anyhow::Result<()> {
    match command {
        RoleCommand::List { lang } => crate::output::lines(
            Role::ALL
                .iter()
                .map(|r| format!("{}\t{}", r.code(), r.describe(lang))),
        ),
    }
}
