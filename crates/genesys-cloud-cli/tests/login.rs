//! `genesys login`, `genesys logout` and the token cache, against an in-process emulator: the binary is spawned,
//! the browser's part is played by the test (it takes the printed URL, gets a code from the emulator as if the
//! user had signed in and consented, and requests the redirect URI).

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use common::{DEADLINE, Genesys, temp_dir};
use genesys_cloud::Client;
use genesys_cloud::models::{GrantType, OAuthClientRequest};
use genesys_cloud_emulator::{Emulator, EmulatorConfig};

/// An in-process emulator with the runtime that serves it.
struct Server {
    runtime: tokio::runtime::Runtime,
    emulator: Emulator,
    /// The test CA's PEM, for an emulator serving HTTPS.
    ca: Option<Vec<u8>>,
}

impl Server {
    fn start() -> Self {
        Self::start_with(EmulatorConfig::default(), None)
    }

    /// An emulator serving HTTPS with the test CA's server certificate.
    fn start_https() -> Self {
        let config = EmulatorConfig::default().tls_pem_files(
            common::tls_fixture("server.pem"),
            common::tls_fixture("server.key.pem"),
        );
        let ca = std::fs::read(common::tls_fixture("ca.pem")).unwrap();
        Self::start_with(config, Some(ca))
    }

    fn start_with(config: EmulatorConfig, ca: Option<Vec<u8>>) -> Self {
        let runtime = tokio::runtime::Runtime::new().unwrap();
        let emulator = runtime.block_on(Emulator::start(config)).unwrap();
        Self {
            runtime,
            emulator,
            ca,
        }
    }

    fn tokens_issued(&self) -> u64 {
        self.emulator.stats().tokens_issued
    }

    fn admin(&self) -> Client {
        let mut builder = Client::builder();
        if let Some(ca) = &self.ca {
            builder = builder.add_root_certificates_pem(ca.clone());
        }
        builder
            .base_url(self.emulator.base_url())
            .client_credentials(
                self.emulator.admin_client_id(),
                self.emulator.admin_client_secret(),
            )
            .build()
            .unwrap()
    }

    /// A CODE client (public use with PKCE) with these redirect URIs; its id.
    fn code_client(&self, redirects: &[&str]) -> String {
        let admin = self.admin();
        let mut body = OAuthClientRequest::new("genesys CLI", GrantType::Code);
        body.registered_redirect_uri = Some(redirects.iter().map(|r| (*r).to_owned()).collect());
        self.runtime
            .block_on(async { admin.post_oauth_clients(body).await })
            .unwrap()
            .id
            .unwrap()
    }

    /// Registers exactly `redirect` on the client (with its port, known once `genesys login` listens), so that a
    /// test does not lean on the emulator's loopback-port rule for `http://127.0.0.1/callback`.
    fn register(&self, id: &str, redirect: &str) {
        let admin = self.admin();
        let mut body = OAuthClientRequest::new("genesys CLI", GrantType::Code);
        body.registered_redirect_uri = Some(vec![redirect.to_owned()]);
        self.runtime
            .block_on(async { admin.put_oauth_client(id, body).await })
            .unwrap();
    }

    /// `genesys` with the admin's client credentials in the environment.
    fn genesys(&self, home: &Path) -> Genesys {
        Genesys::new()
            .home(home)
            .env("GENESYSCLOUD_BASE_URL", &self.emulator.base_url())
            .env(
                "GENESYSCLOUD_OAUTHCLIENT_ID",
                self.emulator.admin_client_id(),
            )
            .env(
                "GENESYSCLOUD_OAUTHCLIENT_SECRET",
                self.emulator.admin_client_secret(),
            )
    }
}

