//! One `genesys oauth clients get ID` process against a running `genesys emulator` over HTTPS, next to
//! `/usr/bin/curl` making the same request with the same CA and token: what a user pays on every command,
//! process start, trust roots and TLS handshake included.
//!
//! Both are started as processes by this one, alternating run by run (the order swapping every round), with
//! their output discarded; wall time from spawn to exit. The CLI gets the token curl uses
//! (`GENESYSCLOUD_ACCESS_TOKEN`), so both send one request; a third variant, with client credentials, also pays
//! for the token request.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::report::Report;
use crate::settings::Settings;

/// The baseline client.
const CURL: &str = "/usr/bin/curl";
/// The emulator's admin, the client every run reads.
const ADMIN_ID: &str = "emulator-admin";
const ADMIN_SECRET: &str = "emulator-admin-secret";
/// The longest one process may take before the run is called failed.
const PROCESS_DEADLINE: Duration = Duration::from_secs(30);

/// The workspace's test TLS fixtures: a private CA and a certificate it issued for 127.0.0.1.
fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures/tls")
        .join(name)
}

/// The `genesys` binary next to this one (`cargo xtask bench` builds both in release mode).
fn genesys_binary() -> Result<PathBuf, String> {
    let exe = std::env::current_exe().map_err(|e| format!("cannot find this binary: {e}"))?;
    let genesys = exe.with_file_name("genesys");
    if genesys.is_file() {
        Ok(genesys)
    } else {
        Err(format!(
            "{} is missing: build it with `cargo build --release -p genesys-cloud-cli` (cargo xtask bench does)",
            genesys.display()
        ))
    }
}

/// A `genesys emulator` process over HTTPS, killed when dropped.
struct EmulatorProcess {
    child: Child,
    base_url: String,
}

impl EmulatorProcess {
    fn start(genesys: &Path) -> Result<Self, String> {
        let mut child = Command::new(genesys)
            .args(["emulator", "--listen", "127.0.0.1:0", "--tls-cert"])
            .arg(fixture("server.pem"))
            .arg("--tls-key")
            .arg(fixture("server.key.pem"))
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot start `genesys emulator`: {e}"))?;
        let stdout = child.stdout.take().ok_or("no stdout")?;
        let (sender, receiver) = mpsc::channel();
        std::thread::spawn(move || {
            let mut line = String::new();
            let _ = BufReader::new(stdout).read_line(&mut line);
            let _ = sender.send(line);
        });
        let mut process = Self {
            child,
            base_url: String::new(),
        };
        let line = receiver
            .recv_timeout(PROCESS_DEADLINE)
            .map_err(|_| "the emulator did not announce its address")?;
        process.base_url = line
            .trim_end()
            .strip_prefix("listening on ")
            .ok_or_else(|| format!("unexpected first line {line:?}"))?
            .to_owned();
        Ok(process)
    }
}

impl Drop for EmulatorProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Runs `command` to its end with its output discarded; its wall time, or why it failed.
fn timed(command: &mut Command) -> Result<Duration, String> {
    let start = Instant::now();
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot run {command:?}: {e}"))?;
    // Polled with a short sleep: `wait` has no timeout, and a hung run must not hang the benchmark.
    loop {
        if let Some(status) = child.try_wait().map_err(|e| e.to_string())? {
            let elapsed = start.elapsed();
            return if status.success() {
                Ok(elapsed)
            } else {
                Err(format!("{command:?} failed: {status}"))
            };
        }
        if start.elapsed() > PROCESS_DEADLINE {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!("{command:?} took longer than {PROCESS_DEADLINE:?}"));
        }
        std::thread::sleep(Duration::from_micros(100));
    }
}

/// An access token of the admin, fetched with curl over HTTPS.
fn admin_token(base_url: &str) -> Result<String, String> {
    let output = Command::new(CURL)
        .args(["-sS", "--fail", "--cacert"])
        .arg(fixture("ca.pem"))
        .args(["-u", &format!("{ADMIN_ID}:{ADMIN_SECRET}")])
        .args(["-d", "grant_type=client_credentials"])
        .arg(format!("{base_url}/oauth/token"))
        .output()
        .map_err(|e| format!("cannot run {CURL}: {e}"))?;
    let body: serde_json::Value = serde_json::from_slice(&output.stdout)
        .map_err(|e| format!("the token response is not JSON ({e}): {output:?}"))?;
    body["access_token"]
        .as_str()
        .map(str::to_owned)
        .ok_or_else(|| "no access_token in the token response".to_owned())
}

