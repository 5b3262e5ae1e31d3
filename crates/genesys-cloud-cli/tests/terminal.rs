//! `genesys` at a terminal: tables fit its width (on a pseudo-terminal 80 or 160 columns wide), `--wide` and
//! pipes get them whole, and a long wait shows which attempt it is at.

mod common;
#[path = "common/pty.rs"]
mod pty;

use std::net::TcpListener;
use std::process::Command;

use common::{ADMIN_ID, Emulator, Genesys, NIGHTLY_EXPORT, temp_dir};

/// `genesys ARGS` with a clean environment, to run on a pseudo-terminal.
fn genesys(args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_genesys"));
    command
        .env_clear()
        .env("HOME", temp_dir("pty-home"))
        .env("TERM", "xterm")
        .args(args);
    command
}

const DEMO_IDS: [&str; 3] = [
    "emulator-admin",
    "00000000-0000-4000-8000-00000000c001",
    NIGHTLY_EXPORT,
];

#[test]
fn the_demo_clients_fit_80_columns_with_every_id_whole() {
    let screen = pty::run(
        genesys(&[
            "--emulator",
            "oauth",
            "clients",
            "list",
            "--output",
            "table",
        ]),
        80,
        None,
    );
    assert_eq!(screen.code, Some(0), "{screen:#?}");
    assert!(screen.lines_wider_than(80).is_empty(), "{}", screen.text);
    for id in DEMO_IDS {
        assert!(screen.text.contains(id), "{}", screen.text);
    }
    assert!(
        screen.text.contains("14 clients") && screen.text.contains("--wide shows"),
        "{}",
        screen.text
    );
}

#[test]
fn authorizations_fit_160_columns_and_80() {
    for columns in [160, 80] {
        let screen = pty::run(
            genesys(&[
                "--emulator",
                "oauth",
                "authorizations",
                "list",
                "--output",
                "table",
            ]),
            columns,
            None,
        );
        assert_eq!(screen.code, Some(0), "{screen:#?}");
        assert!(
            screen.lines_wider_than(usize::from(columns)).is_empty(),
            "{}",
            screen.text
        );
        assert!(screen.text.contains("4 authorizations"), "{}", screen.text);
    }
}

#[test]
fn scopes_and_a_single_client_fit_80_columns() {
    for args in [
        &["--emulator", "oauth", "scopes", "list", "-o", "table"][..],
        &[
            "--emulator",
            "oauth",
            "clients",
            "get",
            "00000000-0000-4000-8000-00000000c001",
            "-o",
            "table",
        ],
    ] {
        let screen = pty::run(genesys(args), 80, None);
        assert_eq!(screen.code, Some(0), "{screen:#?}");
        assert!(screen.lines_wider_than(80).is_empty(), "{}", screen.text);
    }
}

#[test]
fn usage_rows_and_their_chart_fit_80_columns() {
    // Today's live counts, of the requests just made.
    let emulator = Emulator::start(&["--usage-live"]);
    for _ in 0..3 {
        emulator
            .genesys()
            .args(["oauth", "clients", "list"])
            .run()
            .ok();
    }
    emulator
        .genesys()
        .args(["oauth", "clients", "get", "missing"])
        .run()
        .error(1);
    let mut command = genesys(&[
        "oauth",
        "clients",
        "usage",
        "query",
        "run",
        ADMIN_ID,
        "--interval",
        "1d",
        "--granularity",
        "Day",
        "--group-by",
        "TemplateUri",
        "--group-by",
        "HttpMethod",
        "-o",
        "table",
    ]);
    command
        .env("GENESYSCLOUD_BASE_URL", &emulator.base_url)
        .env("GENESYSCLOUD_OAUTHCLIENT_ID", ADMIN_ID)
        .env("GENESYSCLOUD_OAUTHCLIENT_SECRET", common::ADMIN_SECRET);
    let screen = pty::run(command, 80, None);
    assert_eq!(screen.code, Some(0), "{screen:#?}");
    assert!(screen.text.contains("REQUESTS"), "{}", screen.text);
    assert!(screen.lines_wider_than(80).is_empty(), "{}", screen.text);
}

