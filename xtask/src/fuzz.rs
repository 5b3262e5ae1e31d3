//! `cargo xtask fuzz [--seconds N] [--seed S] [--target NAME]... [--save-new N] [--release]`: builds and runs the
//! stable-toolchain fuzzer of `genesys-cloud-tests`, which prints `metric fuzz_cases N count` and a summary.
//!
//! It runs a debug build by default: overflow checks and debug assertions are worth more to a fuzzer than raw
//! speed, and CI's test build has already compiled everything it needs. `--release` trades them for speed.

use crate::run::{cargo, step};

/// Flags passed through to the fuzz binary, each with a value.
const PASSED: &[&str] = &["--seconds", "--seed", "--target", "--save-new", "--max-len"];

pub(crate) fn run(args: &[String]) -> Result<(), String> {
    let mut release = false;
    let mut passed = Vec::new();
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--release" => release = true,
            flag if PASSED.contains(&flag) => {
                let value = args.next().ok_or_else(|| format!("{flag} needs a value"))?;
                passed.extend([arg.clone(), value.clone()]);
            }
            other => return Err(format!("unknown fuzz argument `{other}`")),
        }
    }
    let profile: &[&str] = if release { &["--release"] } else { &[] };
    let mut build = cargo();
    build
        .args([
            "build",
            "--quiet",
            "-p",
            "genesys-cloud-tests",
            "--bin",
            "fuzz",
        ])
        .args(profile);
    step("cargo build -p genesys-cloud-tests --bin fuzz", build)?;
    let mut fuzz = cargo();
    fuzz.args([
        "run",
        "--quiet",
        "-p",
        "genesys-cloud-tests",
        "--bin",
        "fuzz",
    ])
    .args(profile)
    .arg("--")
    .args(&passed);
    step("fuzz", fuzz)
}

/// The short run of `cargo xtask ci`.
pub(crate) fn ci() -> Result<(), String> {
    run(&["--seconds".to_owned(), "20".to_owned()])
}
