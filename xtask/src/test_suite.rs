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

/// Every test: the doctests first, then nextest when installed (it does not run doctests), else cargo test,
/// so that the last summary printed is the one over all the other tests.
pub(crate) fn run() -> Result<(), String> {
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
