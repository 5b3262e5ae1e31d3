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
    "--rate-limit-per-minute",
    "--rate-window-ms",
    "--sabotage",
];

pub(crate) fn run(args: &[String]) -> Result<(), String> {
    let (debug, passed) = pass_through("soak", args, "--debug", PASSED)?;
    tests_binary("soak", !debug, &passed)
}

/// The short runs of `cargo xtask ci`, in a debug build, which the test build has mostly compiled already: one
/// under faults, and one under a rate limit (200 requests per two-second window, so that its 429s are met and
/// waited out within seconds rather than minutes).
pub(crate) fn ci() -> Result<(), String> {
    let faults = [
        "--ops",
        "1500",
        "--concurrency",
        "16",
        "--fault-rate",
        "0.05",
        "--debug",
    ];
    run(&faults.map(str::to_owned))?;
    let rate_limited = [
        "--ops",
        "300",
        "--concurrency",
        "16",
        "--fault-rate",
        "0",
        "--rate-limit-per-minute",
        "200",
        "--rate-window-ms",
        "2000",
        "--debug",
    ];
    run(&rate_limited.map(str::to_owned))
}
