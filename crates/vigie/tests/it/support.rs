//! Running `vigie` in a private data directory, starting its server, and a
//! minimal HTTP client for loopback requests.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use vigie_store::testing::{TestStore, drop_database};

/// A data directory (and, on PostgreSQL, a database) for one test.
pub struct Env {
    pub dir: tempfile::TempDir,
    pub database_url: Option<String>,
}

/// What a finished command printed.
#[derive(Debug)]
pub struct Output {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl From<std::process::Output> for Output {
    fn from(out: std::process::Output) -> Self {
        Output {
            code: out.status.code(),
            stdout: String::from_utf8(out.stdout).unwrap(),
            stderr: String::from_utf8(out.stderr).unwrap(),
        }
    }
}

impl Env {
    pub async fn new() -> Env {
        Env {
            dir: tempfile::tempdir().unwrap(),
            database_url: TestStore::new_database_url().await.unwrap(),
        }
    }

    pub fn data_dir(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    /// `vigie` with nothing from the caller's environment that could point
    /// it elsewhere, and backtraces on (so a panic would show).
    pub fn bare(&self, args: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_vigie"));
        command
            .env_remove("VIGIE_DATABASE_URL")
            .env_remove("VIGIE_DATA_DIR")
            .env_remove("VIGIE_LISTEN");
        command
            .env("RUST_BACKTRACE", "1")
            .current_dir(self.dir.path());
        command.args(args);
        command
    }

    /// `vigie` with this test's storage flags.
    pub fn command(&self, args: &[&str]) -> Command {
        let mut command = self.bare(&[]);
        command.arg("--data-dir").arg(self.data_dir());
        if let Some(url) = &self.database_url {
            command.arg("--database-url").arg(url);
        }
        command.args(args);
        command
    }

    pub fn run(&self, args: &[&str]) -> Output {
        self.run_with_stdin(args, "")
    }

    pub fn run_with_stdin(&self, args: &[&str], stdin: &str) -> Output {
        let mut child = self
            .command(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(stdin.as_bytes())
            .unwrap();
        child.wait_with_output().unwrap().into()
    }

    /// Starts `vigie serve` on a free loopback port and waits until it listens.
    pub fn serve(&self, extra: &[&str]) -> Server {
        let mut args = vec!["serve", "--listen", "127.0.0.1:0"];
        args.extend_from_slice(extra);
        self.start(self.command(&args))
    }

    /// [`Env::serve`] on the database `database_url` names, with this
    /// test's data directory.
    pub fn serve_on(&self, database_url: &str, extra: &[&str]) -> Server {
        let mut args = vec!["--data-dir"];
        let data_dir = self.data_dir();
        args.push(data_dir.to_str().unwrap());
        args.extend([
            "--database-url",
            database_url,
            "serve",
            "--listen",
            "127.0.0.1:0",
        ]);
        args.extend_from_slice(extra);
        self.start(self.bare(&args))
    }

    /// Spawns `command` (a `vigie serve`) and waits until it listens.
    fn start(&self, mut command: Command) -> Server {
        let log = std::fs::File::create(self.dir.path().join("server.log")).unwrap();
        let mut child = command.stdout(Stdio::piped()).stderr(log).spawn().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut line = String::new();
            let _ = BufReader::new(stdout).read_line(&mut line);
            let _ = tx.send(line);
        });
        let line = rx.recv_timeout(Duration::from_secs(60)).unwrap_or_default();
        let Some(address) = line
            .split("http://")
            .nth(1)
            .and_then(|s| s.split_whitespace().next())
        else {
            let _ = child.kill();
            let log =
                std::fs::read_to_string(self.dir.path().join("server.log")).unwrap_or_default();
            panic!("the server did not start: {line:?}\n{log}");
        };
        Server {
            child,
            address: address.to_owned(),
        }
    }

    pub async fn cleanup(self) {
        if let Some(url) = &self.database_url {
            drop_database(url).await.unwrap();
        }
    }
}

/// A running server, stopped when dropped.
pub struct Server {
    child: Child,
    pub address: String,
}

impl Server {
    /// The server's process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.address)
    }

    /// Stops the server with SIGTERM and returns its exit code.
    pub fn stop(mut self) -> Option<i32> {
        let pid = self.child.id().to_string();
        Command::new("kill").args(["-TERM", &pid]).status().unwrap();
        let status = self.child.wait().unwrap();
        status.code()
    }
}

impl Server {
    /// Kills the server with SIGKILL: no chance to finish anything.
    pub fn kill(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// An HTTP response, as read off the socket.
#[derive(Debug)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Response {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The `name=value` part of the session cookie, if set.
    pub fn session_cookie(&self) -> Option<String> {
        self.cookie("vigie_session")
    }

    /// A cookie this reply sets (`name=value`), unless it clears it.
    pub fn cookie(&self, name: &str) -> Option<String> {
        self.headers
            .iter()
            .filter(|(k, _)| k.eq_ignore_ascii_case("set-cookie"))
            .find(|(_, v)| v.starts_with(&format!("{name}=")) && !v.contains("Max-Age=0"))
            .map(|(_, v)| v.split(';').next().unwrap().to_owned())
    }
}

/// The demo accounts' one-time codes, each given once per server.
static CODES: std::sync::LazyLock<vigie_store::testing::DemoCodes> =
    std::sync::LazyLock::new(Default::default);

/// Signs in through `POST /login`, then `POST /login/code` with a code of
/// the demo's TOTP secret when the account is asked for one; the reply
/// that set the session (or refused), as a browser would end up with.
pub fn sign_in(server: &Server, username: &str, password: &str) -> Response {
    let reply = post_form(
        server,
        "/login",
        &[],
        &format!("username={username}&password={password}"),
    );
    let Some(challenge) = reply.cookie("vigie_challenge") else {
        return reply;
    };
    let code = CODES.next(&format!("{}/{username}", server.address));
    post_form(
        server,
        "/login/code",
        &[("Cookie", &challenge)],
        &format!("code={code}"),
    )
}

/// One HTTP/1.1 request over a fresh loopback connection.
pub fn http(
    server: &Server,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> Response {
    try_http(&server.address, method, path, headers, body).expect("the server answered")
}

/// A form post that may find the server gone (`None`).
pub fn try_post_form(address: &str, path: &str, body: &str) -> Option<Response> {
    try_http(
        address,
        "POST",
        path,
        &[("Content-Type", "application/x-www-form-urlencoded")],
        body,
    )
}

fn try_http(
    address: &str,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> Option<Response> {
    let mut stream = TcpStream::connect(address).ok()?;
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .ok()?;
    let mut request =
        format!("{method} {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n");
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str(&format!("Content-Length: {}\r\n\r\n{body}", body.len()));
    stream.write_all(request.as_bytes()).ok()?;
    let mut raw = String::new();
    stream.read_to_string(&mut raw).ok()?;
    if raw.is_empty() {
        return None;
    }
    let (head, body) = raw.split_once("\r\n\r\n").unwrap_or((&raw, ""));
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
        .collect();
    Some(Response {
        status,
        headers,
        body: body.to_owned(),
    })
}

pub fn get(server: &Server, path: &str, headers: &[(&str, &str)]) -> Response {
    http(server, "GET", path, headers, "")
}

pub fn post_form(server: &Server, path: &str, headers: &[(&str, &str)], body: &str) -> Response {
    let mut all = vec![("Content-Type", "application/x-www-form-urlencoded")];
    all.extend_from_slice(headers);
    http(server, "POST", path, &all, body)
}
