//! `cargo xtask soak [--ops N] [--concurrency C] [--fault-rate R] [--seed S] [--debug]`: builds the fault soak of
//! `genesys-cloud-tests` in release mode (`--debug` for a debug build) and runs it against an in-process
//! emulator. It prints `metric soak_* VALUE UNIT` lines and fails when anything was lost or duplicated.

use crate::run::{cargo, step};

/// Flags passed through to the soak binary, each with a value.
const PASSED: &[&str] = &[
    "--ops",
    "--concurrency",
    "--fault-rate",
    "--seed",
    "--retry-after",
    "--slow-ms",
    "--sabotage",
];

pub(crate) fn run(args: &[String]) -> Result<(), String> {
    let mut release = true;
    let mut passed = Vec::new();
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--debug" => release = false,
            flag if PASSED.contains(&flag) => {
                let value = args.next().ok_or_else(|| format!("{flag} needs a value"))?;
                passed.extend([arg.clone(), value.clone()]);
            }
            other => return Err(format!("unknown soak argument `{other}`")),
        }
    }
    let profile: &[&str] = if release { &["--release"] } else { &[] };
    // Built first as its own step, so that the build's time is not mistaken for the soak's.
    let mut build = cargo();
    build
        .args([
            "build",
            "--quiet",
            "-p",
            "genesys-cloud-tests",
            "--bin",
            "soak",
        ])
        .args(profile);
    step("cargo build -p genesys-cloud-tests --bin soak", build)?;
    let mut soak = cargo();
    soak.args([
        "run",
        "--quiet",
        "-p",
        "genesys-cloud-tests",
        "--bin",
        "soak",
    ])
    .args(profile)
    .arg("--")
    .args(&passed);
    step("soak", soak)
}

/// The short run of `cargo xtask ci`: a debug build, which the test build has mostly compiled already.
pub(crate) fn ci() -> Result<(), String> {
    let args = [
        "--ops",
        "1500",
        "--concurrency",
        "16",
        "--fault-rate",
        "0.05",
        "--debug",
    ];
    run(&args.map(str::to_owned))
}
