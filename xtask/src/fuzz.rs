//! `cargo xtask fuzz [--seconds N] [--seed S] [--target NAME]... [--save-new N] [--release]`: builds and runs the
//! stable-toolchain fuzzer of `genesys-cloud-tests`, which prints `metric fuzz_cases N count` and a summary.
//!
//! It runs a debug build by default: overflow checks and debug assertions are worth more to a fuzzer than raw
//! speed, and CI's test build has already compiled everything it needs. `--release` trades them for speed.

use crate::args::pass_through;
use crate::cargo::tests_binary;

/// Flags passed through to the fuzz binary, each with a value.
const PASSED: &[&str] = &["--seconds", "--seed", "--target", "--save-new", "--max-len"];

pub(crate) fn run(args: &[String]) -> Result<(), String> {
    let (release, passed) = pass_through("fuzz", args, "--release", PASSED)?;
    tests_binary("fuzz", release, &passed)
}

/// The short run of `cargo xtask ci`.
///
/// Its seed is fixed, so that CI gives the same verdict on the same commit; `cargo xtask fuzz` without `--seed`
/// explores a new sequence each time.
pub(crate) fn ci() -> Result<(), String> {
    run(&["--seconds", "20", "--seed", "20261127"].map(str::to_owned))
}
