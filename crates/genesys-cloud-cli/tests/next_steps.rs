//! Errors and results that say what is going on and what to do next: a usage result still running, Ctrl-C
//! during a wait, ids given in the wrong order, a broken config file.

mod common;
#[path = "common/pty.rs"]
mod pty;

use std::process::Command;

use common::{ADMIN_ID, ADMIN_SECRET, Emulator, Genesys, temp_dir};

/// Submits a usage query of the admin client to `emulator` and returns its execution id.
fn submit(emulator: &Emulator) -> String {
    let created = emulator
        .genesys()
        .args(["oauth", "clients", "usage", "query", "create", ADMIN_ID])
        .args(["--interval", "1d"])
        .run();
    created.json()["executionId"]
        .as_str()
        .expect("an execution id")
        .to_owned()
}

#[test]
fn a_result_still_running_says_so_and_how_to_ask_again() {
    let emulator = Emulator::start(&["--usage-delay-ms", "60000"]);
    let execution = submit(&emulator);
    let output = emulator
        .genesys()
        .args(["oauth", "clients", "usage", "query", "results", "get"])
        .args([execution.as_str(), ADMIN_ID, "-o", "table"])
        .run();
    let text = output.ok();
    assert!(text.contains("query status: Running"), "{text}");
    assert!(text.contains("still running"), "{text}");
    assert!(!text.contains("no requests in this interval"), "{text}");
    assert!(
        text.contains(&format!(
            "genesys oauth clients usage query results get {execution} {ADMIN_ID}"
        )),
        "{text}"
    );
}

#[test]
fn swapped_ids_hint_at_the_argument_order() {
    let emulator = Emulator::start(&[]);
    let execution = submit(&emulator);
    let swapped = emulator
        .genesys()
        .args(["oauth", "clients", "usage", "query", "results", "get"])
        .args([ADMIN_ID, execution.as_str()])
        .run();
    let line = swapped.error(1);
    assert!(
        line.contains(&format!(
            "{ADMIN_ID} is a client id; the order is EXECUTION_ID CLIENT_ID: genesys oauth clients usage query \
             results get {execution} {ADMIN_ID}"
        )),
        "{line}"
    );
    // Two unknown ids are just unknown.
    let unknown = emulator
        .genesys()
        .args([
            "oauth", "clients", "usage", "query", "results", "get", "x1", "x2",
        ])
        .run();
    assert!(!unknown.error(1).contains("the order is"), "{unknown:#?}");
}

#[test]
fn ctrl_c_while_waiting_for_rows_prints_the_command_that_fetches_them() {
    let emulator = Emulator::start(&["--usage-delay-ms", "60000"]);
    let mut command = Command::new(env!("CARGO_BIN_EXE_genesys"));
    command
        .env_clear()
        .env("HOME", temp_dir("ctrl-c-home"))
        .env("GENESYSCLOUD_BASE_URL", &emulator.base_url)
        .env("GENESYSCLOUD_OAUTHCLIENT_ID", ADMIN_ID)
        .env("GENESYSCLOUD_OAUTHCLIENT_SECRET", ADMIN_SECRET)
        .args(["oauth", "clients", "usage", "query", "run", ADMIN_ID])
        .args(["--interval", "1d"]);
    // The spinner shows once the wait (and its Ctrl-C handler) has started.
    let screen = pty::run(command, 120, Some("waiting for usage query"));
    assert_eq!(screen.code, Some(130), "{screen:#?}");
    let line = screen
        .text
        .lines()
        .find(|line| line.starts_with("error: interrupted"))
        .unwrap_or_else(|| panic!("{}", screen.raw));
    assert!(
        line.contains("goes on running on the server")
            && line.contains("genesys oauth clients usage query results get ")
            && line.ends_with(&format!(" {ADMIN_ID}")),
        "{line}"
    );
}

#[test]
fn a_broken_config_file_shows_its_line_breaks() {
    let home = temp_dir("broken-config");
    std::fs::create_dir_all(home.join(".gc")).unwrap();
    std::fs::write(home.join(".gc/config.toml"), "[DEFAULT\nnot toml").unwrap();
    let output = Genesys::new()
        .home(&home)
        .args(["-p", "DEFAULT", "oauth", "scopes", "list"])
        .run();
    assert_eq!(output.code, Some(3), "{output:#?}");
    assert!(output.stderr.starts_with("error: "), "{output:#?}");
    assert!(
        output.stderr.contains("is not valid TOML at line 1"),
        "{output:#?}"
    );
    assert!(!output.stderr.contains("\\n"), "{output:#?}");
    assert!(output.stderr.trim_end().lines().count() >= 2, "{output:#?}");
}
