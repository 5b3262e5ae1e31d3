//! `genesys emulator` as users run it: the built binary, its first stdout line, a request, and SIGTERM.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

const DEADLINE: Duration = Duration::from_secs(20);

fn genesys() -> Command {
    Command::new(env!("CARGO_BIN_EXE_genesys"))
}

/// Kills the child if a test fails before it exits.
struct Guard(Child);

impl Drop for Guard {
    fn drop(&mut self) {
        if matches!(self.0.try_wait(), Ok(None)) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
}

/// One HTTP/1.1 exchange on a fresh connection; returns the whole response text.
fn http(addr: &str, request: &str) -> String {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    response
}

#[cfg(unix)]
#[test]
fn serves_until_sigterm_then_exits_cleanly() {
    let child = genesys()
        .args(["emulator", "--listen", "127.0.0.1:0", "--seed-clients", "2"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the genesys binary runs");
    let mut guard = Guard(child);
    let stdout = guard.0.stdout.take().unwrap();
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        let _ = BufReader::new(stdout).read_line(&mut line);
        let _ = sender.send(line);
    });
    let line = receiver
        .recv_timeout(DEADLINE)
        .expect("a first line in time");
    let addr = line
        .trim_end()
        .strip_prefix("listening on http://127.0.0.1:")
        .map(|port| format!("127.0.0.1:{port}"))
        .unwrap_or_else(|| panic!("unexpected first line {line:?}"));

    // emulator-admin:emulator-admin-secret in base64.
    let token = http(
        &addr,
        "POST /oauth/token HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\
         Authorization: Basic ZW11bGF0b3ItYWRtaW46ZW11bGF0b3ItYWRtaW4tc2VjcmV0\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 29\r\n\r\n\
         grant_type=client_credentials",
    );
    assert!(token.starts_with("HTTP/1.1 200"), "{token}");
    assert!(token.contains("\"token_type\":\"bearer\""), "{token}");
    let stats = http(
        &addr,
        "GET /emulator/stats HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n",
    );
    assert!(
        stats.contains("\"tokensIssued\":1") && stats.contains("\"clients\":6"),
        "{stats}"
    );

    let killed = Command::new("kill")
        .args(["-TERM", &guard.0.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let started = Instant::now();
    let status = loop {
        if let Some(status) = guard.0.try_wait().unwrap() {
            break status;
        }
        assert!(started.elapsed() < DEADLINE, "no exit after SIGTERM");
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(status.success(), "exit status {status:?}");
    let mut stderr = String::new();
    guard
        .0
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    assert!(stderr.contains("SIGTERM"), "{stderr}");
    assert!(
        !stderr.contains("emulator-admin-secret"),
        "the secret is not printed"
    );
}

#[cfg(unix)]
#[test]
fn sigterm_with_the_stderr_reader_gone_still_exits_cleanly() {
    let child = genesys()
        .args(["emulator", "--listen", "127.0.0.1:0"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the genesys binary runs");
    let mut guard = Guard(child);
    // Nobody reads stderr: its pipe is closed at once.
    drop(guard.0.stderr.take());
    let stdout = guard.0.stdout.take().unwrap();
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        let _ = BufReader::new(stdout).read_line(&mut line);
        let _ = sender.send(line);
    });
    let line = receiver
        .recv_timeout(DEADLINE)
        .expect("a first line in time");
    assert!(line.starts_with("listening on "), "{line:?}");
    // Give the stderr lines after the first stdout line time to be written (and fail) before the signal.
    std::thread::sleep(Duration::from_millis(200));
    let killed = Command::new("kill")
        .args(["-TERM", &guard.0.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let started = Instant::now();
    let status = loop {
        if let Some(status) = guard.0.try_wait().unwrap() {
            break status;
        }
        assert!(started.elapsed() < DEADLINE, "no exit after SIGTERM");
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(status.success(), "exit status {status:?}");
}

#[test]
fn help_documents_the_admin_credentials_and_faults() {
    let output = genesys().args(["emulator", "--help"]).output().unwrap();
    assert!(output.status.success());
    let help = String::from_utf8(output.stdout).unwrap();
    for expected in [
        "emulator-admin",
        "emulator-admin-secret",
        "--faults",
        "reset-after",
        "--state",
        "--demo",
        // The explicit options for friendlier-than-platform behaviour (issue 17).
        "--usage-live",
        "--rate-limit-per-minute",
        "--paging-parameters",
        "--known-scopes-only",
        "--visibility-delay-ms",
        "default: 0, or 1500 with --demo",
    ] {
        assert!(help.contains(expected), "--help lacks {expected}");
    }
}

/// Issue 17: the emulator's options reach the server. A rate-limited emulator answers a token's fourth request
/// of the minute with the platform's 429; `--paging-parameters` honours pageSize and pageNumber.
#[test]
fn the_rate_limit_and_paging_options_reach_the_server() {
    let mut child = genesys()
        .args([
            "emulator",
            "--listen",
            "127.0.0.1:0",
            "--rate-limit-per-minute",
            "3",
            "--paging-parameters",
            "--seed-clients",
            "5",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let guard = Guard(child);
    let addr = line
        .trim()
        .trim_start_matches("listening on http://")
        .to_owned();
    let token = http(
        &addr,
        "POST /oauth/token HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\
         Authorization: Basic ZW11bGF0b3ItYWRtaW46ZW11bGF0b3ItYWRtaW4tc2VjcmV0\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 29\r\n\r\n\
         grant_type=client_credentials",
    );
    let body = &token[token.find("\r\n\r\n").unwrap() + 4..];
    let token: serde_json::Value = serde_json::from_str(body).unwrap();
    let token = token["access_token"].as_str().unwrap();
    let list = format!(
        "GET /api/v2/oauth/clients?pageSize=2&pageNumber=1 HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\
         Authorization: Bearer {token}\r\n\r\n"
    );
    for _ in 0..3 {
        let page = http(&addr, &list);
        assert!(page.starts_with("HTTP/1.1 200"), "{page}");
        assert!(page.contains("pageNumber=2"), "paged: {page}");
    }
    let limited = http(&addr, &list);
    assert!(limited.starts_with("HTTP/1.1 429"), "{limited}");
    assert!(
        limited.to_ascii_lowercase().contains("retry-after: "),
        "{limited}"
    );
    assert!(
        limited.contains("too.many.requests.retry.after"),
        "{limited}"
    );
    drop(guard);
}

#[test]
fn bad_options_are_refused_before_starting() {
    let output = genesys()
        .args(["emulator", "--faults", "429=2"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("--faults"));
    let output = genesys()
        .args(["emulator", "--page-size", "0"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn a_corrupt_state_file_fails_with_a_clear_message() {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("cli-state-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("state.json");
    std::fs::write(&path, "{\"version\":1,\"clien").unwrap();
    let output = genesys()
        .args(["emulator", "--state"])
        .arg(&path)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(3));
    assert!(output.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("state.json") && stderr.contains("not a valid emulator state"),
        "{stderr}"
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_port_in_use_exits_with_the_environment_status() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap().to_string();
    let output = genesys()
        .args(["emulator", "--listen", &addr])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(3), "{output:?}");
    assert!(output.stdout.is_empty());
    drop(taken);
}

#[test]
fn completions_into_a_closed_pipe_are_quiet_and_succeed() {
    let mut child = genesys()
        .args(["completions", "bash"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Like `| head -c10`: read a little, then close the pipe (the script is larger than a pipe's buffer).
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0; 10];
    stdout.read_exact(&mut first).unwrap();
    drop(stdout);
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    assert!(output.stderr.is_empty(), "{output:?}");
}

/// Runs `genesys emulator` with these arguments, expecting it to exit by itself (killed after the deadline).
fn run_to_exit(args: &[&str]) -> (Option<i32>, String, String) {
    let child = genesys()
        .arg("emulator")
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the genesys binary runs");
    let mut guard = Guard(child);
    let started = Instant::now();
    let status = loop {
        if let Some(status) = guard.0.try_wait().unwrap() {
            break status;
        }
        assert!(
            started.elapsed() < DEADLINE,
            "{args:?}: still running, not refused"
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    let mut stdout = String::new();
    let mut stderr = String::new();
    guard
        .0
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut stdout)
        .unwrap();
    guard
        .0
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    (status.code(), stdout, stderr)
}

/// `--listen 0.0.0.0:PORT` served anyone with the well-known admin secret. An address that is not loopback is
/// refused before anything is bound unless --client-secret names a secret of one's own.
#[test]
fn a_non_loopback_listen_address_without_a_client_secret_is_refused() {
    for args in [
        &["--listen", "0.0.0.0:0"][..],
        &["--listen", "[::]:0"],
        &[
            "--listen",
            "0.0.0.0:0",
            "--client-secret",
            "emulator-admin-secret",
        ],
        // An address this machine does not have: refused for the secret, not for the bind.
        &["--listen", "192.0.2.1:0"],
    ] {
        let (code, stdout, stderr) = run_to_exit(args);
        assert_eq!(code, Some(3), "{args:?}: {stderr}");
        assert!(stdout.is_empty(), "{args:?}: nothing listens: {stdout}");
        assert!(stderr.contains("--client-secret"), "{args:?}: {stderr}");
        assert!(
            stderr.contains("not a loopback address"),
            "{args:?}: {stderr}"
        );
    }
}
