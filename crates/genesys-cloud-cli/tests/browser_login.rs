//! The emulator's login and consent pages in a real browser: headless Chromium driven through chromedriver
//! (WebDriver, with fantoccini). The test starts chromedriver on a free 127.0.0.1 port, an in-process emulator
//! with demo data, and its own loopback listener as the redirect URI of the demo PKCE client; signs in as the demo
//! user, consents, checks that the listener got the code and the state, and exchanges the code. Screenshots of
//! both pages go to `{target}/browser-screenshots/`.
//!
//! The last test drives `genesys login --no-browser` against a `genesys emulator` subprocess: the browser opens
//! the URL the CLI printed, a forged callback with another `state` is turned away, a wrong password is refused, the
//! demo user signs in and consents, the CLI finishes, and `genesys oauth authorizations list` then runs with the
//! kept token.
//!
//! Without chromium and chromedriver the test fails under `CI=true` and is skipped loudly elsewhere.

mod common;

use std::io::Write;
use std::net::{Ipv4Addr, SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use fantoccini::{Client as Browser, ClientBuilder, Locator};
use genesys_cloud::token::{AuthorizationCode, AuthorizeUrl, PkceVerifier, ResponseType};
use genesys_cloud::{Client, Credentials};
use genesys_cloud_emulator::catalogue::{DEMO_PKCE_CLIENT_ID, DEMO_USER_NAME, DEMO_USER_PASSWORD};
use genesys_cloud_emulator::{Emulator, EmulatorConfig};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio::sync::mpsc;

/// How to get the browser and its driver on Debian and Ubuntu.
const INSTALL: &str = "apt-get install -y chromium chromium-driver";
/// The longest any step may take.
const STEP: Duration = Duration::from_secs(30);

/// The first of `names` found on `PATH`.
fn on_path(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| names.iter().map(move |name| dir.join(name)))
        .find(|candidate| candidate.is_file())
}

/// Chromium and chromedriver, or `None` after saying loudly why the test does not run (failing under CI).
fn tools() -> Option<(PathBuf, PathBuf)> {
    let chromium = on_path(&["chromium", "chromium-browser", "google-chrome"]);
    let driver = on_path(&["chromedriver"]);
    if let (Some(chromium), Some(driver)) = (chromium, driver) {
        return Some((chromium, driver));
    }
    let missing = "chromium and chromedriver are not both on PATH";
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "the browser test must run under CI=true, but {missing}; install them with: {INSTALL}"
    );
    // Straight to the process's stderr: `eprintln!` is captured by the test harness for a passing test.
    let _ = writeln!(
        std::io::stderr(),
        "\n!!!!!!!!!!\n!!! BROWSER TEST SKIPPED: {missing}; install them with: {INSTALL}\n!!!!!!!!!!\n"
    );
    None
}

/// A chromedriver process on a loopback port, killed when dropped.
struct Driver {
    child: Child,
    url: String,
}

impl Driver {
    fn start(path: &Path) -> Self {
        let port = std::net::TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
            .and_then(|listener| listener.local_addr())
            .expect("a free port")
            .port();
        let child = Command::new(path)
            .arg(format!("--port={port}"))
            .arg("--allowed-ips=127.0.0.1")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let mut driver = Self {
            child,
            url: format!("http://127.0.0.1:{port}"),
        };
        let started = Instant::now();
        let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
        while TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_err() {
            let exited = driver.child.try_wait().ok().flatten();
            assert!(exited.is_none(), "chromedriver exited: {exited:?}");
            assert!(
                started.elapsed() < STEP,
                "chromedriver did not listen within {STEP:?}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        driver
    }

    async fn browser(&self, chromium: &Path) -> Browser {
        let capabilities = serde_json::json!({
            "goog:chromeOptions": {
                "binary": chromium,
                // As root Chromium needs --no-sandbox; /dev/shm is small in containers.
                "args": ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                         "--window-size=900,800", "--no-first-run", "--no-default-browser-check"],
            }
        });
        let serde_json::Value::Object(capabilities) = capabilities else {
            unreachable!("a JSON object literal")
        };
        let connect = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(capabilities)
            .connect(&self.url)
            .await;
        connect.expect("a WebDriver session with headless Chromium")
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The test's loopback redirect listener: every request target it receives, answered with a plain page.
async fn redirect_listener() -> (String, mpsc::UnboundedReceiver<String>) {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let (sender, receiver) = mpsc::unbounded_channel();
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let sender = sender.clone();
            tokio::spawn(async move {
                let mut head = Vec::new();
                let mut buffer = [0u8; 1024];
                let read = async {
                    while !head.windows(4).any(|w| w == b"\r\n\r\n") && head.len() < 16 * 1024 {
                        match stream.read(&mut buffer).await {
                            Ok(0) | Err(_) => break,
                            Ok(n) => head.extend_from_slice(&buffer[..n]),
                        }
                    }
                };
                // Browsers open connections they may never use.
                if tokio::time::timeout(STEP, read).await.is_err() {
                    return;
                }
                let head = String::from_utf8_lossy(&head);
                if let Some(target) = head.split(' ').nth(1) {
                    let _ = sender.send(target.to_owned());
                }
                let body =
                    "<!DOCTYPE html><title>Signed in</title><p>You can close this window.</p>";
                let response = format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    body.len()
                );
                let _ = stream.write_all(response.as_bytes()).await;
            });
        }
    });
    (format!("http://127.0.0.1:{port}/callback"), receiver)
}

