//! `vigie log checkpoint | verify | key`: the tamper-evident trail from the
//! command line, for administrators and for the oversight bodies that keep
//! checkpoints.

use std::path::PathBuf;

use anyhow::{Context, bail};
use clap::Subcommand;
use vigie_ledger::VerifierKey;

use crate::config::StorageArgs;

#[derive(Debug, Subcommand)]
pub enum LogCommand {
    /// Print the current signed checkpoint (the same text as `GET /log/checkpoint`).
    Checkpoint,
    /// Print the verifier key that signs checkpoints (as `GET /log/key`).
    Key,
    /// Recompute the whole log and check it against every stored entry,
    /// node, checkpoint and object; exit 0 only if everything holds.
    Verify {
        /// A checkpoint kept from earlier (a file holding the signed note):
        /// prove the log still contains it.
        #[arg(long)]
        checkpoint: Option<PathBuf>,
        /// The verifier key to trust (`name+id+key`, as `vigie log key`
        /// prints it). Default: the instance's own key in the data dir —
        /// pass the one you kept to rule out a replaced key.
        #[arg(long)]
        key: Option<String>,
    },
}

pub async fn run(storage: &StorageArgs, command: LogCommand) -> anyhow::Result<()> {
    match command {
        LogCommand::Checkpoint => {
            let key = vigie_store::log::load_or_create_signing_key(&storage.data_dir)?;
            let store = storage.open().await?;
            let note = store.log_checkpoint(&key).await?;
            store.close().await;
            crate::output::lines([note.trim_end()])
        }
        LogCommand::Key => {
            let key = vigie_store::log::load_or_create_signing_key(&storage.data_dir)?;
            crate::output::lines([key.verifier().to_string()])
        }
        LogCommand::Verify { checkpoint, key } => {
            let verifier = match key {
                Some(text) => VerifierKey::parse(&text).context("invalid --key")?,
                None => {
                    let path = storage.data_dir.join(vigie_store::log::KEY_FILE);
                    if !path.exists() {
                        bail!(
                            "no signing key at `{}`: give the verifier key with --key",
                            path.display()
                        );
                    }
                    vigie_store::log::load_or_create_signing_key(&storage.data_dir)?.verifier()
                }
            };
            let older = match &checkpoint {
                Some(path) => Some(
                    std::fs::read_to_string(path)
                        .with_context(|| format!("cannot read `{}`", path.display()))?,
                ),
                None => None,
            };
            let store = storage.open().await?;
            let outcome = store.verify_log(&verifier, older.as_deref()).await?;
            store.close().await;
            match outcome {
                Ok(report) => {
                    let mut line = format!(
                        "ok: {} entries, root {}, {} stored checkpoints, {} objects match their last entry",
                        report.size, report.root, report.checkpoints, report.objects
                    );
                    if let Some(size) = report.consistent_with {
                        line.push_str(&format!(
                            "; consistent with the given checkpoint at size {size}"
                        ));
                    }
                    crate::output::lines([line])
                }
                Err(problem) => bail!("the log does not verify: {problem}"),
            }
        }
    }
}
