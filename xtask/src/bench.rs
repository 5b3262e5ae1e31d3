//! `cargo xtask bench [--quick]`: builds the benchmarks in release mode and runs them, streaming their
//! `metric NAME VALUE UNIT` lines (stdout) and their summary (stderr). `cargo xtask bench --build` measures
//! cold build times instead (see `build_bench.rs`).

use crate::cargo::{cargo, step};

/// Builds and runs the `genesys-cloud-bench` binary; `--quick` (and `--only GROUP`) are passed through.
pub(crate) fn run(args: &[String]) -> Result<(), String> {
    if args.iter().any(|arg| arg == "--build") {
        if args.len() > 1 {
            return Err("--build takes no other argument".to_owned());
        }
        return crate::build_bench::run();
    }
    let mut passed = Vec::new();
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--quick" => passed.push(arg.clone()),
            "--only" => {
                let group = args
                    .next()
                    .ok_or("--only needs a group: http, paginate, micro, listing or oneshot")?;
                passed.extend([arg.clone(), group.clone()]);
            }
            other => return Err(format!("unknown bench argument `{other}`")),
        }
    }
    // Built first as its own step, so that the build's time is not mistaken for the benchmark's. The `genesys`
    // binary is the one-shot benchmark's subject; it is found next to the benchmark's own binary.
    let mut build = cargo();
    build.args([
        "build",
        "--release",
        "--quiet",
        "-p",
        "genesys-cloud-bench",
        "-p",
        "genesys-cloud-cli",
    ]);
    step(
        "cargo build --release -p genesys-cloud-bench -p genesys-cloud-cli",
        build,
    )?;
    let mut bench = cargo();
    bench
        .args([
            "run",
            "--release",
            "--quiet",
            "-p",
            "genesys-cloud-bench",
            "--",
        ])
        .args(&passed);
    step("genesys-cloud-bench", bench)
}