/// `{target}/browser-screenshots`.
fn screenshot_dir() -> PathBuf {
    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
    let dir = tmp.parent().unwrap_or(tmp).join("browser-screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

async fn screenshot(browser: &Browser, name: &str) {
    let png = browser.screenshot().await.expect("a screenshot");
    let path = screenshot_dir().join(name);
    std::fs::write(&path, png).unwrap();
    eprintln!("screenshot: {}", path.display());
}

/// Bytes that differ between runs, for the verifier and the state (tests need no cryptographic randomness).
fn run_bytes() -> [u8; 32] {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    let mut bytes = [0u8; 32];
    for (i, byte) in bytes.iter_mut().enumerate() {
        *byte =
            (nanos >> (i % 16 * 8)) as u8 ^ (i as u8).wrapping_mul(31) ^ std::process::id() as u8;
    }
    bytes
}

struct Setup {
    emulator: Emulator,
    verifier: PkceVerifier,
    state: String,
    redirect: String,
    callbacks: mpsc::UnboundedReceiver<String>,
    url: String,
}

async fn setup() -> Setup {
    let emulator = Emulator::start(EmulatorConfig::default().demo_data(true))
        .await
        .expect("the emulator starts");
    let (redirect, callbacks) = redirect_listener().await;
    let verifier = PkceVerifier::from_random_bytes(&run_bytes());
    let state = format!("st-{}", &verifier.challenge_s256()[..16]);
    let environment = Client::builder()
        .base_url(emulator.base_url())
        .client_credentials(emulator.admin_client_id(), emulator.admin_client_secret())
        .build()
        .unwrap()
        .environment()
        .clone();
    let url = AuthorizeUrl::new(DEMO_PKCE_CLIENT_ID, &redirect, ResponseType::Code)
        .with_pkce(&verifier)
        .with_state(&state)
        .build(&environment)
        .unwrap();
    Setup {
        emulator,
        verifier,
        state,
        redirect,
        callbacks,
        url,
    }
}

/// The element of id `id`, once the page shows it (within [`STEP`]).
async fn element(browser: &Browser, id: &str) -> fantoccini::elements::Element {
    browser
        .wait()
        .at_most(STEP)
        .for_element(Locator::Id(id))
        .await
        .unwrap_or_else(|error| panic!("no #{id} within {STEP:?}: {error}"))
}

async fn sign_in(browser: &Browser, user: &str, password: &str) {
    let username = element(browser, "username").await;
    username.send_keys(user).await.unwrap();
    let field = browser.find(Locator::Id("password")).await.unwrap();
    field.send_keys(password).await.unwrap();
    browser
        .find(Locator::Id("sign-in"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_browser_signs_in_consents_and_the_code_is_exchanged() {
    let Some((chromium, driver_path)) = tools() else {
        return;
    };
    let driver = Driver::start(&driver_path);
    let mut setup = setup().await;
    let browser = driver.browser(&chromium).await;
    let steps = async {
        browser.goto(&setup.url).await.unwrap();
        let title = browser.title().await.unwrap();
        assert!(title.starts_with("Sign in"), "{title}");
        screenshot(&browser, "login.png").await;
        sign_in(&browser, DEMO_USER_NAME, DEMO_USER_PASSWORD).await;
        let allow = element(&browser, "allow").await;
        let scopes = browser
            .find(Locator::Id("scopes"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(scopes.contains("oauth"), "{scopes}");
        screenshot(&browser, "consent.png").await;
        allow.click().await.unwrap();
        loop {
            let target = setup.callbacks.recv().await.expect("the listener runs");
            if target.starts_with("/callback") {
                break target;
            }
        }
    };
    let target = tokio::time::timeout(STEP, steps)
        .await
        .expect("the login finishes in time");
    let (_, query) = target.split_once('?').expect("a query");
    let params: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes())
        .into_owned()
        .collect();
    let get = |name: &str| {
        params
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    };
    assert_eq!(
        get("state").as_deref(),
        Some(setup.state.as_str()),
        "the state comes back"
    );
    let code = get("code").expect("a code");
    let client = Client::builder()
        .base_url(setup.emulator.base_url())
        .credentials(Credentials::Pkce {
            client_id: DEMO_PKCE_CLIENT_ID.to_owned(),
            code: AuthorizationCode::new(code),
            verifier: setup.verifier.clone(),
            redirect_uri: setup.redirect.clone(),
        })
        .build()
        .unwrap();
    let mine = client
        .get_oauth_authorizations()
        .await
        .expect("the code is exchanged");
    let owner = mine.entities.unwrap()[0].resource_owner.clone().unwrap();
    assert_eq!(owner.name.as_deref(), Some(DEMO_USER_NAME));
    let _ = browser.close().await;
    setup.emulator.shutdown().await;
}

/// The hidden one-time id of the page's form.
async fn pending_id(browser: &Browser) -> String {
    let field = browser
        .find(Locator::Css("input[name=pending]"))
        .await
        .unwrap();
    field.attr("value").await.unwrap().expect("a value")
}

/// Rewrites the form's hidden id, as a forged or replayed post would carry (WebDriver scripts are not the page's:
/// its Content-Security-Policy allows none).
async fn set_pending_id(browser: &Browser, id: &str) {
    let script = "document.querySelector('input[name=pending]').value = arguments[0];";
    browser
        .execute(script, vec![serde_json::json!(id)])
        .await
        .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_password_and_replayed_or_forged_forms_are_refused_in_the_browser() {
    let Some((chromium, driver_path)) = tools() else {
        return;
    };
    let driver = Driver::start(&driver_path);
    let mut setup = setup().await;
    let browser = driver.browser(&chromium).await;
    let steps = async {
        browser.goto(&setup.url).await.unwrap();
        sign_in(&browser, DEMO_USER_NAME, "not-the-password").await;
        let error = element(&browser, "error").await;
        assert!(error.text().await.unwrap().contains("incorrect"));
        assert!(
            browser.find(Locator::Id("username")).await.is_ok(),
            "the login page again"
        );
        screenshot(&browser, "login-wrong-password.png").await;
        // The consent form sent back with the spent id of the login form (a replay) is refused on the page.
        let spent = pending_id(&browser).await;
        sign_in(&browser, DEMO_USER_NAME, DEMO_USER_PASSWORD).await;
        element(&browser, "allow").await;
        set_pending_id(&browser, &spent).await;
        element(&browser, "allow").await.click().await.unwrap();
        let error = element(&browser, "error").await;
        assert!(error.text().await.unwrap().contains("already used"));
        // So is a made-up one.
        browser.goto(&setup.url).await.unwrap();
        sign_in(&browser, DEMO_USER_NAME, DEMO_USER_PASSWORD).await;
        element(&browser, "allow").await;
        set_pending_id(&browser, "forged-id").await;
        element(&browser, "allow").await.click().await.unwrap();
        let error = element(&browser, "error").await;
        assert!(error.text().await.unwrap().contains("unknown"));
        assert!(
            browser
                .current_url()
                .await
                .unwrap()
                .as_str()
                .starts_with(&setup.emulator.base_url())
        );
    };
    tokio::time::timeout(STEP, steps).await.expect("in time");
    assert!(
        setup.callbacks.try_recv().is_err(),
        "nothing reached the redirect URI"
    );
    let _ = browser.close().await;
    setup.emulator.shutdown().await;
}

/// `genesys login --no-browser` with its stderr lines on a channel.
struct CliLogin {
    child: Child,
    lines: std::sync::mpsc::Receiver<String>,
}

impl CliLogin {
    fn start(home: &Path, base_url: &str) -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_genesys"))
            .env_clear()
            .env("HOME", home)
            .args([
                "login",
                "--no-browser",
                "--profile",
                "browser",
                "--client-id",
            ])
            .arg(DEMO_PKCE_CLIENT_ID)
            .args(["--base-url", base_url, "--wait", "60"])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("genesys login runs");
        let stderr = child.stderr.take().unwrap();
        let (sender, lines) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            use std::io::BufRead;
            for line in std::io::BufReader::new(stderr)
                .lines()
                .map_while(Result::ok)
            {
                let _ = sender.send(line);
            }
        });
        Self { child, lines }
    }

    /// The sign-in URL it printed on stderr.
    fn url(&self) -> String {
        tokio::task::block_in_place(|| {
            loop {
                let line = self
                    .lines
                    .recv_timeout(STEP)
                    .expect("genesys login prints the URL");
                if line.starts_with("http") {
                    return line;
                }
            }
        })
    }

    /// Waits for the end: exit status, stdout and the rest of stderr.
    fn finish(mut self) -> (Option<i32>, String, String) {
        use std::io::Read;
        let started = Instant::now();
        let status = tokio::task::block_in_place(|| {
            loop {
                if let Some(status) = self.child.try_wait().unwrap() {
                    break status;
                }
                if started.elapsed() > STEP {
                    let _ = self.child.kill();
                    panic!("genesys login did not finish");
                }
                std::thread::sleep(Duration::from_millis(20));
            }
        });
        let mut stdout = String::new();
        let _ = self
            .child
            .stdout
            .take()
            .unwrap()
            .read_to_string(&mut stdout);
        // Every line up to the reader's end (stderr closed): lines still in flight when the process exited
        // count too.
        let mut stderr = Vec::new();
        while let Ok(line) = self.lines.recv_timeout(Duration::from_secs(10)) {
            stderr.push(line);
        }
        (status.code(), stdout, stderr.join("\n"))
    }
}

impl Drop for CliLogin {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The value of `name` in the query of `url`.
fn query_param(url: &str, name: &str) -> String {
    let (_, query) = url.split_once('?').expect("a query");
    form_urlencoded::parse(query.as_bytes())
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.into_owned())
        .unwrap_or_else(|| panic!("{name} in {url}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn genesys_login_signs_in_through_the_browser_and_commands_use_the_kept_token() {
    let Some((chromium, driver_path)) = tools() else {
        return;
    };
    let driver = Driver::start(&driver_path);
    let emulator = common::Emulator::start(&[]);
    let home = common::temp_dir("browser-login");
    let login = CliLogin::start(&home, &emulator.base_url);
    let url = login.url();
    assert!(
        url.starts_with(&format!("{}/oauth/authorize?", emulator.base_url)),
        "{url}"
    );
    let redirect = query_param(&url, "redirect_uri");
    assert!(redirect.starts_with("http://127.0.0.1:"), "{redirect}");
    let browser = driver.browser(&chromium).await;
    let steps = async {
        // A callback with another state (a forged link) is turned away, and the login keeps waiting.
        browser
            .goto(&format!("{redirect}?code=forged&state=not-the-state"))
            .await
            .unwrap();
        let page = browser.source().await.unwrap();
        assert!(page.contains("still waiting"), "{page}");
        // The URL genesys printed: a wrong password first, then the demo user, who consents.
        browser.goto(&url).await.unwrap();
        screenshot(&browser, "cli-login.png").await;
        sign_in(&browser, DEMO_USER_NAME, "not-the-password").await;
        let error = element(&browser, "error").await;
        assert!(error.text().await.unwrap().contains("incorrect"));
        sign_in(&browser, DEMO_USER_NAME, DEMO_USER_PASSWORD).await;
        let allow = element(&browser, "allow").await;
        screenshot(&browser, "cli-consent.png").await;
        allow.click().await.unwrap();
        let done = browser
            .wait()
            .at_most(STEP)
            .for_element(Locator::XPath("//*[contains(text(), 'Signed in')]"))
            .await;
        assert!(done.is_ok(), "{:?}", browser.source().await);
        screenshot(&browser, "cli-signed-in.png").await;
    };
    tokio::time::timeout(STEP * 2, steps)
        .await
        .expect("the sign-in finishes in time");
    let (status, stdout, stderr) = login.finish();
    assert_eq!(status, Some(0), "{stdout}\n{stderr}");
    assert!(stdout.contains("Logged in"), "{stdout}");
    assert!(stderr.contains("ignored a request"), "{stderr}");
    let _ = browser.close().await;

    // Commands with the profile use the kept token: the user's authorization of the demo client, no token request.
    let tokens = emulator.stats()["tokensIssued"].as_u64().unwrap();
    let out = common::Genesys::new()
        .home(&home)
        .args([
            "-p",
            "browser",
            "oauth",
            "authorizations",
            "list",
            "--output",
            "json",
        ])
        .run();
    let listed = out.ok();
    assert!(listed.contains(DEMO_PKCE_CLIENT_ID), "{listed}");
    assert!(listed.contains(DEMO_USER_NAME), "{listed}");
    assert_eq!(emulator.stats()["tokensIssued"].as_u64().unwrap(), tokens);
}
