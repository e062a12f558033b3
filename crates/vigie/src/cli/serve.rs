//! `vigie serve`: the web application.

mod connections;

use std::time::Duration;

use anyhow::{Context, bail};
use axum::http::HeaderName;
use tokio::net::TcpListener;
use vigie_store::demo::{DEMO_PASSWORD, DEMO_TOTP_SECRET, DemoOutcome};
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

    /// Seconds a client has to send its request headers; a slower
    /// connection is closed.
    #[arg(long, env = "VIGIE_HEADER_TIMEOUT", default_value_t = 10, value_name = "SECONDS",
          value_parser = clap::value_parser!(u64).range(1..))]
    header_timeout: u64,

    /// Seconds a request may take once its headers are in, upload and
    /// import included; a slower one is answered 408.
    #[arg(long, env = "VIGIE_REQUEST_TIMEOUT", default_value_t = 300, value_name = "SECONDS",
          value_parser = clap::value_parser!(u64).range(1..))]
    request_timeout: u64,

    /// Connections served at once; further clients wait to be accepted.
    /// Bounds the memory a burst of clients can take.
    #[arg(long, env = "VIGIE_MAX_CONNECTIONS", default_value_t = 256, value_name = "N",
          value_parser = clap::value_parser!(u64).range(1..=100_000))]
    max_connections: u64,

    /// The header in which a reverse proxy in front of Vigie passes the
    /// client's address (`X-Forwarded-For`, `X-Real-IP`…), for the
    /// per-client limit on sign-in attempts (its last value is taken).
    /// Only behind such a proxy: a client reaching Vigie directly could set
    /// it. Without it, the connection's peer address counts.
    #[arg(long, env = "VIGIE_CLIENT_IP_HEADER", value_name = "HEADER")]
    client_ip_header: Option<HeaderName>,

    /// Send `Strict-Transport-Security: max-age=31536000; includeSubDomains`
    /// so that browsers only ever come back over HTTPS. Turn on when the
    /// site is reached over HTTPS (directly or behind a TLS proxy); off by
    /// default, since over plain HTTP it would lock browsers out.
    #[arg(long, env = "VIGIE_HSTS")]
    hsts: bool,

    /// Serve from a PostgreSQL streaming replica (a hot standby) named by
    /// --database-url: the schema is checked, never migrated; nothing is
    /// written; only readers who are not signed in are answered (a sign-in,
    /// a form, a session or an API token gets 503, pointing to the
    /// primary). The checkpoints are signed with the primary's key, copied
    /// into --data-dir. See docs/deployment.md.
    #[arg(long, env = "VIGIE_REPLICA", conflicts_with = "demo")]
    replica: bool,
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

    // The access rules are checked before anything else is opened: a
    // malformed policy or schema file stops the server, naming file and line.
    let authorizer = vigie_policy::Authorizer::load().context("the access policies do not load")?;
    let location = storage.location()?;
    let Opened {
        store,
        key,
        demo,
        mut tasks,
    } = if args.replica {
        open_replica(storage, &location).await?
    } else {
        open_primary(storage, &location, args.demo).await?
    };
    let state = AppState::new(store.clone(), args.web_config(demo), key, authorizer);
    tasks.push(tokio::spawn(keep_procurement_overview(state.clone())));
    let shutdown = shutdown_signal()?;
    // Scripts and tests read this line to find the port.
    println!(
        "Vigie listening on http://{address} ({}{})",
        describe(&location),
        if args.replica {
            ", read-only: public pages only"
        } else {
            ""
        }
    );
    connections::serve(listener, app(state), args.timeouts(), shutdown).await;
    for task in tasks {
        task.abort();
    }
    store.close().await;
    Ok(())
}

/// A store ready to serve, with the key its checkpoints are signed with and
/// the background work started for it.
struct Opened {
    store: vigie_store::Store,
    key: vigie_ledger::SigningKey,
    demo: bool,
    tasks: Vec<tokio::task::JoinHandle<()>>,
}

/// The primary: the database migrated (and the demo loaded, with `demo`),
/// its key made if needed, and its periodic writes started: checkpoints,
/// purges of expired sessions, declassification (what is due is
/// declassified before the first request is served).
async fn open_primary(
    storage: &StorageArgs,
    location: &vigie_store::DatabaseLocation,
    load_demo: bool,
) -> anyhow::Result<Opened> {
    let store = storage.open().await?;
    let mut demo = store.is_demo().await?;
    if load_demo {
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
                    describe(location)
                )
            }
            Err(e) => return Err(e).context("cannot load the demo data"),
        }
        demo = true;
    }
    if demo {
        eprintln!();
        eprintln!("  *** DEMO DATA: every demo account has the password `{DEMO_PASSWORD}` ***");
        eprintln!(
            "  *** accounts cleared above public (and `admin`) also ask for a code from the TOTP secret `{}` ***",
            vigie_store::totp::base32(DEMO_TOTP_SECRET).replace(' ', "")
        );
        eprintln!(
            "  *** (any authenticator app; the demo's code page also shows the code to type) ***"
        );
        eprintln!("  *** try `bfa-codes`, `mli-bvg` or `admin`; never put real records here ***");
        eprintln!();
    }
    let key = vigie_store::log::load_or_create_signing_key(&storage.data_dir)?;
    tracing::info!(key = %key.verifier(), "checkpoints are signed by this key (also at /log/key)");
    declassify_due(&store).await;
    let tasks = vec![
        tokio::spawn(publish_checkpoints(store.clone(), key.clone())),
        tokio::spawn(purge_expired_sessions(store.clone())),
        tokio::spawn(declassify_hourly(store.clone())),
    ];
    Ok(Opened {
        store,
        key,
        demo,
        tasks,
    })
}

