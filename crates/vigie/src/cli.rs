//! The command line: one module per subcommand.

mod backup;
mod classification;
mod country;
mod declassify;
mod export;
mod import;
mod import_json;
mod institution;
mod log;
mod mandate;
mod migrate;
mod role;
mod serve;
mod token;
mod user;

use clap::{Parser, Subcommand};

use crate::config::StorageArgs;

/// Vigie: democratic oversight of defense and security resources.
///
/// Budgets and their execution, procurement, classified documents and who
/// may see them, a tamper-evident trail of every access, and the follow-up
/// of recommendations.
#[derive(Debug, Parser)]
#[command(name = "vigie", version, propagate_version = true)]
pub struct Cli {
    #[command(flatten)]
    storage: StorageArgs,

    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run the web application.
    Serve(serve::ServeArgs),
    /// Import data files: budgets, contracts, and the accountability chain
    /// (governance, assessments, conference editions, findings,
    /// recommendations, follow-up meetings).
    #[command(subcommand)]
    Import(import::ImportCommand),
    /// Export open data (budgets), as the public sees it.
    #[command(subcommand)]
    Export(export::ExportCommand),
    /// Apply pending database migrations and exit (`serve` also does this).
    Migrate,
    /// Manage user accounts.
    #[command(subcommand)]
    User(user::UserCommand),
    /// Manage API tokens.
    #[command(subcommand)]
    Token(token::TokenCommand),
    /// The classification rules: levels, categories, authorities.
    #[command(subcommand)]
    Classification(classification::ClassificationCommand),
    /// List or add countries.
    #[command(subcommand)]
    Country(country::CountryCommand),
    /// List or add institutions.
    #[command(subcommand)]
    Institution(institution::InstitutionCommand),
    /// Take a consistent snapshot (database, signing key, documents) into
    /// DIR, while the server runs.
    Backup {
        /// An empty or new directory.
        dir: std::path::PathBuf,
    },
    /// Bring a backup back into the empty database and data dir given by
    /// --database-url / --data-dir, and check its log.
    Restore {
        /// A directory made by `vigie backup`.
        dir: std::path::PathBuf,
    },
    /// The tamper-evident log: print the checkpoint or the key, verify.
    #[command(subcommand)]
    Log(log::LogCommand),
    /// List roles.
    #[command(subcommand)]
    Role(role::RoleCommand),
    /// Oversight mandates: which institution oversees which service, when.
    #[command(subcommand)]
    Mandate(mandate::MandateCommand),
    /// Red flags on OCDS compiled releases, one per line (Cardinal's
    /// settings file and JSON output; see docs/redflags.md). Reads the file,
    /// not the database.
    Redflags(vigie_redflags::Args),
    /// Count how many times each field of line-delimited JSON is
    /// non-empty, as `ocdscardinal coverage` does: one JSON object of
    /// paths and counts (`""` a line, `/` an object, `[]` an array's
    /// elements). Reads the file, not the database.
    Coverage(vigie_redflags::CoverageArgs),
    /// Correct the known quality issues of OCDS compiled releases, one per
    /// line, as `ocdscardinal prepare` does (same settings, same output,
    /// same issue rows: line,ocid,path,array indexes,incorrect value,error
    /// description). Reads the file, not the database.
    Prepare(vigie_redflags::PrepareArgs),
    /// Declassify every document whose declassification date has come
    /// (`serve` also does it every hour), and print what was done.
    Declassify(declassify::DeclassifyArgs),
}

/// Logs go to stderr: `info` for the server, `warn` for one-shot commands
/// (whose stdout scripts read), or whatever `RUST_LOG` says.
pub fn init_logging(cli: &Cli) {
    let default = match cli.command {
        Command::Serve(_) => "info,sqlx=warn",
        _ => "warn",
    };
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .init();
}

/// Runs a subcommand that needs neither the database nor the async
/// runtime, if that is the one chosen: `vigie redflags` reads a file on its
/// own worker threads, and starting the runtime beside them only costs
/// memory (a third more on a small file).
pub fn run_offline(cli: &Cli) -> Option<anyhow::Result<()>> {
    match &cli.command {
        Command::Redflags(args) => Some(vigie_redflags::run_cli(args)),
        Command::Coverage(args) => Some(vigie_redflags::run_coverage(args)),
        Command::Prepare(args) => Some(vigie_redflags::run_prepare(args)),
        _ => None,
    }
}

/// Runs the chosen subcommand.
pub async fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Serve(args) => serve::run(&cli.storage, args).await,
        Command::Migrate => migrate::run(&cli.storage).await,
        Command::Import(command) => import::run(&cli.storage, command).await,
        Command::Export(command) => export::run(&cli.storage, command).await,
        Command::User(command) => user::run(&cli.storage, command).await,
        Command::Token(command) => token::run(&cli.storage, command).await,
        Command::Classification(command) => classification::run(&cli.storage, command).await,
        Command::Country(command) => country::run(&cli.storage, command).await,
        Command::Institution(command) => institution::run(&cli.storage, command).await,
        Command::Role(command) => role::run(command),
        Command::Log(command) => log::run(&cli.storage, command).await,
        Command::Backup { dir } => backup::backup(&cli.storage, &dir).await,
        Command::Restore { dir } => backup::restore(&cli.storage, &dir).await,
        Command::Mandate(command) => mandate::run(&cli.storage, command).await,
        Command::Declassify(args) => declassify::run(&cli.storage, args).await,
        Command::Redflags(args) => vigie_redflags::run_cli(&args),
        Command::Coverage(args) => vigie_redflags::run_coverage(&args),
        Command::Prepare(args) => vigie_redflags::run_prepare(&args),
    }
}