#[test]
fn a_long_name_is_cut_on_a_terminal_and_whole_in_a_pipe_and_with_wide() {
    let emulator = Emulator::start(&[]);
    let long = format!("Long {}", "n".repeat(195));
    emulator
        .genesys()
        .args([
            "oauth",
            "clients",
            "create",
            "--name",
            &long,
            "--grant-type",
            "client_credentials",
            "--role-division",
            &format!("{}:*", common::VIEWER_ROLE),
        ])
        .run()
        .ok();
    let at = |columns: u16, extra: &[&str]| {
        let mut command = genesys(&["oauth", "clients", "list", "-o", "table"]);
        command
            .args(extra)
            .env("GENESYSCLOUD_BASE_URL", &emulator.base_url)
            .env("GENESYSCLOUD_OAUTHCLIENT_ID", ADMIN_ID)
            .env("GENESYSCLOUD_OAUTHCLIENT_SECRET", common::ADMIN_SECRET);
        pty::run(command, columns, None)
    };
    let narrow = at(80, &[]);
    assert!(narrow.lines_wider_than(80).is_empty(), "{}", narrow.text);
    assert!(
        narrow.text.contains("Long nnnn") && narrow.text.contains('…'),
        "{}",
        narrow.text
    );
    assert!(!narrow.text.contains(&long), "{}", narrow.text);

    let wide = at(80, &["--wide"]);
    assert!(
        wide.text.contains(&long) && wide.text.contains("CREATED"),
        "{}",
        wide.text
    );
    assert!(!wide.text.contains("--wide shows"), "{}", wide.text);

    // A pipe is never cut, whatever COLUMNS says.
    let piped = emulator
        .genesys()
        .env("COLUMNS", "80")
        .args(["oauth", "clients", "list", "-o", "table"])
        .run();
    let text = piped.ok();
    assert!(text.contains(&long), "{text}");
    assert!(
        text.contains("CREATED") && text.contains("TOKEN TTL") && !text.contains('…'),
        "{text}"
    );
}

#[test]
fn columns_overrides_the_terminal_width() {
    let mut command = genesys(&["--emulator", "oauth", "clients", "list", "-o", "table"]);
    command.env("COLUMNS", "110");
    let screen = pty::run(command, 80, None);
    assert_eq!(screen.code, Some(0), "{screen:#?}");
    // Fitted to 110 columns, not to the terminal's 80 nor to the table's own 127.
    assert!(screen.lines_wider_than(110).is_empty(), "{}", screen.text);
    assert!(!screen.lines_wider_than(80).is_empty(), "{}", screen.text);
    assert!(screen.text.contains("--wide shows"), "{}", screen.text);
}

#[test]
fn retries_show_their_attempt_on_a_terminal_and_nothing_in_a_pipe() {
    // A server that answers every request 503 with `Retry-After: 1`: the retries come a second apart, after the
    // spinner's quiet half second, so the terminal sees "attempt 2" whatever the load (a refused port retries after
    // a random backoff that can end before the spinner draws).
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let server = std::thread::spawn(move || {
        use std::io::{Read, Write};
        for stream in listener.incoming().take(3) {
            let Ok(mut stream) = stream else { break };
            let _ = stream.set_read_timeout(Some(std::time::Duration::from_secs(10)));
            let mut head = Vec::new();
            let mut buffer = [0u8; 1024];
            while !head.windows(4).any(|w| w == b"\r\n\r\n") {
                match stream.read(&mut buffer) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => head.extend_from_slice(&buffer[..n]),
                }
            }
            let _ = stream.write_all(
                b"HTTP/1.1 503 Service Unavailable\r\nRetry-After: 1\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
            );
        }
    });
    let args = |url: &str| {
        [
            "--base-url",
            url,
            "--accesstoken",
            "t",
            "oauth",
            "scopes",
            "list",
        ]
        .map(str::to_owned)
    };
    let terminal_args = args(&url);
    let terminal_args: Vec<&str> = terminal_args.iter().map(String::as_str).collect();
    let screen = pty::run(genesys(&terminal_args), 80, None);
    assert_ne!(screen.code, Some(0), "{screen:#?}");
    assert!(screen.raw.contains("attempt 2"), "{}", screen.raw);
    server.join().unwrap();

    // Piped, against a port nobody listens on: the error names the request and the cause, and no spinner.
    let port = {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let refused = format!("http://127.0.0.1:{port}");
    let piped = Genesys::new().args(args(&refused)).run();
    let line = piped.error(3);
    assert!(
        !piped.stderr.contains('\x1b') && !piped.stderr.contains("attempt 2,"),
        "{piped:#?}"
    );
    assert!(line.contains("connection refused"), "{line}");
    assert!(
        line.contains(&format!("GET {refused}/api/v2/oauth/scopes")),
        "{line}"
    );
}
