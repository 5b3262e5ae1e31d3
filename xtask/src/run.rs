//! Running cargo and the composite commands built on it.

use std::path::PathBuf;
use std::process::Command;
use std::time::Instant;

/// The cargo that invoked us, so the same toolchain is used throughout.
pub(crate) fn cargo() -> Command {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut command = Command::new(cargo);
    command.current_dir(workspace_root());
    command
}

/// The workspace root: the parent of this crate's directory.
pub(crate) fn workspace_root() -> PathBuf {
    let manifest_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest_dir
        .parent()
        .map(PathBuf::from)
        .unwrap_or(manifest_dir)
}

/// Runs a command to completion, failing with its description when it does not succeed.
pub(crate) fn step(description: &str, mut command: Command) -> Result<(), String> {
    eprintln!("==> {description}");
    let started = Instant::now();
    let status = command
        .status()
        .map_err(|error| format!("{description}: could not start: {error}"))?;
    eprintln!("    {description}: {:.1}s", started.elapsed().as_secs_f64());
    if status.success() {
        Ok(())
    } else {
        Err(format!("{description} failed ({status})"))
    }
}

fn cargo_with(args: &[&str]) -> Command {
    let mut command = cargo();
    command.args(args);
    command
}

/// Formatting, clippy on every target and feature, and rustdoc, all with warnings denied.
pub(crate) fn lint() -> Result<(), String> {
    step(
        "cargo fmt --check",
        cargo_with(&["fmt", "--all", "--check"]),
    )?;
    step(
        "cargo clippy",
        cargo_with(&[
            "clippy",
            "--workspace",
            "--all-targets",
            "--all-features",
            "--quiet",
            "--",
            "-D",
            "warnings",
        ]),
    )?;
    let mut doc = cargo_with(&[
        "doc",
        "--workspace",
        "--no-deps",
        "--all-features",
        "--quiet",
    ]);
    doc.env("RUSTDOCFLAGS", "-D warnings");
    step("cargo doc", doc)
}

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
pub(crate) fn test() -> Result<(), String> {
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

/// What CI runs: the cheap checks first, so a mistake fails in seconds rather than after the build.
/// The feature combinations `--all-features` does not build: the executor with ring and webpki roots only, and
/// with no TLS provider at all (it must then build and use the process default).
pub(crate) fn features() -> Result<(), String> {
    for features in [
        &["--no-default-features", "--features", "ring,webpki-roots"][..],
        &["--no-default-features"][..],
    ] {
        let mut args = vec!["check", "--quiet", "--package", "genesys-cloud"];
        args.extend_from_slice(features);
        step(
            &format!("cargo check -p genesys-cloud {}", features.join(" ")),
            cargo_with(&args),
        )?;
    }
    step(
        "cargo check -p genesys-cloud-models --no-default-features",
        cargo_with(&[
            "check",
            "--quiet",
            "--package",
            "genesys-cloud-models",
            "--no-default-features",
        ]),
    )
}

pub(crate) fn ci() -> Result<(), String> {
    let started = Instant::now();
    step(
        "cargo fmt --check",
        cargo_with(&["fmt", "--all", "--check"]),
    )?;
    crate::deps_check::run()?;
    lint()?;
    features()?;
    test()?;
    // Short runs of the fuzzer and the fault soak, in debug builds whose dependencies the tests compiled.
    crate::fuzz::ci()?;
    crate::soak::ci()?;
    eprintln!("ci passed in {:.0}s", started.elapsed().as_secs_f64());
    Ok(())
}
