//! Printing results for scripts: one record per line, on stdout.
//!
//! A reader that stops early (`vigie user list | head -1`) closes the pipe;
//! that is the reader's choice, not an error, so it ends the command quietly
//! instead of panicking like `println!` would.

use std::io::{ErrorKind, Write};

/// Writes each line to stdout; stops quietly if the reader has gone.
pub fn lines<I, S>(lines: I) -> anyhow::Result<()>
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for line in lines {
        if let Err(e) = writeln!(out, "{}", line.as_ref()) {
            return quiet_on_broken_pipe(e);
        }
    }
    out.flush().or_else(quiet_on_broken_pipe)
}

fn quiet_on_broken_pipe(e: std::io::Error) -> anyhow::Result<()> {
    if e.kind() == ErrorKind::BrokenPipe {
        Ok(())
    } else {
        Err(anyhow::Error::new(e).context("cannot write to standard output"))
    }
}
