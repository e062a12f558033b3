//! The `vigie` command. It parses the command line, picks the database,
//! runs one subcommand, and turns any failure into one line on stderr and a
//! non-zero exit — never a panic or a backtrace.

mod cli;
mod config;
mod output;

use std::process::ExitCode;

use clap::Parser;
use clap::error::ErrorKind;

/// mimalloc rather than the system's allocator: an import parses on some
/// threads and frees on others, and glibc's malloc then spends its time on
/// its arenas' locks (bench/import/README.md). Built without transparent
/// huge pages (`no_thp`): with them, each 2 MiB a thread touched counted
/// whole, and `vigie redflags`, `prepare` and the import held 25–45 % more
/// memory for the same speed. Its version 2 (`v2`): version 3 returns freed
/// memory to the system after a second, version 2 after 10 ms, and on
/// 100,000 releases `vigie redflags` held 59–62 MiB rather than 67–68
/// (bid-heavy) and 24 rather than 27–29 (real shape), the import of 10,000
/// real-shaped releases 75 MiB rather than 94–109, at the same speed within
/// the machine's noise (bench/redflags/README.md, 2026-12-07).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    install_panic_hook();
    let args = match cli::Cli::try_parse() {
        Ok(args) => args,
        Err(e) if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) => {
            // Printing help can only fail on a closed stdout; nothing to add then.
            let _ = e.print();
            return ExitCode::SUCCESS;
        }
        Err(e) if e.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = e.print();
            return ExitCode::from(2);
        }
        Err(e) => {
            // clap's own message spans several lines (tips, usage): keep the
            // first, which says what is wrong, and point to --help.
            let rendered = e.to_string();
            let first = rendered
                .lines()
                .next()
                .unwrap_or("error: invalid arguments");
            eprintln!("{first} (see `vigie --help`)");
            return ExitCode::from(2);
        }
    };
    cli::init_logging(&args);
    if let Some(result) = cli::run_offline(&args) {
        return exit(result);
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    exit(runtime.block_on(cli::run(args)))
}

fn exit(result: anyhow::Result<()>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // `{:#}` prints the whole context chain on one line.
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// A panic is a bug; say so on one line, without a backtrace, and exit.
fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let message = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_default();
        let location = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        eprintln!("error: internal error (please report it): {message}{location}");
    }));
}
