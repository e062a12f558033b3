//! The `vigie redflags` command on its own, for comparisons and benchmarks:
//! `cargo run --release -p vigie-redflags --example redflags -- FILE [--settings S.ini]`.
//! `--parse-only` times reading the JSON alone.

use clap::Parser;

#[derive(Debug, Parser)]
struct Cli {
    #[command(flatten)]
    args: vigie_redflags::Args,
    /// Only check that each line is JSON, and print the number of lines.
    #[arg(long)]
    parse_only: bool,
}

fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    if cli.parse_only {
        println!("{}", vigie_redflags::parse_only(&cli.args.file)?);
        return Ok(());
    }
    vigie_redflags::run_cli(&cli.args)
}
