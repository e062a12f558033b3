//! `vigie serve`: the web application.

use anyhow::{Context, bail};
use tokio::net::TcpListener;
use vigie_store::demo::{DEMO_PASSWORD, DemoOutcome};
use vigie_web::{AppState, WebConfig, app};

use crate::config::{StorageArgs, describe};

#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// Load the demo data (five countries, their institutions, the SIPRI
    /// series, demo accounts with the password `demo`) into an empty
    /// database. Refused on a database that holds other data.
    #[arg(long)]
    demo: bool,

    /// Address to listen on. Port 0 picks a free port (printed at start).
    #[arg(long, env = "VIGIE_LISTEN", default_value = "127.0.0.1:8080")]
    listen: String,

    /// Send cookies without the `Secure` flag. Only for plain HTTP on an
    /// address other than localhost, on a network you trust; behind HTTPS,
    /// never.
    #[arg(long, env = "VIGIE_INSECURE_COOKIES")]
    insecure_cookies: bool,
}

pub async fn run(storage: &StorageArgs, args: ServeArgs) -> anyhow::Result<()> {
    // Bind first: a port already in use is the commonest start-up failure,
    // and it should not wait for migrations to be reported.
    let listener = TcpListener::bind(&args.listen)
        .await
        .with_context(|| format!("cannot listen on `{}`", args.listen))?;
    let address = listener
        .local_addr()
        .context("cannot read the listening address")?;

    let location = storage.location()?;
    let store = storage.open().await?;
    let mut demo = store.is_demo().await?;
    if args.demo {
        match store.load_demo().await {
            Ok(DemoOutcome::Loaded {
                institutions,
                users,
                observations,
            }) => {
                tracing::info!(institutions, users, observations, "demo data loaded");
            }
            Ok(DemoOutcome::AlreadyLoaded) => {
                tracing::info!("demo data already loaded; nothing changed")
            }
            Err(vigie_store::StoreError::Conflict(_)) => {
                bail!(
                    "--demo refused: {} already holds data that is not the demo",
                    describe(&location)
                )
            }
            Err(e) => return Err(e).context("cannot load the demo data"),
        }
        demo = true;
    }
    if demo {
        eprintln!();
        eprintln!("  *** DEMO DATA: every demo account has the password `{DEMO_PASSWORD}` ***");
        eprintln!("  *** try `bfa-codes`, `mli-bvg` or `admin`; never put real records here ***");
        eprintln!();
    }

    let config = WebConfig {
        secure_cookies: !args.insecure_cookies,
        demo,
        ..WebConfig::default()
    };
    let router = app(AppState::new(store.clone(), config));
    // Scripts and tests read this line to find the port.
    println!(
        "Vigie listening on http://{address} ({})",
        describe(&location)
    );
    axum::serve(listener, router)
        .with_graceful_shutdown(shutdown_signal())
        .await
        .context("the server stopped with an error")?;
    store.close().await;
    Ok(())
}

/// Resolves on Ctrl-C or SIGTERM, so that in-flight requests finish and the
/// database is closed cleanly.
async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}