fn cache_path(home: &Path) -> std::path::PathBuf {
    home.join(".gc").join("genesys-tokens.json")
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn ten_commands_in_a_row_cost_one_token_request_and_the_cache_is_private() {
    let server = Server::start();
    let home = temp_dir("cache");
    let before = server.tokens_issued();
    for _ in 0..10 {
        server
            .genesys(&home)
            .args(["oauth", "scopes", "list"])
            .run()
            .ok();
    }
    assert_eq!(
        server.tokens_issued(),
        before + 1,
        "one token for ten commands"
    );
    let text = std::fs::read_to_string(cache_path(&home)).unwrap();
    assert!(
        !text.contains(server.emulator.admin_client_secret()),
        "no secret in the cache"
    );
    #[cfg(unix)]
    assert_eq!(mode(&cache_path(&home)), 0o600);

    // --no-token-cache fetches its own and leaves the cache alone.
    server
        .genesys(&home)
        .args(["--no-token-cache", "oauth", "scopes", "list"])
        .run()
        .ok();
    assert_eq!(server.tokens_issued(), before + 2);
    assert_eq!(std::fs::read_to_string(cache_path(&home)).unwrap(), text);

    // A token the server no longer knows (an emulator restarted) is replaced once, by the credentials.
    server.emulator.expire_all_tokens();
    server
        .genesys(&home)
        .args(["oauth", "scopes", "list"])
        .run()
        .ok();
    server
        .genesys(&home)
        .args(["oauth", "scopes", "list"])
        .run()
        .ok();
    assert_eq!(server.tokens_issued(), before + 3);

    // logout forgets the tokens of flags and environment variables: the next command fetches one.
    let out = server.genesys(&home).args(["logout"]).run();
    assert!(
        out.ok()
            .contains("Revoked 1 token(s) on the server; forgot 1 cached token"),
        "{out:?}"
    );
    assert!(!cache_path(&home).exists());
    server
        .genesys(&home)
        .args(["oauth", "scopes", "list"])
        .run()
        .ok();
    assert_eq!(server.tokens_issued(), before + 4);
}

#[cfg(unix)]
#[test]
fn an_exposed_or_corrupt_cache_is_ignored_with_a_warning_never_trusted() {
    use std::os::unix::fs::PermissionsExt;
    let server = Server::start();
    let home = temp_dir("cache-bad");
    server
        .genesys(&home)
        .args(["oauth", "scopes", "list"])
        .run()
        .ok();
    let path = cache_path(&home);
    let before = server.tokens_issued();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    let out = server
        .genesys(&home)
        .args(["oauth", "scopes", "list"])
        .run();
    out.ok();
    assert!(out.stderr.contains("ignoring the token cache"), "{out:?}");
    assert!(out.stderr.contains("0644"), "{out:?}");
    assert_eq!(server.tokens_issued(), before + 1, "its token was not used");
    assert_eq!(mode(&path), 0o600, "replaced by a private file");

    std::fs::write(&path, "{\"version\":1,\"entries\":[{\"broken\"").unwrap();
    let out = server
        .genesys(&home)
        .args(["oauth", "scopes", "list"])
        .run();
    out.ok();
    assert!(out.stderr.contains("is not a token cache"), "{out:?}");
    assert_eq!(server.tokens_issued(), before + 2);
}

/// Review: `genesys logout` read the cache through the same trust check as commands, so a cache it did not trust
/// (readable by others, after a restore or a chmod) was left in place with every token in it, and logout said it
/// forgot nothing.
#[cfg(unix)]
#[test]
fn logout_removes_a_cache_it_does_not_trust() {
    use std::os::unix::fs::PermissionsExt;
    let server = Server::start();
    let home = temp_dir("logout-exposed");
    let path = cache_path(&home);
    for logout in [&["logout", "--all"][..], &["logout"][..]] {
        server
            .genesys(&home)
            .args(["oauth", "scopes", "list"])
            .run()
            .ok();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        let out = Genesys::new().home(&home).args(logout).run();
        let stdout = out.ok().to_owned();
        assert!(
            !path.exists(),
            "{logout:?}: the exposed cache is gone: {out:?}"
        );
        assert!(out.stderr.contains("0644"), "{out:?}");
        assert!(stdout.contains("removed"), "{stdout}");
    }
}

/// Review: `--wait` took any number of seconds, and one past what the clock can add panicked after the URL was
/// printed; it is a usage error now.
#[test]
fn a_wait_beyond_the_clock_is_a_usage_error_not_a_panic() {
    let home = temp_dir("login-wait");
    for wait in ["18446744073709551615", "0"] {
        let login = Login::start(
            &home,
            &[
                "--client-id",
                "some-client",
                "--base-url",
                "http://127.0.0.1:9",
                "--wait",
                wait,
            ],
        );
        let (code, stdout, stderr) = login.finish();
        assert_eq!(code, Some(2), "--wait {wait}: {stdout}\n{stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
}

/// A running `genesys login --no-browser`, its stderr read line by line.
struct Login {
    child: Child,
    lines: mpsc::Receiver<String>,
}

impl Login {
    fn start(home: &Path, args: &[&str]) -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_genesys"))
            .env_clear()
            .env("HOME", home)
            .args(["login", "--no-browser"])
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stderr = child.stderr.take().unwrap();
        let (sender, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let _ = sender.send(line);
            }
        });
        Self { child, lines }
    }

    /// The sign-in URL it printed.
    fn url(&self) -> String {
        loop {
            let line = self
                .lines
                .recv_timeout(DEADLINE)
                .expect("genesys login prints the URL");
            if line.starts_with("http") {
                return line;
            }
        }
    }

    /// Waits for the end; exit status, stdout and the rest of stderr.
    fn finish(mut self) -> (Option<i32>, String, String) {
        let started = Instant::now();
        let status = loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                break status;
            }
            assert!(started.elapsed() < DEADLINE, "genesys login did not finish");
            std::thread::sleep(Duration::from_millis(10));
        };
        let mut stdout = String::new();
        self.child
            .stdout
            .take()
            .unwrap()
            .read_to_string(&mut stdout)
            .unwrap();
        // Every line up to the reader's end (stderr closed): lines still in flight when the process exited
        // count too.
        let mut stderr = Vec::new();
        while let Ok(line) = self.lines.recv_timeout(Duration::from_secs(10)) {
            stderr.push(line);
        }
        (status.code(), stdout, stderr.join("\n"))
    }
}

