//! `vigie redflags FILE [--settings FILE.ini] [--format json|csv] [--no-meta]`.
//! The `vigie` binary wires [`Args`] as a subcommand and calls [`run_cli`].

use std::io::{self, BufRead, BufReader, Write};
use std::path::{Path, PathBuf};

use anyhow::Context as _;

use crate::{Settings, evaluate_lines};

/// Output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Cardinal's JSON object.
    Json,
    /// `group,id,indicator,value` rows.
    Csv,
}

/// Red flags on line-delimited OCDS compiled releases.
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// The releases, one JSON object a line (`-` for standard input).
    pub file: PathBuf,
    /// Cardinal-style INI settings; an indicator runs iff its section is present.
    /// Without settings, as Cardinal, no R indicator runs, and the D flags run
    /// with their defaults (D007 needs a threshold, so not it).
    #[arg(long, short)]
    pub settings: Option<PathBuf>,
    /// Every indicator, R and D, with its defaults (ignored with --settings).
    #[arg(long)]
    pub all: bool,
    #[arg(long, value_enum, default_value_t = Format::Json)]
    pub format: Format,
    /// Leave out the quartiles and fences (`Meta`).
    #[arg(long)]
    pub no_meta: bool,
    /// Only read the file and check that each line is JSON, on the same
    /// threads, and print the number of lines: the cost of reading the
    /// input at all, which benchmarks compare the flags' cost with.
    #[arg(long, conflicts_with_all = ["settings", "all", "format", "no_meta"])]
    pub parse_only: bool,
}

/// The settings the command line asks for.
pub fn settings_for(args: &Args) -> anyhow::Result<Settings> {
    Ok(match &args.settings {
        Some(path) => Settings::from_file(path)?,
        None if args.all => Settings::all(),
        None => Settings {
            d: Settings::all().d,
            ..Settings::default()
        },
    })
}

/// The file a command reads, or standard input for `-`, buffered in large
/// reads.
pub(crate) fn open_input(path: &Path) -> anyhow::Result<Box<dyn BufRead>> {
    const BUFFER: usize = 256 << 10;
    if path.as_os_str() == "-" {
        return Ok(Box::new(BufReader::with_capacity(
            BUFFER,
            io::stdin().lock(),
        )));
    }
    let file = std::fs::File::open(path).with_context(|| format!("opening {}", path.display()))?;
    Ok(Box::new(BufReader::with_capacity(BUFFER, file)))
}

/// Runs the command, writing to standard output; skipped lines go to standard error.
pub fn run_cli(args: &Args) -> anyhow::Result<()> {
    if args.parse_only {
        let lines =
            crate::parse_only(&args.file).with_context(|| args.file.display().to_string())?;
        println!("{lines}");
        return Ok(());
    }
    let settings = settings_for(args)?;
    let report = evaluate_lines(open_input(&args.file)?, &settings)
        .with_context(|| args.file.display().to_string())?;
    let mut stderr = io::stderr().lock();
    for warning in &report.warnings {
        writeln!(stderr, "{}: {warning}", args.file.display())?;
    }
    let stdout = io::stdout().lock();
    let mut out = io::BufWriter::new(stdout);
    match args.format {
        Format::Json => report.write_json(&mut out, args.no_meta)?,
        Format::Csv => report.write_csv(&mut out)?,
    }
    out.flush()?;
    Ok(())
}
