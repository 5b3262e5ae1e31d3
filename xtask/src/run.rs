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
    fmt_check()?;
    clippy_and_doc()
}

/// `cargo fmt --check`: the cheapest check, run first.
fn fmt_check() -> Result<(), String> {
    step(
        "cargo fmt --check",
        cargo_with(&["fmt", "--all", "--check"]),
    )
}

/// Clippy on every target and feature, and rustdoc, with warnings denied.
fn clippy_and_doc() -> Result<(), String> {
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

/// Splits a command's arguments into its profile switch (`switch`, which flips the default) and the flags passed
/// through to the binary, each with its value; anything else is an error naming `command`.
pub(crate) fn pass_through(
    command: &str,
    args: &[String],
    switch: &str,
    passed: &[&str],
) -> Result<(bool, Vec<String>), String> {
    let mut switched = false;
    let mut through = Vec::new();
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            flag if flag == switch => switched = true,
            flag if passed.contains(&flag) => {
                let value = args.next().ok_or_else(|| format!("{flag} needs a value"))?;
                through.extend([arg.clone(), value.clone()]);
            }
            other => return Err(format!("unknown {command} argument `{other}`")),
        }
    }
    Ok((switched, through))
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

/// What CI runs: the cheap checks first, so a mistake fails in seconds rather than after the build. Formatting
/// is checked once, before deps-check, and not again by the lint step.
pub(crate) fn ci() -> Result<(), String> {
    let started = Instant::now();
    fmt_check()?;
    crate::deps_check::run()?;
    clippy_and_doc()?;
    features()?;
    test()?;
    // Short runs of the fuzzer and the fault soak, in debug builds whose dependencies the tests compiled.
    crate::fuzz::ci()?;
    crate::soak::ci()?;
    eprintln!("ci passed in {:.0}s", started.elapsed().as_secs_f64());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::pass_through;

    fn strings(args: &[&str]) -> Vec<String> {
        args.iter().map(|arg| (*arg).to_owned()).collect()
    }

    #[test]
    fn pass_through_splits_the_switch_from_the_passed_flags() {
        let args = strings(&["--ops", "10", "--debug", "--seed", "7"]);
        let (switched, passed) =
            pass_through("soak", &args, "--debug", &["--ops", "--seed"]).unwrap();
        assert!(switched);
        assert_eq!(passed, strings(&["--ops", "10", "--seed", "7"]));
        assert!(pass_through("soak", &strings(&["--ops"]), "--debug", &["--ops"]).is_err());
        let error = pass_through("fuzz", &strings(&["--nope"]), "--release", &[]).unwrap_err();
        assert_eq!(error, "unknown fuzz argument `--nope`");
    }
}
