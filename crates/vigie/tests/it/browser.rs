//! A real browser: headless Chromium driven through chromedriver
//! (WebDriver), against `vigie serve --demo` on loopback. Opt-in, since it
//! needs Debian's `chromium` and `chromium-driver`:
//!
//!     cargo test -p vigie --test integration browser -- --ignored
//!
//! Screenshots are saved under `target/test-artifacts/browser/` (or
//! `$VIGIE_TEST_ARTIFACTS`), for a person to look at.

use std::future::Future;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::error::CmdError;
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;

use crate::support::Env;

/// Flags that work on these machines: headless, as root, with no network
/// besides loopback (background services would only hammer a closed network).
/// The browser asks for French, as most readers in the five states would.
const CHROMIUM_ARGS: [&str; 10] = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1200,900",
    "--accept-lang=fr-FR,fr",
];

struct Driver {
    child: Child,
    port: u16,
}

impl Driver {
    fn start() -> Driver {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child =
            Command::new(std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".into()))
                .arg(format!("--port={port}"))
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("chromedriver not found: install Debian's chromium-driver");
        let deadline = Instant::now() + Duration::from_secs(20);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "chromedriver did not start");
            std::thread::sleep(Duration::from_millis(100));
        }
        Driver { child, port }
    }
}

impl Driver {
    /// A new Chromium session with its own empty profile.
    async fn browser(&self, profile: &std::path::Path) -> Client {
        let mut args: Vec<String> = CHROMIUM_ARGS.iter().map(|s| (*s).to_owned()).collect();
        args.push(format!("--user-data-dir={}", profile.display()));
        let mut capabilities = serde_json::Map::new();
        capabilities.insert(
            "goog:chromeOptions".into(),
            serde_json::json!({
                "binary": std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into()),
                "args": args,
                "prefs": {"intl.accept_languages": "fr-FR,fr"},
            }),
        );
        ClientBuilder::new(HttpConnector::new())
            .capabilities(capabilities)
            .connect(&format!("http://127.0.0.1:{}", self.port))
            .await
            .expect("cannot open a Chromium session through chromedriver")
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn artifacts() -> PathBuf {
    let dir = std::env::var_os("VIGIE_TEST_ARTIFACTS")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/test-artifacts")
        })
        .join("browser");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

async fn screenshot(client: &Client, name: &str) {
    let png = client.screenshot().await.unwrap();
    std::fs::write(artifacts().join(format!("{name}.png")), png).unwrap();
}

async fn element(client: &Client, css: &str) -> Element {
    client
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css(css))
        .await
        .unwrap()
}

