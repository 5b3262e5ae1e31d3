//! Running the built `genesys` binary against a `genesys emulator` subprocess, with bounded waits and a clean
//! environment (a temporary HOME, no GENESYSCLOUD_* variables) for every process.

#![allow(dead_code, unreachable_pub)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// The longest any process may take.
pub const DEADLINE: Duration = Duration::from_secs(60);

pub const ADMIN_ID: &str = "emulator-admin";
pub const ADMIN_SECRET: &str = "emulator-admin-secret";
/// Demo clients of `genesys emulator --demo`.
pub const NIGHTLY_EXPORT: &str = "00000000-0000-4000-8000-00000000c101";
pub const INACTIVE_CLIENT: &str = "00000000-0000-4000-8000-00000000c104";
pub const CODE_CLIENT: &str = "00000000-0000-4000-8000-00000000c001";
pub const VIEWER_ROLE: &str = "00000000-0000-4000-8000-00000000a002";

/// A `genesys emulator --demo` subprocess, killed when dropped.
pub struct Emulator {
    child: Child,
    pub base_url: String,
    pub addr: String,
}

impl Emulator {
    /// Starts one with demo data and `extra` options; waits for its `listening on` line.
    pub fn start(extra: &[&str]) -> Self {
        let mut command = Command::new(env!("CARGO_BIN_EXE_genesys"));
        command.args(["emulator", "--demo", "--listen", "127.0.0.1:0"]);
        if !extra.contains(&"--usage-delay-ms") {
            // Usage results after a tenth of a second keep `run` and `--wait` quick.
            command.args(["--usage-delay-ms", "100"]);
        }
        if !extra.contains(&"--visibility-delay-ms") {
            // `--demo` hides a new client for a moment, as the platform can; these tests read what they create
            // and are not about that delay (the executor's lifecycle tests are).
            command.args(["--visibility-delay-ms", "0"]);
        }
        let mut child = command
            .args(extra)
            .env_clear()
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("the genesys binary runs");
        let stdout = child.stdout.take().unwrap();
        let (sender, receiver) = mpsc::channel();
        std::thread::spawn(move || {
            let mut line = String::new();
            let _ = BufReader::new(stdout).read_line(&mut line);
            let _ = sender.send(line);
        });
        let line = receiver.recv_timeout(DEADLINE).unwrap_or_else(|_| {
            let _ = child.kill();
            panic!("the emulator did not announce its address in time")
        });
        let base_url = line
            .trim_end()
            .strip_prefix("listening on ")
            .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
            .to_owned();
        let addr = base_url
            .trim_start_matches("https://")
            .trim_start_matches("http://")
            .to_owned();
        Self {
            child,
            base_url,
            addr,
        }
    }

    /// An access token of the admin client (default secret), fetched over plain HTTP.
    pub fn admin_token(&self) -> String {
        self.admin_token_with(ADMIN_SECRET)
    }

    /// An access token of the admin client whose secret is `secret`, fetched over plain HTTP.
    pub fn admin_token_with(&self, secret: &str) -> String {
        let basic = base64(format!("{ADMIN_ID}:{secret}").as_bytes());
        let response = http(
            &self.addr,
            &format!(
                "POST /oauth/token HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\
                 Authorization: Basic {basic}\r\n\
                 Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 29\r\n\r\n\
                 grant_type=client_credentials"
            ),
        );
        let body = &response[response.find("\r\n\r\n").expect("a response") + 4..];
        let json: serde_json::Value = serde_json::from_str(body).expect("a JSON token response");
        json["access_token"].as_str().expect("a token").to_owned()
    }

    /// The emulator's counters.
    pub fn stats(&self) -> serde_json::Value {
        let response = http(
            &self.addr,
            "GET /emulator/stats HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n",
        );
        let body = &response[response.find("\r\n\r\n").expect("a response") + 4..];
        serde_json::from_str(body).expect("JSON stats")
    }