/// `serve --replica`: a standby, read-only, its schema checked; the
/// primary's key, which must be there. None of the primary's periodic
/// writes runs here.
async fn open_replica(
    storage: &StorageArgs,
    location: &vigie_store::DatabaseLocation,
) -> anyhow::Result<Opened> {
    let store = vigie_store::Store::open_replica(location)
        .await
        .with_context(|| format!("cannot serve from {}", describe(location)))?
        .with_vault(storage.vault()?);
    Ok(Opened {
        demo: store.is_demo().await?,
        key: vigie_store::log::load_signing_key(&storage.data_dir)?,
        store,
        tasks: Vec::new(),
    })
}

impl ServeArgs {
    /// The web application's settings these options make.
    fn web_config(&self, demo: bool) -> WebConfig {
        WebConfig {
            secure_cookies: !self.insecure_cookies,
            demo,
            client_ip_header: self.client_ip_header.clone(),
            hsts: self.hsts,
            replica: self.replica,
            ..WebConfig::default()
        }
    }

    fn timeouts(&self) -> connections::Timeouts {
        connections::Timeouts {
            headers: Duration::from_secs(self.header_timeout),
            request: Duration::from_secs(self.request_timeout),
            max_connections: usize::try_from(self.max_connections).unwrap_or(usize::MAX),
        }
    }
}

/// Stores a signed checkpoint every five minutes while the log grows, so
/// that the instance keeps a history of its heads (each later verified).
async fn publish_checkpoints(store: vigie_store::Store, key: vigie_ledger::SigningKey) {
    let mut every = tokio::time::interval(std::time::Duration::from_secs(300));
    loop {
        every.tick().await;
        if let Err(e) = store.log_checkpoint(&key).await {
            tracing::warn!(error = %e, "could not store a checkpoint");
        }
    }
}

/// Deletes expired sessions at start and then every hour, so the table
/// holds only live ones.
/// Keeps the public's overview of the procurement register ready (decision
/// 0029): computed at start and again within seconds of any import — by
/// this server, another, or the CLI — so that no reader waits for the pass
/// over the register. Asking is cheap when nothing changed (the register's
/// version, a few decisions).
async fn keep_procurement_overview(state: AppState) {
    let mut every = tokio::time::interval(std::time::Duration::from_secs(10));
    let public = vigie_policy::Principal::public();
    loop {
        every.tick().await;
        let overview = state.store().procurement().overview(
            state.authorizer(),
            &vigie_store::Actor::System,
            &public,
        );
        if let Err(e) = overview.await {
            tracing::warn!(error = %e, "could not compute the procurement overview");
        }
    }
}

async fn purge_expired_sessions(store: vigie_store::Store) {
    let mut every_hour = tokio::time::interval(std::time::Duration::from_secs(3600));
    loop {
        every_hour.tick().await;
        match store.purge_expired_sessions().await {
            Ok(0) => {}
            Ok(n) => tracing::info!(sessions = n, "expired sessions purged"),
            Err(e) => tracing::warn!(error = %e, "could not purge expired sessions"),
        }
    }
}

/// Declassifies the documents whose date has come (what `vigie declassify
/// --due` does by hand).
async fn declassify_due(store: &vigie_store::Store) {
    let today = time::OffsetDateTime::now_utc().date();
    match store
        .documents()
        .declassify_due(&vigie_store::Actor::System, today)
        .await
    {
        Ok(done) => {
            for d in &done {
                tracing::info!(
                    id = d.id,
                    reference = d.reference,
                    from = d.from_level,
                    "declassified: its date has come"
                );
            }
        }
        Err(e) => tracing::warn!(error = %e, "could not declassify due documents"),
    }
}

/// Then every hour, while the server runs.
async fn declassify_hourly(store: vigie_store::Store) {
    let mut every_hour = tokio::time::interval(std::time::Duration::from_secs(3600));
    every_hour.tick().await; // the first tick is immediate: done at start
    loop {
        every_hour.tick().await;
        declassify_due(&store).await;
    }
}

/// Resolves on Ctrl-C or SIGTERM, so that in-flight requests finish and the
/// database is closed cleanly.
///
/// The handlers are installed when this is called, not when the future is
/// first polled: a signal that arrives right after the "listening" line
/// must already find them (else the default action kills the process).
fn shutdown_signal() -> anyhow::Result<impl Future<Output = ()>> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let mut interrupt = signal(SignalKind::interrupt()).context("cannot watch for Ctrl-C")?;
        let mut terminate = signal(SignalKind::terminate()).context("cannot watch for SIGTERM")?;
        Ok(async move {
            tokio::select! {
                _ = interrupt.recv() => {},
                _ = terminate.recv() => {},
            }
            tracing::info!("shutting down");
        })
    }
    #[cfg(not(unix))]
    {
        Ok(async {
            let _ = tokio::signal::ctrl_c().await;
            tracing::info!("shutting down");
        })
    }
}