impl Drop for Login {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The query parameters of `url`.
fn query(url: &str) -> Vec<(String, String)> {
    let query = url.split_once('?').map_or("", |(_, q)| q);
    form_urlencoded::parse(query.as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

fn param(params: &[(String, String)], name: &str) -> String {
    params
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.clone())
        .unwrap_or_else(|| panic!("no {name} in {params:?}"))
}

/// A GET of `url` (http://127.0.0.1:PORT/...): status line and body.
fn get(url: &str) -> (String, String) {
    let rest = url.strip_prefix("http://").unwrap();
    let (authority, path) = rest.split_at(rest.find(['/', '?']).unwrap_or(rest.len()));
    // `http://localhost:8080?code=..` (gc's redirect URI has no path) asks for `/?code=..`.
    let path = if path.starts_with('/') {
        path.to_owned()
    } else {
        format!("/{path}")
    };
    let mut stream = TcpStream::connect(authority).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {authority}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let (head, body) = response.split_once("\r\n\r\n").unwrap();
    (head.lines().next().unwrap().to_owned(), body.to_owned())
}

#[test]
fn login_with_pkce_ignores_strays_keeps_the_token_and_logout_forgets_it() {
    let server = Server::start();
    let client = server.code_client(&["http://127.0.0.1/callback"]);
    let home = temp_dir("login");
    let base = server.emulator.base_url();
    let login = Login::start(
        &home,
        &[
            "--client-id",
            &client,
            "--base-url",
            &base,
            "--profile",
            "work",
        ],
    );
    let url = login.url();
    assert!(
        url.starts_with(&format!("{base}/oauth/authorize?")),
        "{url}"
    );
    let params = query(&url);
    assert_eq!(param(&params, "response_type"), "code");
    assert_eq!(param(&params, "code_challenge_method"), "S256");
    let redirect = param(&params, "redirect_uri");
    assert!(
        redirect.starts_with("http://127.0.0.1:") && redirect.ends_with("/callback"),
        "{redirect}"
    );
    let state = param(&params, "state");
    server.register(&client, &redirect);
    let code = server
        .emulator
        .issue_authorization_code(
            &client,
            &redirect,
            Some(&param(&params, "code_challenge")),
            "alice",
        )
        .expect("a code for the registered redirect URI");

    // Strays: another path, and the right path with another state. The login keeps waiting.
    let origin = redirect.trim_end_matches("/callback");
    let (status, _) = get(&format!("{origin}/favicon.ico"));
    assert!(status.contains(" 404 "), "{status}");
    let (status, body) = get(&format!("{redirect}?code=forged&state=not-{state}"));
    assert!(status.contains(" 400 "), "{status}");
    assert!(body.contains("still waiting"), "{body}");

    let before = server.tokens_issued();
    let (status, body) = get(&format!("{redirect}?code={code}&state={state}"));
    assert!(status.contains(" 200 "), "{status}");
    assert!(body.contains("Signed in"), "{body}");
    let (code_status, stdout, stderr) = login.finish();
    assert_eq!(code_status, Some(0), "{stdout}\n{stderr}");
    assert!(
        stdout.contains(&format!("Logged in to organization `emulator` at {base}")),
        "{stdout}"
    );
    assert!(
        stdout.contains(&client) && stdout.contains("`work`"),
        "{stdout}"
    );
    assert!(stderr.contains("ignored a request"), "{stderr}");
    assert_eq!(server.tokens_issued(), before + 1, "one code exchange");
    // The listener closed after the one valid callback.
    assert!(
        TcpStream::connect(
            redirect
                .trim_start_matches("http://")
                .split('/')
                .next()
                .unwrap()
        )
        .is_err()
    );

    // The profile was created, and commands with it use the login's token: no token request.
    let config = std::fs::read_to_string(home.join(".gc/config.toml")).unwrap();
    assert!(
        config.contains("[work]") && config.contains("grant_type = \"3\""),
        "{config}"
    );
    let out = Genesys::new()
        .home(&home)
        .args(["profiles", "show", "work"])
        .run();
    assert!(
        out.ok().contains("# cached tokens: 1 (1 still valid)") && out.ok().contains("login (PKCE"),
        "{out:?}"
    );
    #[cfg(unix)]
    assert_eq!(mode(&cache_path(&home)), 0o600);
    for _ in 0..3 {
        Genesys::new()
            .home(&home)
            .args(["-p", "WORK", "oauth", "scopes", "list"])
            .run()
            .ok();
    }
    assert_eq!(server.tokens_issued(), before + 1);

    // An expired login renews through its refresh token (the platform gives PKCE logins one): one token
    // request, and the next command uses the renewed token.
    let expire = |refresh_token: Option<&str>| {
        let cache = std::fs::read_to_string(cache_path(&home)).unwrap();
        let mut json: serde_json::Value = serde_json::from_str(&cache).unwrap();
        assert!(json["entries"][0]["refreshToken"].is_string(), "{json}");
        json["entries"][0]["expiresAt"] = serde_json::json!(1);
        if let Some(refresh_token) = refresh_token {
            json["entries"][0]["refreshToken"] = serde_json::json!(refresh_token);
        }
        std::fs::write(cache_path(&home), json.to_string()).unwrap();
    };
    expire(None);
    for _ in 0..2 {
        Genesys::new()
            .home(&home)
            .args(["-p", "work", "oauth", "scopes", "list"])
            .run()
            .ok();
    }
    assert_eq!(server.tokens_issued(), before + 2, "one refresh");

    // An expired login whose refresh token is refused says what to do.
    expire(Some("spent-refresh-token"));
    let out = Genesys::new()
        .home(&home)
        .args(["-p", "work", "oauth", "scopes", "list"])
        .run();
    assert!(
        out.error(3).contains("genesys login --profile work"),
        "{out:?}"
    );
    assert!(
        !format!("{out:?}").contains("spent-refresh-token"),
        "{out:?}"
    );

    let out = Genesys::new()
        .home(&home)
        .args(["logout", "-p", "work"])
        .run();
    // The login's access token had expired (and its refresh token was refused): nothing to revoke, only to forget.
    assert!(
        out.ok()
            .starts_with("Forgot 1 cached token(s) of profile `work`"),
        "{out:?}"
    );
    let out = Genesys::new()
        .home(&home)
        .args(["-p", "work", "oauth", "scopes", "list"])
        .run();
    assert!(out.error(3).contains("not logged in"), "{out:?}");
}

#[test]
fn a_denied_sign_in_fails_and_a_silent_browser_times_out() {
    let server = Server::start();
    let client = server.code_client(&["http://127.0.0.1/callback"]);
    let home = temp_dir("login-denied");
    let base = server.emulator.base_url();
    let login = Login::start(&home, &["--client-id", &client, "--base-url", &base]);
    let params = query(&login.url());
    let redirect = param(&params, "redirect_uri");
    let state = param(&params, "state");
    let (status, _) = get(&format!("{redirect}?error=access_denied&state={state}"));
    assert!(status.contains(" 200 "), "{status}");
    let (code, stdout, stderr) = login.finish();
    assert_eq!(code, Some(3), "{stdout}\n{stderr}");
    assert!(stderr.contains("access_denied"), "{stderr}");
    assert!(!cache_path(&home).exists());

    let login = Login::start(
        &home,
        &["--client-id", &client, "--base-url", &base, "--wait", "1"],
    );
    let _ = login.url();
    let (code, _, stderr) = login.finish();
    assert_eq!(code, Some(3));
    assert!(stderr.contains("did not come back in time"), "{stderr}");
}

#[test]
fn login_refuses_what_it_cannot_do_and_says_so() {
    let home = temp_dir("login-refuse");
    std::fs::create_dir_all(home.join(".gc")).unwrap();
    std::fs::write(
        home.join(".gc/config.toml"),
        "[implicit]\nclient_credentials = \"i\"\ngrant_type = \"2\"\n\
         [cc]\nclient_credentials = \"c\"\nclient_secret = \"secret-value\"\n\
         [secure]\nclient_credentials = \"p\"\nredirect_uri = \"https://localhost:8443\"\n\
         [halfcc]\nclient_credentials = \"h\"\ngrant_type = \"1\"\n",
    )
    .unwrap();
    let run = |args: &[&str]| {
        Genesys::new()
            .home(&home)
            .args(["login", "--no-browser"])
            .args(args)
            .run()
    };
    assert!(run(&["-p", "implicit"]).error(3).contains("implicit grant"));
    assert!(run(&["-p", "cc"]).error(3).contains("client credentials"));
    assert!(
        run(&["-p", "secure"])
            .error(3)
            .contains("secure login is not supported")
    );
    assert!(run(&["-p", "fresh"]).error(2).contains("--client-id"));
    // A client-credentials profile without its secret says so, rather than asking for a login.
    let out = Genesys::new()
        .home(&home)
        .args(["-p", "halfcc", "oauth", "scopes", "list"])
        .run();
    assert!(out.error(3).contains("has no client_secret"), "{out:?}");
    // A command with the implicit profile is refused the same way.
    let out = Genesys::new()
        .home(&home)
        .args(["-p", "implicit", "oauth", "scopes", "list"])
        .run();
    assert!(out.error(3).contains("implicit grant"), "{out:?}");
}

/// Review: a profile of gc's client-credentials grant (grant_type "1") without its secret was signed in to, and
/// every command with it then refused the login and said to run `genesys login`; login refuses it up front.
#[test]
fn login_refuses_a_client_credentials_profile_without_its_secret() {
    let home = temp_dir("login-halfcc");
    std::fs::create_dir_all(home.join(".gc")).unwrap();
    std::fs::write(
        home.join(".gc/config.toml"),
        "[halfcc]\nenvironment = \"http://127.0.0.1:9\"\nclient_credentials = \"h\"\ngrant_type = \"1\"\n",
    )
    .unwrap();
    let out = Genesys::new()
        .home(&home)
        .args(["login", "--no-browser", "-p", "halfcc", "--wait", "1"])
        .run();
    let line = out.error(3);
    assert!(line.contains("grant_type"), "{out:?}");
    assert!(
        !out.stderr.contains("oauth/authorize"),
        "no sign-in started: {out:?}"
    );
}

#[test]
fn a_stale_profile_token_does_not_win_over_its_client_credentials_and_failures_name_the_source() {
    let server = Server::start();
    let home = temp_dir("stale");
    std::fs::create_dir_all(home.join(".gc")).unwrap();
    let base = server.emulator.base_url();
    std::fs::write(
        home.join(".gc/config.toml"),
        format!(
            "[prod]\nenvironment = \"{base}\"\nclient_credentials = \"{}\"\nclient_secret = \"{}\"\n\
             access_token = \"long-expired-token\"\n\
             [wrong]\nenvironment = \"{base}\"\nclient_credentials = \"nobody\"\nclient_secret = \"bad-secret\"\n",
            server.emulator.admin_client_id(),
            server.emulator.admin_client_secret()
        ),
    )
    .unwrap();
    Genesys::new()
        .home(&home)
        .args(["-p", "prod", "oauth", "scopes", "list"])
        .run()
        .ok();
    let out = Genesys::new()
        .home(&home)
        .args(["-p", "wrong", "oauth", "scopes", "list"])
        .run();
    let line = out.error(3);
    assert!(
        line.contains("client `nobody` from profile `wrong`"),
        "{line}"
    );
    assert!(!line.contains("bad-secret"), "{line}");
}

#[test]
fn a_profile_can_turn_the_token_cache_off() {
    let server = Server::start();
    let home = temp_dir("opt-out");
    std::fs::create_dir_all(home.join(".gc")).unwrap();
    std::fs::write(
        home.join(".gc/config.toml"),
        format!(
            "[DEFAULT]\nenvironment = \"{}\"\nclient_credentials = \"{}\"\nclient_secret = \"{}\"\n\
             genesys_token_cache = false\n",
            server.emulator.base_url(),
            server.emulator.admin_client_id(),
            server.emulator.admin_client_secret()
        ),
    )
    .unwrap();
    let before = server.tokens_issued();
    for _ in 0..2 {
        Genesys::new()
            .home(&home)
            .args(["oauth", "scopes", "list"])
            .run()
            .ok();
    }
    assert_eq!(server.tokens_issued(), before + 2);
    assert!(!cache_path(&home).exists());
}

/// Plays the browser for a running login: registers its redirect URI, gets a code as `user`, comes back.
fn sign_in(server: &Server, client: &str, login: Login) -> (Option<i32>, String, String) {
    let params = query(&login.url());
    let redirect = param(&params, "redirect_uri");
    server.register(client, &redirect);
    let code = server
        .emulator
        .issue_authorization_code(
            client,
            &redirect,
            Some(&param(&params, "code_challenge")),
            "bob",
        )
        .unwrap();
    let state = param(&params, "state");
    let (status, _) = get(&format!("{redirect}?code={code}&state={state}"));
    assert!(status.contains(" 200 "), "{status}");
    login.finish()
}

#[test]
fn login_completes_a_profile_without_a_client_and_its_stale_token_is_not_used() {
    let server = Server::start();
    let client = server.code_client(&["http://127.0.0.1/callback"]);
    let home = temp_dir("login-existing");
    std::fs::create_dir_all(home.join(".gc")).unwrap();
    let config = home.join(".gc/config.toml");
    std::fs::write(
        &config,
        format!(
            "[DEFAULT]\n# keep me\nenvironment = \"{}\"\naccess_token = \"stale-token\"\n",
            server.emulator.base_url()
        ),
    )
    .unwrap();
    let login = Login::start(&home, &["--client-id", &client]);
    let (code, stdout, stderr) = sign_in(&server, &client, login);
    assert_eq!(code, Some(0), "{stdout}\n{stderr}");
    let text = std::fs::read_to_string(&config).unwrap();
    assert!(
        text.contains("# keep me") && text.contains(&format!("client_credentials = \"{client}\"")),
        "{text}"
    );
    let before = server.tokens_issued();
    Genesys::new()
        .home(&home)
        .args(["oauth", "scopes", "list"])
        .run()
        .ok();
    assert_eq!(server.tokens_issued(), before);
}

/// Review: the signed-in line printed the client's name as the API gave it, so a name with terminal escapes
/// (any administrator of the organization can set one) was obeyed by the terminal.
#[test]
fn the_signed_in_line_escapes_the_clients_name() {
    let server = Server::start();
    let client = server.code_client(&["http://127.0.0.1/callback"]);
    let home = temp_dir("login-name");
    let base = server.emulator.base_url();
    let login = Login::start(&home, &["--client-id", &client, "--base-url", &base]);
    let params = query(&login.url());
    let redirect = param(&params, "redirect_uri");
    let mut body = OAuthClientRequest::new("app\u{1b}]0;pwned\u{7}\u{1b}[2J", GrantType::Code);
    body.registered_redirect_uri = Some(vec![redirect.clone()]);
    let admin = server.admin();
    server
        .runtime
        .block_on(async { admin.put_oauth_client(&client, body).await })
        .unwrap();
    let code = server
        .emulator
        .issue_authorization_code(
            &client,
            &redirect,
            Some(&param(&params, "code_challenge")),
            "bob",
        )
        .unwrap();
    let state = param(&params, "state");
    let (status, _) = get(&format!("{redirect}?code={code}&state={state}"));
    assert!(status.contains(" 200 "), "{status}");
    let (code, stdout, stderr) = login.finish();
    assert_eq!(code, Some(0), "{stdout}\n{stderr}");
    assert!(stdout.contains("Logged in"), "{stdout}");
    assert!(
        !stdout.contains('\u{1b}') && !stdout.contains('\u{7}'),
        "{stdout:?}"
    );
    assert!(stdout.contains("app\\u{1b}]0;pwned"), "{stdout:?}");
}

#[test]
fn a_browser_that_cannot_be_opened_leaves_the_url_printed() {
    let home = temp_dir("no-opener");
    let mut child = Command::new(env!("CARGO_BIN_EXE_genesys"))
        .env_clear()
        .env("HOME", &home)
        // No xdg-open (or open) to find: opening fails, and the URL is printed instead.
        .env("PATH", home.join("no-such-dir"))
        .args([
            "login",
            "--client-id",
            "c",
            "--base-url",
            "http://127.0.0.1:9",
            "--wait",
            "1",
        ])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(3), "{stderr}");
    assert!(stderr.contains("Open this URL in a browser"), "{stderr}");
    assert!(
        stderr.contains("http://127.0.0.1:9/oauth/authorize?"),
        "{stderr}"
    );
}

#[test]
fn a_gc_pkce_profile_signs_in_on_the_port_its_redirect_uri_names() {
    let server = Server::start();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    // gc's own form: no path, localhost, a fixed port; registered exactly so.
    let redirect = format!("http://localhost:{port}");
    let client = server.code_client(&[&redirect]);
    let home = temp_dir("login-gc");
    std::fs::create_dir_all(home.join(".gc")).unwrap();
    std::fs::write(
        home.join(".gc/config.toml"),
        format!(
            "[gc]\nenvironment = \"{}\"\nclient_credentials = \"{client}\"\nclient_secret = \"\"\n\
             redirect_uri = \"{redirect}\"\nsecure_login_enabled = false\ngrant_type = \"3\"\n",
            server.emulator.base_url()
        ),
    )
    .unwrap();
    let login = Login::start(&home, &["-p", "gc"]);
    let (code, stdout, stderr) = sign_in(&server, &client, login);
    assert_eq!(code, Some(0), "{stdout}\n{stderr}");
    let before = server.tokens_issued();
    Genesys::new()
        .home(&home)
        .args(["-p", "gc", "oauth", "scopes", "list"])
        .run()
        .ok();
    assert_eq!(server.tokens_issued(), before);
}

#[test]
fn login_over_https_trusts_the_ca_certificate_it_is_given() {
    let server = Server::start_https();
    let client = server.code_client(&["http://127.0.0.1/callback"]);
    let home = temp_dir("login-https");
    let base = server.emulator.base_url();
    assert!(base.starts_with("https://"), "{base}");
    let ca = common::tls_fixture("ca.pem");
    let login = Login::start(
        &home,
        &[
            "--ca-cert",
            &ca,
            "--client-id",
            &client,
            "--base-url",
            &base,
        ],
    );
    let (code_status, stdout, stderr) = sign_in(&server, &client, login);
    assert_eq!(code_status, Some(0), "{stdout}\n{stderr}");
    assert!(
        stdout.contains(&format!("Logged in to organization `emulator` at {base}")),
        "{stdout}"
    );

    // A --ca-cert that cannot be read fails before any browser is sent anywhere.
    let out = Genesys::new()
        .home(&home)
        .args(["login", "--no-browser", "--ca-cert", "/nonexistent/ca.pem"])
        .args(["--client-id", &client, "--base-url", &base])
        .run();
    let error = out.error(3);
    assert!(error.contains("cannot read --ca-cert"), "{error}");
    assert!(!error.contains("/oauth/authorize"), "{error}");
}