/// What is timed: a command line, built afresh for every run.
struct Variant {
    name: &'static str,
    command: Box<dyn Fn() -> Command>,
    samples: Vec<f64>,
}

/// The CLI's command line with a clean environment (an empty HOME: no ~/.gc/config.toml is read).
fn genesys_command(genesys: &Path, home: &Path, base_url: &str) -> Command {
    let mut command = Command::new(genesys);
    command
        .env_clear()
        .env("HOME", home)
        .env("GENESYSCLOUD_BASE_URL", base_url)
        .arg("--ca-cert")
        .arg(fixture("ca.pem"))
        .args(["oauth", "clients", "get", ADMIN_ID]);
    command
}

pub(crate) fn run(settings: &Settings, report: &mut Report) -> Result<(), String> {
    let genesys = genesys_binary()?;
    if !Path::new(CURL).is_file() {
        return Err(format!(
            "{CURL} is missing: the one-shot baseline needs curl"
        ));
    }
    let home = std::env::temp_dir().join(format!("genesys-bench-home-{}", std::process::id()));
    std::fs::create_dir_all(&home).map_err(|e| format!("cannot create {}: {e}", home.display()))?;
    let emulator = EmulatorProcess::start(&genesys)?;
    let base_url = emulator.base_url.clone();
    let token = admin_token(&base_url)?;
    let url = format!("{base_url}/api/v2/oauth/clients/{ADMIN_ID}");
    let mut variants = vec![
        Variant {
            name: "cli_get_client_oneshot_ms",
            command: {
                let (genesys, home, base_url, token) = (
                    genesys.clone(),
                    home.clone(),
                    base_url.clone(),
                    token.clone(),
                );
                Box::new(move || {
                    let mut command = genesys_command(&genesys, &home, &base_url);
                    command.env("GENESYSCLOUD_ACCESS_TOKEN", &token);
                    command
                })
            },
            samples: Vec::new(),
        },
        Variant {
            name: "curl_get_client_oneshot_ms",
            command: {
                Box::new(move || {
                    let mut command = Command::new(CURL);
                    command
                        .env_clear()
                        .args(["-sS", "--fail", "-o", "/dev/null", "--cacert"])
                        .arg(fixture("ca.pem"))
                        .args(["-H", &format!("Authorization: Bearer {token}")])
                        .arg(&url);
                    command
                })
            },
            samples: Vec::new(),
        },
        Variant {
            name: "cli_get_client_oneshot_credentials_ms",
            command: {
                let home = home.clone();
                Box::new(move || {
                    let mut command = genesys_command(&genesys, &home, &base_url);
                    command
                        .env("GENESYSCLOUD_OAUTHCLIENT_ID", ADMIN_ID)
                        .env("GENESYSCLOUD_OAUTHCLIENT_SECRET", ADMIN_SECRET);
                    command
                })
            },
            samples: Vec::new(),
        },
    ];
    // Unmeasured: page caches warm for both binaries, the emulator's connections and allocator settled.
    for variant in &variants {
        for _ in 0..3 {
            timed(&mut (variant.command)())?;
        }
    }
    for round in 0..settings.oneshot_rounds {
        // The order rotates every round, so that neither always runs right after the other.
        let count = variants.len();
        for offset in 0..count {
            let variant = &mut variants[(round + offset) % count];
            let elapsed = timed(&mut (variant.command)())?;
            variant.samples.push(elapsed.as_secs_f64() * 1e3);
        }
    }
    drop(emulator);
    let _ = std::fs::remove_dir_all(&home);
    let mut medians = Vec::new();
    for variant in &variants {
        medians.push(report.median(variant.name, &variant.samples, "ms"));
    }
    report.value("cli_oneshot_vs_curl", medians[0] / medians[1], "ratio");
    Ok(())
}
