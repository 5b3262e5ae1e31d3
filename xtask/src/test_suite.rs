//! `cargo xtask test`: every test and doctest of the workspace.

use crate::cargo::{cargo_with, step};

fn nextest_installed() -> bool {
    cargo_with(&["nextest", "--version"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .map(|status| status.success())
        .unwrap_or(false)
}

/// How to install what the browser test of the login pages needs (crates/genesys-cloud-cli/tests/browser_login.rs).
const BROWSER_INSTALL: &str = "apt-get install -y chromium chromium-driver";

/// Whether one of `names` is an executable file on `PATH`.
fn on_path(names: &[&str]) -> bool {
    std::env::var_os("PATH").is_some_and(|path| {
        std::env::split_paths(&path).any(|dir| names.iter().any(|name| dir.join(name).is_file()))
    })
}

/// The loud line that says the browser test will skip itself (it fails instead under `CI=true`); `None` when
/// chromium and chromedriver are both there.
fn browser_skip_notice() -> Option<String> {
    let ready =
        on_path(&["chromedriver"]) && on_path(&["chromium", "chromium-browser", "google-chrome"]);
    (!ready).then(|| {
        format!(
            "!!! browser test skipped: chromium and chromedriver are not both on PATH; install with: {BROWSER_INSTALL}"
        )
    })
}

/// Every test: the doctests first, then nextest when installed (it does not run doctests), else cargo test,
/// so that the last summary printed is the one over all the other tests.
pub(crate) fn run() -> Result<(), String> {
    let notice = browser_skip_notice();
    if let Some(notice) = &notice {
        eprintln!("{notice}");
    }
    let outcome = run_all();
    // Said again after the test output, where it cannot scroll out of sight.
    if let Some(notice) = &notice {
        eprintln!("{notice}");
    }
    outcome
}

fn run_all() -> Result<(), String> {
    step(
        "cargo test --doc",
        cargo_with(&["test", "--workspace", "--all-features", "--doc", "--quiet"]),
    )?;
    if nextest_installed() {
        step(
            "cargo nextest run",
            cargo_with(&[
                "nextest",
                "run",
                "--workspace",
                "--all-features",
                "--no-fail-fast",
            ]),
        )?;
    } else {
        eprintln!("cargo-nextest is not installed: using cargo test");
        step(
            "cargo test",
            cargo_with(&[
                "test",
                "--workspace",
                "--all-features",
                "--lib",
                "--bins",
                "--tests",
                "--examples",
            ]),
        )?;
    }
    Ok(())
}