    /// `genesys` aimed at this emulator, as its admin, through the environment variables.
    pub fn genesys(&self) -> Genesys {
        Genesys::new()
            .env("GENESYSCLOUD_BASE_URL", &self.base_url)
            .env("GENESYSCLOUD_OAUTHCLIENT_ID", ADMIN_ID)
            .env("GENESYSCLOUD_OAUTHCLIENT_SECRET", ADMIN_SECRET)
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Standard base64 with padding, for a Basic header.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[(n >> (18 - 6 * i) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// One HTTP/1.1 exchange on a fresh connection; the whole response.
pub fn http(addr: &str, request: &str) -> String {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    response
}

/// A file of the workspace's test TLS fixtures (`tests/fixtures/tls`): a private CA and a certificate it issued
/// for 127.0.0.1.
pub fn tls_fixture(name: &str) -> String {
    format!(
        "{}/../../tests/fixtures/tls/{name}",
        env!("CARGO_MANIFEST_DIR")
    )
}

/// A fresh, empty directory for this test process.
pub fn temp_dir(name: &str) -> PathBuf {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!(
        "genesys-cli-{name}-{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::SeqCst)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// What a finished `genesys` printed, and its exit status.
#[derive(Debug)]
pub struct Output {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Output {
    /// Asserts success and returns stdout.
    #[track_caller]
    pub fn ok(&self) -> &str {
        assert_eq!(self.code, Some(0), "{self:#?}");
        &self.stdout
    }

    /// Asserts success and parses stdout as JSON.
    #[track_caller]
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(self.ok()).unwrap_or_else(|error| panic!("{error}: {self:#?}"))
    }

    /// Asserts exit status `code`, nothing on stdout and exactly one `error: ` line on stderr; returns it.
    #[track_caller]
    pub fn error(&self, code: i32) -> &str {
        assert_eq!(self.code, Some(code), "{self:#?}");
        assert!(self.stdout.is_empty(), "{self:#?}");
        let lines: Vec<&str> = self.stderr.lines().filter(|l| !l.is_empty()).collect();
        assert!(
            lines.last().is_some_and(|line| line.starts_with("error: ")),
            "{self:#?}"
        );
        assert_eq!(
            lines.iter().filter(|l| l.starts_with("error: ")).count(),
            1,
            "{self:#?}"
        );
        lines.last().unwrap()
    }
}

/// A `genesys` command line to run: a clean environment with HOME in a temporary directory.
pub struct Genesys {
    command: Command,
    stdin: Option<Vec<u8>>,
    pub home: PathBuf,
}

impl Genesys {
    pub fn new() -> Self {
        // An empty HOME (no ~/.gc/config.toml), shared by the commands of this test binary.
        static EMPTY_HOME: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
        let home = EMPTY_HOME.get_or_init(|| temp_dir("home")).clone();
        let mut command = Command::new(env!("CARGO_BIN_EXE_genesys"));
        command.env_clear().env("HOME", &home);
        Self {
            command,
            stdin: None,
            home,
        }
    }

    pub fn home(mut self, home: &Path) -> Self {
        self.command.env("HOME", home);
        self.home = home.to_owned();
        self
    }

    pub fn env(mut self, name: &str, value: &str) -> Self {
        self.command.env(name, value);
        self
    }

    pub fn env_remove(mut self, name: &str) -> Self {
        self.command.env_remove(name);
        self
    }

    pub fn args<I, S>(mut self, args: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<std::ffi::OsStr>,
    {
        self.command.args(args);
        self
    }

    pub fn arg_path(mut self, path: &Path) -> Self {
        self.command.arg(path);
        self
    }

    pub fn stdin(mut self, input: impl Into<Vec<u8>>) -> Self {
        self.stdin = Some(input.into());
        self
    }

    /// Runs `genesys ARGS` on a pseudo-terminal (util-linux `script`) fed with the standard input given; returns
    /// what the terminal showed. The environment and HOME are this command line's.
    #[track_caller]
    pub fn run_in_terminal(self, args: &[&str]) -> String {
        let mut line = env!("CARGO_BIN_EXE_genesys").to_owned();
        for arg in args {
            line.push_str(&format!(" '{arg}'"));
        }
        let mut command = Command::new("script");
        command
            .args(["-qec", &line, "/dev/null"])
            .env_clear()
            .env("HOME", &self.home);
        let output = Genesys {
            command,
            stdin: self.stdin,
            home: self.home,
        }
        .run();
        assert_eq!(output.code, Some(0), "{output:#?}");
        output.stdout
    }

    /// Runs to the end (killing it past [`DEADLINE`]).
    #[track_caller]
    pub fn run(mut self) -> Output {
        let mut child = self
            .command
            .stdin(if self.stdin.is_some() {
                Stdio::piped()
            } else {
                Stdio::null()
            })
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the genesys binary runs");
        if let Some(input) = self.stdin.take() {
            let mut stdin = child.stdin.take().unwrap();
            std::thread::spawn(move || {
                let _ = stdin.write_all(&input);
            });
        }
        let read = |mut pipe: Box<dyn Read + Send>| {
            std::thread::spawn(move || {
                let mut text = Vec::new();
                let _ = pipe.read_to_end(&mut text);
                String::from_utf8_lossy(&text).into_owned()
            })
        };
        let stdout = read(Box::new(child.stdout.take().unwrap()));
        let stderr = read(Box::new(child.stderr.take().unwrap()));
        let started = Instant::now();
        let status = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break status;
            }
            if started.elapsed() > DEADLINE {
                let _ = child.kill();
                let _ = child.wait();
                panic!("genesys did not finish within {DEADLINE:?}");
            }
            std::thread::sleep(Duration::from_millis(5));
        };
        Output {
            code: status.code(),
            stdout: stdout.join().unwrap(),
            stderr: stderr.join().unwrap(),
        }
    }
}