/// Runs `act` on the first element matching `css`. A page that is being
/// replaced (after a click that submits a form or follows a link) can drop
/// the element between finding and using it: then look again on the new page.
async fn on_element<T, F, Fut>(client: &Client, css: &str, act: F) -> T
where
    F: Fn(Element) -> Fut,
    Fut: Future<Output = Result<T, CmdError>>,
{
    for _ in 0..50 {
        match act(element(client, css).await).await {
            Ok(value) => return value,
            // Chromium says it either way, depending on when the page went.
            Err(e)
                if e.to_string().contains("stale element")
                    || e.to_string().contains("does not belong to the document") =>
            {
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            Err(e) => panic!("{css}: {e}"),
        }
    }
    panic!("{css}: the element kept going stale")
}

async fn text(client: &Client, css: &str) -> String {
    on_element(client, css, |e| async move { e.text().await }).await
}

/// Waits up to ten seconds for `css` to show `needle`: a click that follows
/// a link or submits a form returns before the new page replaces the old.
async fn assert_shows(client: &Client, css: &str, needle: &str) {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let shown = text(client, css).await;
        if shown.contains(needle) {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "{css} shows {shown:?}, not {needle:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn click(client: &Client, css: &str) {
    on_element(client, css, |e| async move { e.click().await }).await
}

async fn fill(client: &Client, css: &str, value: &str) {
    on_element(client, css, |e| async move { e.send_keys(value).await }).await
}

/// Opens the sign-in form from the header link and types the credentials.
async fn fill_sign_in(client: &Client, username: &str, password: &str) {
    click(client, "#sign-in").await;
    fill(client, "#username", username).await;
    fill(client, "#password", password).await;
}

/// Signs in and waits for the signed-in page, so that the next click cannot
/// land on the sign-in page that is being replaced.
async fn sign_in(client: &Client, username: &str) {
    fill_sign_in(client, username, "demo").await;
    click(client, "#login-submit").await;
    answer_demo_code(client).await;
    assert_shows(client, "#signed-in-as", &format!("Signed in: {username}")).await;
}

/// On the code page, types the code the demo shows (as a demo user
/// without an authenticator app does).
async fn answer_demo_code(client: &Client) {
    let hint = text(client, "#demo-code").await;
    let code: String = hint.chars().filter(char::is_ascii_digit).collect();
    assert_eq!(code.len(), 6, "a six-digit code in {hint:?}");
    fill(client, "#code", &code).await;
    click(client, "#code-submit").await;
}

#[tokio::test]
#[ignore = "needs Chromium and chromedriver; run with --ignored"]
async fn a_visitor_reads_the_home_page_switches_language_and_signs_in() {
    let env = Env::new().await;
    let server = env.serve(&["--demo"]);
    let driver = Driver::start();
    let user_data = tempfile::tempdir().unwrap();
    let client = driver.browser(user_data.path()).await;

    // French for a browser that asks for French.
    client.goto(&server.url("/")).await.unwrap();
    assert_eq!(
        text(&client, "h1").await,
        "Pays et institutions de contrôle"
    );
    assert!(
        text(&client, "#country-MLI")
            .await
            .contains("Bureau du Vérificateur général")
    );
    screenshot(&client, "01-home-fr").await;

    // The visible switch, then remembered on the next visit.
    click(&client, "#lang-en").await;
    assert_shows(&client, "h1", "Countries and oversight institutions").await;
    client.goto(&server.url("/")).await.unwrap();
    assert_eq!(
        text(&client, "h1").await,
        "Countries and oversight institutions"
    );
    screenshot(&client, "02-home-en").await;

    // Sign in with a demo account.
    fill_sign_in(&client, "bfa-codes", "demo").await;
    screenshot(&client, "03-login-en").await;
    click(&client, "#login-submit").await;
    assert_shows(&client, "h1", "Verification code").await;
    screenshot(&client, "04-code-en").await;
    answer_demo_code(&client).await;
    assert_shows(&client, "#signed-in-as", "Signed in: bfa-codes").await;
    screenshot(&client, "04-signed-in-en").await;

    // Signing out works; a wrong password shows the message.
    click(&client, "#sign-out").await;
    fill_sign_in(&client, "bfa-codes", "wrong").await;
    click(&client, "#login-submit").await;
    assert_eq!(
        text(&client, "#login-error").await,
        "Wrong username or password."
    );
    screenshot(&client, "05-login-failed-en").await;

    // The access rules are one click away, explained.
    click(&client, "#nav-policies").await;
    assert_shows(&client, "h1", "Access rules in force").await;
    assert!(
        text(&client, "#rule-audit-mandate")
            .await
            .contains("oversight mandate")
    );
    screenshot(&client, "06-policies-en").await;

    // Budgets, public: the five countries compared, then one country's
    // page with its charts and PEFA scores.
    click(&client, "#nav-budget").await;
    assert_shows(&client, "h1", "Defence budgets compared").await;
    click(&client, "#compare-BFA a").await;
    assert_shows(&client, "h1", "Burkina Faso").await;
    assert!(text(&client, "#pi1").await.contains("PI-1"));
    screenshot(&client, "11-budget-en").await;

    // Procurement, public: the derogatory-regime dashboard, one country,
    // then a process whose classified justification is withheld, its flags
    // explained.
    click(&client, "#nav-procurement").await;
    assert_shows(&client, "h1", "Defence procurement").await;
    click(&client, "#country-BFA a").await;
    assert_shows(&client, "h1", "Burkina Faso").await;
    assert!(
        text(&client, "#procurement-partial")
            .await
            .contains("classified")
    );
    assert!(text(&client, "#flag-D004").await.contains("D004"));
    screenshot(&client, "12-procurement-en").await;
    client
        .goto(&server.url("/procurement/processes/ocds-vigie-mli-2020-017"))
        .await
        .unwrap();
    assert_shows(&client, "#process-withheld", "withheld (level SD)").await;
    assert_shows(&client, "#process-flags", "D009").await;
    screenshot(&client, "13-process-en").await;

    // The accountability chain, public: one country's oversight landscape,
    // the first conference edition with each workshop's recommendations,
    // and the follow-up dashboard.
    click(&client, "#nav-institutions").await;
    client
        .goto(&server.url("/institutions?country=MLI"))
        .await
        .unwrap();
    assert_shows(&client, "h1", "Oversight landscape — Mali").await;
    screenshot(&client, "14-institutions-en").await;
    click(&client, "#nav-conferences").await;
    assert_shows(&client, "h1", "Regional conferences").await;
    client.goto(&server.url("/conferences/1")).await.unwrap();
    assert_shows(&client, "#recommendations-W1", "REC-2021-W1-01").await;
    screenshot(&client, "15-conference-en").await;
    click(&client, "#nav-recommendations").await;
    assert_shows(&client, "h1", "Recommendations follow-up").await;
    screenshot(&client, "16-recommendations-en").await;

    // An addressee (Mali's procurement directorate) reports progress on a
    // workshop recommendation, with its reason, through the page's form.
    sign_in(&client, "mli-dgmp-dsp").await;
    client
        .goto(&server.url("/recommendations/REC-2021-W1-02"))
        .await
        .unwrap();
    on_element(
        &client,
        "#rec-status-form select[name=status]",
        |e| async move { e.select_by_value("partially_implemented").await },
    )
    .await;
    fill(
        &client,
        "#rec-status-form textarea[name=reason]",
        "Decree restricting the exclusion adopted; its list of goods is pending.",
    )
    .await;
    click(&client, "#rec-status-form button").await;
    assert_shows(&client, "#rec-current-status", "Partially implemented").await;
    assert_shows(&client, "#rec-history", "Decree restricting the exclusion").await;
    screenshot(&client, "17-recommendation-status-en").await;
    click(&client, "#sign-out").await;

    // The register: the defence commission sees the public documents (five
    // budgets, five notes declassified at start) and Burkina Faso's three
    // classified entries, reads up to CD, and asks for the SD report.
    sign_in(&client, "bfa-codes").await;
    click(&client, "#nav-register").await;
    assert_shows(&client, "h1", "Document register").await;
    assert!(
        text(&client, "#register-count")
            .await
            .starts_with("13 document")
    );
    screenshot(&client, "08-register-en").await;
    client
        .goto(&server.url("/documents?q=BFA-DAF-2023-007"))
        .await
        .unwrap();
    click(&client, "table.register a").await;
    assert!(
        text(&client, "#doc-no-content")
            .await
            .contains("request access")
    );
    fill(
        &client,
        "#request-form input[name=legal_basis]",
        "Rules of the Assembly, art. 40",
    )
    .await;
    fill(
        &client,
        "#request-form textarea[name=purpose]",
        "Review of the settlement bill",
    )
    .await;
    click(&client, "#request-form button").await;
    assert_shows(&client, "h1", "Access requests").await;
    assert!(
        text(&client, "article.request")
            .await
            .contains("answer due on")
    );
    screenshot(&client, "09-request-sent-en").await;
    click(&client, "#sign-out").await;

    // The army stewardship answers, with reasons.
    sign_in(&client, "bfa-daf").await;
    click(&client, "#nav-requests").await;
    click(&client, "article.request input[value=refuse]").await;
    fill(
        &client,
        "article.request textarea[name=reasons]",
        "Operations under way.",
    )
    .await;
    click(&client, "article.request button").await;
    element(&client, "article.request p.decision").await;
    assert!(
        text(&client, "article.request .status")
            .await
            .contains("refused")
    );
    screenshot(&client, "10-request-answered-en").await;
    click(&client, "#sign-out").await;

    // A phone-sized window still shows the countries.
    client.set_window_size(390, 844).await.unwrap();
    client.goto(&server.url("/?lang=fr")).await.unwrap();
    assert!(text(&client, "#country-TCD").await.contains("Tchad"));
    screenshot(&client, "07-home-fr-phone").await;

    client.close().await.unwrap();
    drop(driver);
    drop(server);
    env.cleanup().await;
}
