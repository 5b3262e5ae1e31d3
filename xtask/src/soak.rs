//! `cargo xtask soak [--ops N] [--concurrency C] [--fault-rate R] [--seed S] [--debug]`: builds the fault soak of
//! `genesys-cloud-tests` in release mode (`--debug` for a debug build) and runs it against an in-process
//! emulator. It prints `metric soak_* VALUE UNIT` lines and fails when anything was lost or duplicated.

use crate::args::pass_through;
use crate::cargo::tests_binary;

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
    let (debug, passed) = pass_through("soak", args, "--debug", PASSED)?;
    tests_binary("soak", !debug, &passed)
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
