//! Running cargo: the toolchain that invoked xtask, timed steps, and the binaries of genesys-cloud-tests.

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

/// `cargo` with `args`.
pub(crate) fn cargo_with(args: &[&str]) -> Command {
    let mut command = cargo();
    command.args(args);
    command
}

/// Builds a binary of the genesys-cloud-tests package, then runs it with `args`. The build is its own step, so
/// that its time is not mistaken for the run's.
pub(crate) fn tests_binary(name: &str, release: bool, args: &[String]) -> Result<(), String> {
    let profile: &[&str] = if release { &["--release"] } else { &[] };
    let target = ["--quiet", "-p", "genesys-cloud-tests", "--bin", name];
    let mut build = cargo();
    build.arg("build").args(target).args(profile);
    step(
        &format!("cargo build -p genesys-cloud-tests --bin {name}"),
        build,
    )?;
    let mut run = cargo();
    run.arg("run")
        .args(target)
        .args(profile)
        .arg("--")
        .args(args);
    step(name, run)
}
